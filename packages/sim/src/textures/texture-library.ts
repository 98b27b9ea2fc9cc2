/**
 * The codestreams the simulator serves, by texture id. Nothing is encoded at
 * start-up: a texture is encoded (in the encoder's worker) the first time it
 * is asked for, and kept in memory and, when a cache directory is set, on
 * disk under a key of its definition and the encoding parameters, so the
 * next run reads it back instead of encoding again. Tests can also serve
 * any bytes under an id (a PNG, an HTML page) to play a broken asset server.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { J2kEncoder } from './j2k-encoder.ts';
import { LIBRARY_TEXTURES, texturePixels, type LibraryTexture } from './procedural-textures.ts';

export interface TextureLibraryOptions {
  /** Where encoded codestreams are kept between runs; null keeps them in memory only. Default `<tmpdir>/slv-sim-textures`. */
  cacheDir?: string | null;
  /** The textures to serve (default LIBRARY_TEXTURES). */
  textures?: readonly LibraryTexture[];
}

/** A served asset: its bytes and the Content-Type it goes out with. */
export interface ServedAsset {
  readonly bytes: Uint8Array;
  readonly contentType: string;
}

/** Quality layers, coarsest first: several layers and resolution-first order make every discard prefix a useful image. */
export const LAYER_RATIOS: readonly number[] = Object.freeze([48, 12, 4]);
/** Bump when the encoding changes, so disk caches of older encodes are not served. */
const ENCODING_VERSION = 1;
export const J2C_CONTENT_TYPE = 'image/x-j2c';

export function defaultTextureCacheDir(): string {
  return join(tmpdir(), 'slv-sim-textures');
}

/** Discard levels the library encodes: five, or fewer for textures under 32 pixels. */
export function decompositionsFor(texture: LibraryTexture): number {
  return Math.min(5, Math.log2(texture.size));
}

export class TextureLibrary {
  readonly textures: ReadonlyMap<string, LibraryTexture>;
  private readonly cacheDir: string | null;
  private readonly encoder = new J2kEncoder();
  private readonly encoded = new Map<string, Promise<Uint8Array>>();
  private readonly raw = new Map<string, ServedAsset>();
  /** Milliseconds spent encoding (worker time as seen from here) and textures read from the disk cache, for logs and tests. */
  readonly counters = { encoded: 0, encodeMs: 0, readFromDisk: 0 };

  constructor(options: TextureLibraryOptions = {}) {
    this.textures = new Map((options.textures ?? LIBRARY_TEXTURES).map((t) => [t.id, t]));
    this.cacheDir = options.cacheDir === undefined ? defaultTextureCacheDir() : options.cacheDir;
  }

  has(id: string): boolean {
    return this.raw.has(id) || this.textures.has(id);
  }

  /** The asset under `id`, encoding it on first use; null for an unknown id. */
  async asset(id: string): Promise<ServedAsset | null> {
    const raw = this.raw.get(id);
    if (raw !== undefined) return raw;
    const texture = this.textures.get(id);
    if (texture === undefined) return null;
    return { bytes: await this.codestream(texture), contentType: J2C_CONTENT_TYPE };
  }

  /** Serves `bytes` under `id` as they are (no check that they are JPEG2000). */
  addRaw(id: string, bytes: Uint8Array, contentType = J2C_CONTENT_TYPE): void {
    this.raw.set(id.toLowerCase(), { bytes, contentType });
  }

  /** Encodes (or loads) every texture now; resolves with the milliseconds it took. */
  async prepareAll(): Promise<number> {
    const started = performance.now();
    await Promise.all([...this.textures.values()].map((t) => this.codestream(t)));
    return performance.now() - started;
  }

  async close(): Promise<void> {
    await this.encoder.close();
  }

  private codestream(texture: LibraryTexture): Promise<Uint8Array> {
    let pending = this.encoded.get(texture.id);
    if (pending === undefined) {
      pending = this.loadOrEncode(texture);
      // A failed encode is retried on the next request rather than remembered.
      pending.catch(() => this.encoded.delete(texture.id));
      this.encoded.set(texture.id, pending);
    }
    return pending;
  }

  private async loadOrEncode(texture: LibraryTexture): Promise<Uint8Array> {
    const file = this.cacheDir === null ? null : join(this.cacheDir, `${texture.id}-${cacheKey(texture)}.j2c`);
    if (file !== null) {
      const cached = await readFile(file).catch(() => null);
      if (cached !== null && cached.length > 0) {
        this.counters.readFromDisk++;
        return new Uint8Array(cached.buffer, cached.byteOffset, cached.byteLength);
      }
    }
    const started = performance.now();
    const bytes = await this.encoder.encode({
      width: texture.size, height: texture.size, components: texture.components, pixels: texturePixels(texture),
      decompositions: decompositionsFor(texture), layerRatios: LAYER_RATIOS,
    });
    this.counters.encoded++;
    this.counters.encodeMs += performance.now() - started;
    if (file !== null) await writeAtomically(file, bytes).catch(() => {}); // a read-only cache only costs the next run an encode
    return bytes;
  }
}

function cacheKey(texture: LibraryTexture): string {
  const definition = JSON.stringify([ENCODING_VERSION, LAYER_RATIOS, decompositionsFor(texture), texture]);
  return createHash('sha256').update(definition).digest('hex').slice(0, 16);
}

async function writeAtomically(file: string, bytes: Uint8Array): Promise<void> {
  await mkdir(join(file, '..'), { recursive: true });
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temporary, bytes);
  await rename(temporary, file);
}
