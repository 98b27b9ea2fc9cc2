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
    }
  });
});
