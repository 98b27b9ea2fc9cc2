/**
 * `slv texture`: JSON output, PNG written and read back by an independent
 * reader (libpng inside opj_compress, then opj_decompress), the prefix
 * options, and every refusal naming its flag and value.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeTexture } from '@slv/assets';
import { installOpenJpegFromNodeModules } from '@slv/assets/node';
import { describeWhenAvailable, describeWithShared, sharedPath } from '@slv/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { runTexture } from './texture.ts';

const RGBA_TEXTURE = 'fixtures/textures/0187babf-6c0d-5891-ebed-4ecab1426683.j2c';
const RGB_TEXTURE = 'fixtures/textures/822ded49-9a6c-f61c-cb89-6df54f42cdf4.j2c';
const dir = mkdtempSync(join(tmpdir(), 'slv-texture-'));

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runTexture(args, (l) => out.push(l), (l) => err.push(l));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(() => installOpenJpegFromNodeModules());

describe('slv texture: usage and refusals', () => {
  it('--help prints the usage and exits 0', async () => {
    const { code, out } = await run('--help');
    expect(code).toBe(0);
    expect(out).toMatch(/usage: slv texture FILE \[--discard N \| --bytes K\] \[--out FILE.png\] \[--json\]/);
  });

  it('names the flag and the value in every usage error (exit 2)', async () => {
    const file = join(dir, 'any.j2c');
    writeFileSync(file, Uint8Array.of(0xff, 0x4f, 0xff, 0x51));
    const cases: [string[], RegExp][] = [
      [[], /needs a FILE/],
      [[file, file], /takes one FILE, got 2/],
      [[file, '--discard', 'abc'], /--discard "abc": expected an integer 0..5/],
      [[file, '--discard', '9'], /--discard "9": expected an integer 0..5/],
      [[file, '--bytes', '0'], /--bytes "0": expected an integer 1../],
      [[file, '--bytes', '12k'], /--bytes "12k"/],
      [[file, '--discard', '1', '--bytes', '100'], /use --discard N or --bytes K, not both/],
      [[file, '--frobnicate'], /Unknown option '--frobnicate'/],
    ];
    for (const [args, message] of cases) {
      const result = await run(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.err, args.join(' ')).toMatch(message);
    }
  });

  it('files that are not JPEG2000, or missing, fail with exit 1 and the reason', async () => {
    const png = join(dir, 'image.png');
    writeFileSync(png, Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13));
    const html = join(dir, 'page.j2c');
    writeFileSync(html, '<!DOCTYPE html><html><body>Not found</body></html>');
    const empty = join(dir, 'empty.j2c');
    writeFileSync(empty, '');
    expect(await run(png)).toMatchObject({ code: 1, err: expect.stringMatching(/image\.png: not a JPEG2000 codestream: the data is a PNG image/) });
    expect(await run(html)).toMatchObject({ code: 1, err: expect.stringMatching(/page\.j2c: not a JPEG2000 codestream: the data is an HTML page/) });
    expect(await run(empty)).toMatchObject({ code: 1, err: expect.stringMatching(/the data is empty/) });
    expect(await run(join(dir, 'missing.j2c'))).toMatchObject({ code: 1, err: expect.stringMatching(/missing\.j2c: ENOENT/) });
  });
});

describeWithShared('slv texture on real textures', [RGBA_TEXTURE, RGB_TEXTURE], () => {
  it('--json prints the size, components, discard and bytes of a whole decode', async () => {
    const { code, out } = await run(sharedPath(RGBA_TEXTURE), '--json');
    expect(code).toBe(0);
    const json = JSON.parse(out) as Record<string, number>;
    expect(Object.keys(json)).toEqual(['width', 'height', 'components', 'discard', 'bytesRead', 'bytesTotal', 'ms']);
    expect(json).toMatchObject({ width: 512, height: 512, components: 4, discard: 0, bytesRead: 130977, bytesTotal: 130977 });
    expect(json.ms).toBeGreaterThan(0);
  });

  it('--discard N reads only the prefix that discard needs; --bytes K reads K bytes', async () => {
    const discard = JSON.parse((await run(sharedPath(RGBA_TEXTURE), '--discard', '2', '--json')).out) as Record<string, number>;
    expect(discard).toMatchObject({ width: 128, height: 128, components: 4, discard: 2, bytesRead: 7994, bytesTotal: 130977 });
    const bytes = JSON.parse((await run(sharedPath(RGBA_TEXTURE), '--bytes', '20000', '--json')).out) as Record<string, number>;
    expect(bytes).toMatchObject({ width: 512, height: 512, discard: 0, bytesRead: 20000, bytesTotal: 130977 });
    const tooFew = await run(sharedPath(RGBA_TEXTURE), '--bytes', '100');
    expect(tooFew.code).toBe(1);
    expect(tooFew.err).toMatch(/JPEG2000 codestream at byte 68: marker 0xff5c segment \(35 bytes\) runs past the data/);
    const human = await run(sharedPath(RGB_TEXTURE), '--discard', '1');
    expect(human.out).toMatch(/822ded49.*: 128x128 RGB, discard 1, read \d+ of 23911 bytes/);
  });

  it('--out to a folder that does not exist names the flag and the path', async () => {
    const result = await run(sharedPath(RGB_TEXTURE), '--out', join(dir, 'no', 'such', 'dir', 'x.png'));
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/--out .*x\.png: cannot write: ENOENT/);
  });

  const opjMissing = spawnSync('opj_compress', ['-h']).error === undefined && spawnSync('opj_decompress', ['-h']).error === undefined
    ? null : 'opj_compress / opj_decompress not found (apt-get install libopenjp2-tools)';
  describeWhenAvailable('the PNG read back by libpng (opj_compress) equals the decoded pixels', opjMissing, () => {
    for (const [texture, discard, components] of [[RGBA_TEXTURE, '1', 4], [RGB_TEXTURE, '0', 3]] as const) {
      it(`${texture.split('/').pop()} at discard ${discard}`, async () => {
        const png = join(dir, `out-${components}.png`);
        expect((await run(sharedPath(texture), '--discard', discard, '--out', png)).code).toBe(0);
        // Lossless round trip through libpng's reader: PNG → reversible JPEG2000 → raw planes.
        const j2k = join(dir, `re-${components}.j2k`);
        const raw = join(dir, `re-${components}.raw`);
        execFileSync('opj_compress', ['-i', png, '-o', j2k], { stdio: 'pipe' });
        execFileSync('opj_decompress', ['-i', j2k, '-o', raw, '-quiet'], { stdio: 'pipe' });
        const planes = new Uint8Array(readFileSync(raw));
        const bytes = new Uint8Array(readFileSync(sharedPath(texture)));
        const { levels } = await import('./texture-levels.test-support.ts').then((m) => m.levelsOf(bytes));
        const expected = await decodeTexture(bytes.subarray(0, levels[Number(discard)]!), { discard: Number(discard) });
        expect(planes.length).toBe(expected.pixels.length);
        const plane = planes.length / components;
        for (let i = 0; i < plane; i += 97) {
          for (let c = 0; c < components; c++) expect(planes[c * plane + i]).toBe(expected.pixels[i * components + c]);
        }
      });
    }
  });
});
