/**
 * Conformance: every texture in ../shared/fixtures/textures, whole and from
 * the byte prefix of each discard level, decoded at discard 0-4 and compared
 * with opj_decompress on the same bytes (PSNR >= 45 dB whole, >= 40 dB prefix).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describeWhenAvailable, describeWithShared, sharedPath } from '@slv/testing';
import { beforeAll, expect, it } from 'vitest';
import { readCodestreamHeader } from '../codestream/codestream-header.ts';
import { discardLevels } from '../discard/discard-levels.ts';
import { installOpenJpegFromNodeModules } from '../node.ts';
import { indexPackets } from '../packets/packet-index.ts';
import { decodeTexture } from './decode-texture.ts';
import { opjDecode, opjDecompressMissing, psnrAgainstPlanar } from './opj-reference.test-support.ts';

const TEXTURES = 'fixtures/textures';
const WHOLE_MIN_DB = 45;
const PREFIX_MIN_DB = 40;
const DISCARDS = [0, 1, 2, 3, 4];
/** Against opj_decompress's decode of a cut packet's first bytes, which this decoder drops. */
const CUT_INSIDE_PACKET_MIN_DB = 20;

beforeAll(() => installOpenJpegFromNodeModules());

describeWithShared('decodeTexture on the shared textures', [TEXTURES], () => {
  describeWhenAvailable('against opj_decompress', opjDecompressMissing(), () => {
    const files = readdirSync(sharedPath(TEXTURES)).filter((f) => /\.(j2c|jp2)$/.test(f)).sort();

    it('finds the textures', () => expect(files.length).toBeGreaterThanOrEqual(10));

    for (const file of files) {
      it(`${file}: whole and prefix decodes match OpenJPEG at discard 0-4`, async () => {
        const bytes = new Uint8Array(readFileSync(sharedPath(`${TEXTURES}/${file}`)));
        const extension = file.endsWith('.jp2') ? 'jp2' : 'j2c';
        const header = readCodestreamHeader(bytes);
        const levels = discardLevels(header, indexPackets(header, bytes), bytes.length);
        const report: string[] = [];
        for (const discard of DISCARDS) {
          const whole = await decodeTexture(bytes, { discard });
          expect(whole.complete).toBe(true);
          expect([whole.width, whole.height]).toEqual([levels[discard]!.width, levels[discard]!.height]);
          const wholeDb = psnrAgainstPlanar(whole.pixels, opjDecode(bytes, extension, discard, false), whole.components);
          expect(wholeDb, `${file} whole at discard ${discard}`).toBeGreaterThanOrEqual(WHOLE_MIN_DB);

          const prefix = bytes.subarray(0, levels[discard]!.bytes);
          const partial = await decodeTexture(prefix, { discard });
          expect(partial.bytesUsed).toBeLessThanOrEqual(prefix.length);
          const prefixDb = psnrAgainstPlanar(partial.pixels, opjDecode(prefix, extension, discard, true), partial.components);
          expect(prefixDb, `${file} ${prefix.length}-byte prefix at discard ${discard}`).toBeGreaterThanOrEqual(PREFIX_MIN_DB);
          report.push(`d${discard} whole ${wholeDb.toFixed(1)} dB, prefix ${prefix.length} B ${prefixDb.toFixed(1)} dB`);
        }
        console.info(`${file} ${header.width}x${header.height}x${header.components.length}: ${report.join('; ')}`);
      }, 120_000);

      // A cut inside a packet: the decoder uses the whole packets before it (bit-exact with OpenJPEG on
      // those bytes); opj_decompress -allow-partial also decodes the cut packet's first bytes, so against
      // it the PSNR is lower where that packet is large (reported, and bounded below as a sanity check).
      it(`${file}: cuts inside packets (10 % and 35 % of the file) decode their whole packets`, async () => {
        const bytes = new Uint8Array(readFileSync(sharedPath(`${TEXTURES}/${file}`)));
        const extension = file.endsWith('.jp2') ? 'jp2' : 'j2c';
        const report: string[] = [];
        for (const fraction of [0.1, 0.35]) {
          const cut = bytes.subarray(0, Math.max(Math.round(bytes.length * fraction), readCodestreamHeader(bytes).tileParts[0]!.bodyStart + 64));
          if (cut.length >= bytes.length) continue;
          for (const discard of [0, 2]) {
            const partial = await decodeTexture(cut, { discard });
            const wholePackets = bytes.subarray(0, partial.bytesUsed);
            const exact = psnrAgainstPlanar(partial.pixels, opjDecode(wholePackets, extension, discard, true), partial.components);
            expect(exact, `${file} cut at ${cut.length} bytes, discard ${discard}, its ${partial.bytesUsed} bytes of whole packets`).toBeGreaterThanOrEqual(PREFIX_MIN_DB);
            const db = psnrAgainstPlanar(partial.pixels, opjDecode(cut, extension, discard, true), partial.components);
            expect(db, `${file} cut at ${cut.length} bytes, discard ${discard}`).toBeGreaterThanOrEqual(CUT_INSIDE_PACKET_MIN_DB);
            report.push(`${cut.length} B (whole packets ${partial.bytesUsed} B) d${discard} ${exact.toFixed(1)} dB / partial ${db.toFixed(1)} dB`);
          }
        }
        console.info(`${file} cuts: ${report.join('; ')}`);
      }, 120_000);
    }
  });
});
