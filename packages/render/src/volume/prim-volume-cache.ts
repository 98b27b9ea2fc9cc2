/**
 * Prim volumes shared by every prim of the same shape and LOD, kept under a byte budget,
 * least recently used first out. Cached volumes are shared: never pass one to the
 * generator as its `out`.
 */
import { generatePrimVolume } from './generate-prim-volume.ts';
import { primVolumeByteLength, type PrimVolume } from './prim-volume.ts';
import { primVolumeKey } from './prim-volume-key.ts';
import type { PrimLod } from './volume-lod.ts';
import type { PrimShapeParams } from './volume-shape.ts';

export interface PrimVolumeCacheOptions {
  /** Most bytes of geometry buffers to keep. */
  readonly maxBytes: number;
  /** Called for each volume that leaves the cache (evicted, replaced, deleted or cleared), e.g. to free GPU buffers. */
  readonly onEvict?: (key: string, volume: PrimVolume) => void;
}

interface Entry {
  volume: PrimVolume;
  bytes: number;
}

export class PrimVolumeCache {
  maxBytes: number;
  private readonly onEvict: ((key: string, volume: PrimVolume) => void) | undefined;
  /** Map order is recency order: the first entry is the least recently used. */
  private readonly entries = new Map<string, Entry>();
  private totalBytes = 0;

  constructor(options: PrimVolumeCacheOptions) {
    if (!Number.isFinite(options.maxBytes) || options.maxBytes < 0) {
      throw new RangeError(`PrimVolumeCache: maxBytes must be a finite number >= 0, got ${options.maxBytes}`);
    }
    this.maxBytes = options.maxBytes;
    this.onEvict = options.onEvict;
  }

  /** Bytes held by the cached volumes. */
  get bytes(): number {
    return this.totalBytes;
  }

  /** Number of cached volumes. */
  get size(): number {
    return this.entries.size;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** The cached volume for `key`, now the most recently used, or undefined. */
  get(key: string): PrimVolume | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.volume;
  }

  /**
   * Caches `volume` under `key` as the most recently used, then evicts the least recently used
   * until the budget holds. A volume larger than the whole budget is not kept (returns false).
   */
  set(key: string, volume: PrimVolume): boolean {
    this.delete(key);
    const bytes = primVolumeByteLength(volume);
    if (bytes > this.maxBytes) return false;
    this.entries.set(key, { volume, bytes });
    this.totalBytes += bytes;
    this.evictOver(this.maxBytes);
    return true;
  }

  /** The volume for `params` at `lod`, generated and cached on a miss. */
  acquire(params: PrimShapeParams, lod: PrimLod): PrimVolume {
    const key = primVolumeKey(params, lod);
    const cached = this.get(key);
    if (cached !== undefined) return cached;
    const volume = generatePrimVolume(params, lod);
    this.set(key, volume);
    return volume;
  }

  /** A new budget (the mesh cache setting changed): evicts least recently used first down to it. */
  setMaxBytes(maxBytes: number): void {
    if (!Number.isFinite(maxBytes) || maxBytes < 0) throw new RangeError(`PrimVolumeCache: maxBytes must be a finite number >= 0, got ${maxBytes}`);
    this.maxBytes = maxBytes;
    this.evictOver(maxBytes);
  }

  delete(key: string): boolean {
    const entry = this.entries.get(key);
    if (entry === undefined) return false;
    this.entries.delete(key);
    this.totalBytes -= entry.bytes;
    this.onEvict?.(key, entry.volume);
    return true;
  }

  clear(): void {
    this.evictOver(-1);
  }

  private evictOver(limit: number): void {
    while (this.totalBytes > limit && this.entries.size > 0) {
      const oldest = this.entries.keys().next().value as string;
      this.delete(oldest);
    }
  }
}
