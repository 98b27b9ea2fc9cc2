/**
 * The real textures of `../shared/fixtures/textures` (or `$SLV_SHARED_DIR`),
 * read in place: third-party reference data, never copied into the project.
 * Without the folder the decode cases are reported as unavailable, naming
 * the path looked at.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { discardLevels, indexPackets, readCodestreamHeader } from '@slv/assets';
import { locateRepoRoot, locateSharedDir } from '@slv/testing/paths';

export const SHARED_TEXTURES = 'fixtures/textures';

export interface SharedTexture {
  readonly name: string;
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly width: number;
  readonly height: number;
  /** Bytes a discard-2 prefix needs (cut at a packet boundary), or undefined when the texture has no discard 2 short of the whole file. */
  readonly discard2Bytes: number | undefined;
}

export interface SharedTextures {
  readonly dir: string | undefined;
  readonly textures: readonly SharedTexture[];
  /** Why there are none: '' when some were found. */
  readonly unavailable: string;
}

export interface SharedTextureOptions {
  readonly root?: string;
  readonly sharedDir?: string;
}

/** Every `.j2c` / `.jp2` of the shared textures folder, with its size and discard-2 byte count. */
export function loadSharedTextures(options: SharedTextureOptions = {}): SharedTextures {
  const root = locateRepoRoot(options.root);
  const shared = locateSharedDir(root, options.sharedDir);
  if (shared === undefined) {
    return { dir: undefined, textures: [], unavailable: `textures unavailable: no reference folder (set SLV_SHARED_DIR or run inside the repository, ../shared beside it; looked for ${SHARED_TEXTURES})` };
  }
  const dir = join(shared, SHARED_TEXTURES);
  if (!existsSync(dir)) return { dir, textures: [], unavailable: `textures unavailable: ${dir} is missing (third-party reference data is read in place from ${shared})` };
  const textures: SharedTexture[] = [];
  for (const name of readdirSync(dir).filter((n) => /\.(j2c|jp2)$/i.test(n)).sort()) {
    const path = join(dir, name);
    const bytes = new Uint8Array(readFileSync(path));
    const header = readCodestreamHeader(bytes);
    const levels = discardLevels(header, indexPackets(header, bytes), bytes.length);
    const d2 = levels[2]?.bytes;
    textures.push({ name, path, bytes, width: header.width, height: header.height, discard2Bytes: d2 !== undefined && d2 < bytes.length ? d2 : undefined });
  }
  return { dir, textures, unavailable: textures.length === 0 ? `textures unavailable: no .j2c or .jp2 in ${dir}` : '' };
}
