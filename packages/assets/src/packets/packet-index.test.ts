/**
 * The packet index read from packet headers must end every packet exactly
 * where the encoder's own PLT lengths say, for every progression order,
 * precinct partition, SOP/EPH markers and code-block modes; a prefix cut at
 * those ends decodes bit-exactly like OpenJPEG decodes the same bytes.
 */
import { describeWhenAvailable, describeWithShared, sharedPath } from '@slv/testing';
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { readCodestreamHeader } from '../codestream/codestream-header.ts';
import { decodeTexture } from '../decode/decode-texture.ts';
import { opjCompressMissing, opjDecode, opjDecompressMissing, opjEncode, psnrAgainstPlanar, testImagePlanar } from '../decode/opj-reference.test-support.ts';
import { discardLevels } from '../discard/discard-levels.ts';
import { prefixCodestream } from '../discard/prefix-codestream.ts';
import { installOpenJpegFromNodeModules } from '../node.ts';
import { indexPackets } from './packet-index.ts';
import type { PacketIndex } from './packet-index.ts';

beforeAll(() => installOpenJpegFromNodeModules());

/** The same codestream with its PLT lengths ignored, so the index must read packet headers. */
function indexFromHeaders(bytes: Uint8Array): PacketIndex {
  const header = readCodestreamHeader(bytes);
  return indexPackets({ ...header, tileParts: header.tileParts.map((t) => ({ ...t, packetLengths: null })) }, bytes);
}

const missingTools = opjCompressMissing() ?? opjDecompressMissing();
describeWhenAvailable('packet index against the encoder\'s PLT lengths', missingTools, () => {
  const variants: [string, string[], number][] = [
    ['LRCP, 3 layers, RGBA', ['-p', 'LRCP', '-r', '40,10,1', '-n', '5'], 4],
    ['RLCP, precincts 64/32, gray', ['-p', 'RLCP', '-r', '20,4', '-c', '[64,64],[32,32]', '-n', '4'], 1],
    ['RPCL, precincts, SOP and EPH, RGB', ['-p', 'RPCL', '-r', '30,5', '-c', '[32,32]', '-SOP', '-EPH', '-n', '5'], 3],
    ['PCRL, precincts 16, gray+alpha', ['-p', 'PCRL', '-r', '10,2', '-c', '[16,16]', '-n', '3'], 2],
    ['CPRL, 32x32 code-blocks, RGBA', ['-p', 'CPRL', '-b', '32,32', '-r', '15,3', '-c', '[64,64]', '-n', '4'], 4],
    ['bypass + termall + reset modes, RGB', ['-p', 'LRCP', '-M', '7', '-r', '25,5,1', '-n', '5'], 3],
    ['odd size with an image offset, RGBA', ['-p', 'RPCL', '-d', '3,5', '-r', '12,2', '-c', '[32,32]', '-n', '4'], 4],
  ];
  for (const [name, options, components] of variants) {
    it(`${name}: header-read packet ends equal PLT`, async () => {
      const [width, height] = name.startsWith('odd') ? [93, 61] : [160, 96];
      const bytes = opjEncode(testImagePlanar(width, height, components), width, height, components, [...options, '-PLT']);
      const header = readCodestreamHeader(bytes);
      const fromLengths = indexPackets(header, bytes);
      expect(fromLengths.source).toBe('packet-lengths');
      const fromHeaders = indexFromHeaders(bytes);
      expect(fromHeaders.source).toBe('packet-headers');
      expect(fromHeaders.found).toBe(fromHeaders.sequence.count);
      expect(Array.from(fromHeaders.ends)).toEqual(Array.from(fromLengths.ends));
      expect(fromHeaders.ends[fromHeaders.found - 1]).toBe(header.tileParts[0]!.end);

      // A cut three bytes into a packet: the rebuilt prefix is a valid codestream that native OpenJPEG
      // decodes in strict mode, to the same pixels as the wasm build.
      const middleIndex = Math.floor(fromHeaders.found / 2);
      const middle = fromHeaders.ends[middleIndex - 1]!;
      const cut = bytes.subarray(0, middle + 3);
      const partial = await decodeTexture(cut, { discard: 1 });
      expect(partial.bytesUsed).toBe(middle);
      const cutIndex = indexPackets(readCodestreamHeader(cut), cut);
      expect(cutIndex.found).toBe(middleIndex);
      const rebuilt = prefixCodestream(cut, readCodestreamHeader(cut), cutIndex, cutIndex.found);
      expect(readCodestreamHeader(rebuilt).complete).toBe(true);
      const reference = opjDecode(rebuilt, 'j2c', 1, false);
      expect(psnrAgainstPlanar(partial.pixels, reference, components)).toBe(Number.POSITIVE_INFINITY);
    }, 60_000);
  }

  it('resolution-progressive streams: the exact prefix of discard d decodes exactly like the whole file at d', async () => {
    const bytes = opjEncode(testImagePlanar(256, 256, 4), 256, 256, 4, ['-p', 'RPCL', '-r', '30,8,2', '-n', '6']);
    const header = readCodestreamHeader(bytes);
    const levels = discardLevels(header, indexPackets(header, bytes), bytes.length);
    for (const level of levels.slice(0, 5)) {
      expect(level.exactBytes).toBe(level.bytes);
      if (level.discard > 0) expect(level.bytes).toBeLessThan(bytes.length / 2 ** level.discard);
      const whole = await decodeTexture(bytes, { discard: level.discard });
      const prefix = await decodeTexture(bytes.subarray(0, level.bytes), { discard: level.discard });
      expect(prefix.complete).toBe(level.bytes === bytes.length);
      expect(Buffer.from(prefix.pixels).equals(Buffer.from(whole.pixels))).toBe(true);
    }
  }, 60_000);
});

describeWithShared('packet index of the shared textures', ['fixtures/textures'], () => {
  it('reads every packet header of every texture, ending exactly at its tile-part end', () => {
    const dir = sharedPath('fixtures/textures');
    for (const file of readdirSync(dir).filter((f) => /\.(j2c|jp2)$/.test(f))) {
      const bytes = new Uint8Array(readFileSync(`${dir}/${file}`));
      const header = readCodestreamHeader(bytes);
      const index = indexPackets(header, bytes);
      expect(index.found, file).toBe(index.sequence.count);
      expect(index.ends[index.found - 1], file).toBe(header.tileParts[0]!.end);
    }
  });
});
