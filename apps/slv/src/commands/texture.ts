/**
 * `slv texture FILE.j2c [--discard N | --bytes K] [--out FILE.png] [--json]`:
 * decodes one JPEG2000 codestream, whole, or the prefix that discard level N
 * needs (as a Second Life viewer would fetch it), or its first K bytes, and
 * writes a PNG with the image's own components.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { decodeTexture, discardLevels, indexPackets, maxDiscardOf, readCodestreamHeader } from '@slv/assets';
import type { PacketIndex } from '@slv/assets';
import { encodePng, installOpenJpegFromNodeModules } from '@slv/assets/node';

export const TEXTURE_USAGE = `usage: slv texture FILE [--discard N | --bytes K] [--out FILE.png] [--json]

  FILE          a JPEG2000 codestream (.j2c, as Second Life serves textures) or a .jp2 file
  --discard N   decode only the prefix that discard level N needs (0 = full size, up to 5),
                at 1/2^N of the size: the SL viewer's byte estimate rounded up to a whole packet,
                or the exact end of the needed resolutions in resolution-progressive streams
  --bytes K     decode the first K bytes (cut back to the last whole packet)
  --out FILE    write the pixels as an 8-bit PNG (gray, gray+alpha, RGB or RGBA, as the image has)
  --json        print {"width","height","components","discard","bytesRead","bytesTotal","ms"}
  --help        this text
`;

/** Larger files are not textures (Second Life's largest, 2048x2048 RGBA, is a few MB). */
const MAX_FILE_BYTES = 64 << 20;

class UsageError extends Error {}

function parseCount(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`${flag} ${JSON.stringify(text)}: expected an integer ${min}..${max}`);
  }
  return Number(text);
}

/** Runs `slv texture` with the arguments after "texture"; returns the exit code (2 usage, 1 failure). */
export async function runTexture(argv: string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  let options;
  try {
    options = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: { discard: { type: 'string' }, bytes: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
    });
  } catch (error) {
    err(`slv texture: ${error instanceof Error ? error.message : String(error)}\n\n${TEXTURE_USAGE}`);
    return 2;
  }
  const { values, positionals } = options;
  if (values.help) {
    out(TEXTURE_USAGE);
    return 0;
  }
  let discardFlag: number | undefined;
  let byteFlag: number | undefined;
  try {
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'needs a FILE' : `takes one FILE, got ${positionals.length}`);
    if (values.discard !== undefined && values.bytes !== undefined) throw new UsageError('use --discard N or --bytes K, not both');
    discardFlag = parseCount('--discard', values.discard, 0, 5);
    byteFlag = parseCount('--bytes', values.bytes, 1, MAX_FILE_BYTES);
    if (values.out !== undefined && values.out.length === 0) throw new UsageError('--out needs a file name');
  } catch (error) {
    err(`slv texture: ${(error as Error).message}\n\n${TEXTURE_USAGE}`);
    return 2;
  }
  const file = positionals[0]!;
  try {
    const size = (await stat(file)).size;
    if (size > MAX_FILE_BYTES) throw new Error(`${size} bytes is more than a texture (${MAX_FILE_BYTES} at most)`);
    const bytes = new Uint8Array(await readFile(file));
    installOpenJpegFromNodeModules();
    const header = readCodestreamHeader(bytes);
    let input = bytes;
    if (discardFlag !== undefined) {
      const max = maxDiscardOf(header);
      if (discardFlag > max) throw new UsageError(`--discard ${discardFlag}: this ${header.width}x${header.height} codestream has discard levels 0..${max}`);
      const levels = discardLevels(header, tryIndexPackets(header, bytes), bytes.length);
      input = bytes.subarray(0, levels[discardFlag]!.bytes);
    } else if (byteFlag !== undefined) {
      input = bytes.subarray(0, byteFlag);
    }
    const started = performance.now();
    const texture = await decodeTexture(input, { discard: discardFlag ?? 0 });
    const ms = Math.round((performance.now() - started) * 10) / 10;
    if (values.out !== undefined) {
      try {
        await writeFile(values.out, encodePng(texture.width, texture.height, texture.components, texture.pixels));
      } catch (error) {
        throw new UsageError(`--out ${values.out}: cannot write: ${(error as Error).message}`);
      }
    }
    const { width, height, components, discard } = texture;
    if (values.json) {
      out(JSON.stringify({ width, height, components, discard, bytesRead: input.length, bytesTotal: bytes.length, ms }));
    } else {
      const kind = ['', 'gray', 'gray+alpha', 'RGB', 'RGBA'][components];
      const packets = texture.complete ? '' : ` (${texture.bytesUsed} in whole packets)`;
      out(`${file}: ${width}x${height} ${kind}, discard ${discard}, read ${input.length} of ${bytes.length} bytes${packets}, ${ms} ms${values.out ? ` → ${values.out}` : ''}`);
    }
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    err(error instanceof UsageError ? `slv texture: ${message}` : `slv texture: ${file}: ${message}`);
    return error instanceof UsageError ? 2 : 1;
  }
}

/** Multi-tile or POC codestreams have no packet index; the discard prefix then falls back to the SL estimate. */
function tryIndexPackets(header: ReturnType<typeof readCodestreamHeader>, bytes: Uint8Array): PacketIndex | null {
  try {
    return indexPackets(header, bytes);
  } catch {
    return null;
  }
}
