/**
 * The reference the decoder is judged against: OpenJPEG's own command-line
 * decoder (`opj_decompress`, Debian's libopenjp2-tools), run on the same
 * bytes, and PSNR between its planar output and our interleaved pixels.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const OPJ_DECOMPRESS = process.env.SLV_OPJ_DECOMPRESS ?? 'opj_decompress';

/** Null when opj_decompress runs, else why it does not. */
export function opjDecompressMissing(): string | null {
  const probe = spawnSync(OPJ_DECOMPRESS, ['-h'], { encoding: 'utf8' });
  if (probe.error !== undefined) return `${OPJ_DECOMPRESS} not found (apt-get install libopenjp2-tools)`;
  return `${probe.stdout}${probe.stderr}`.includes('-allow-partial') ? null : `${OPJ_DECOMPRESS} has no -allow-partial (OpenJPEG >= 2.5 needed)`;
}

/** Decodes `bytes` with opj_decompress at reduce `discard`; returns planar 8-bit samples. */
export function opjDecode(bytes: Uint8Array, extension: 'j2c' | 'jp2', discard: number, partial: boolean): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'slv-opj-'));
  try {
    const input = join(dir, `in.${extension}`);
    const output = join(dir, 'out.raw');
    writeFileSync(input, bytes);
    const args = ['-i', input, '-o', output, '-r', String(discard), '-quiet', ...(partial ? ['-allow-partial'] : [])];
    execFileSync(OPJ_DECOMPRESS, args, { stdio: 'pipe', timeout: 30_000 });
    return new Uint8Array(readFileSync(output));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** PSNR in dB of interleaved `pixels` against planar `reference` (Infinity when identical). */
export function psnrAgainstPlanar(pixels: Uint8Array, reference: Uint8Array, components: number): number {
  if (pixels.length !== reference.length) throw new Error(`sizes differ: ${pixels.length} vs ${reference.length}`);
  const plane = pixels.length / components;
  let squared = 0;
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < components; c++) {
      const d = pixels[i * components + c]! - reference[c * plane + i]!;
      squared += d * d;
    }
  }
  if (squared === 0) return Number.POSITIVE_INFINITY;
  return 10 * Math.log10((255 * 255) / (squared / pixels.length));
}

/** Null when opj_compress runs (same Debian package), else why it does not. */
export function opjCompressMissing(): string | null {
  const probe = spawnSync('opj_compress', ['-h'], { encoding: 'utf8' });
  return probe.error === undefined ? null : 'opj_compress not found (apt-get install libopenjp2-tools)';
}

/** A smooth test image with some detail: planar 8-bit samples, `components` planes. */
export function testImagePlanar(width: number, height: number, components: number): Uint8Array {
  const out = new Uint8Array(width * height * components);
  for (let c = 0; c < components; c++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const wave = Math.sin((x + c * 7) / 9) * Math.cos((y - c * 5) / 13);
        out[c * width * height + y * width + x] = Math.round(127 + 100 * wave + ((x * y + c * 31) % 17));
      }
    }
  }
  return out;
}

/** Encodes planar samples with opj_compress and the given options (progression, precincts, modes…). */
export function opjEncode(planar: Uint8Array, width: number, height: number, components: number, options: readonly string[]): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'slv-opj-'));
  try {
    const input = join(dir, 'in.raw');
    const output = join(dir, 'out.j2k');
    writeFileSync(input, planar);
    execFileSync('opj_compress', ['-i', input, '-o', output, '-F', `${width},${height},${components},8,u`, ...options], { stdio: 'pipe', timeout: 30_000 });
    return new Uint8Array(readFileSync(output));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
