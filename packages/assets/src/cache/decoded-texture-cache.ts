/**
 * Decoded textures in RAM under `memory.textureCacheRamMB`: least recently
 * used evicted first, by bytes of pixels. A texture decoded at a finer
 * discard replaces a coarser one; a coarser one never replaces a finer one.
 */
import type { PerformanceSettings } from '@slv/config';
import type { DecodedTexture } from '../decode/decode-texture.ts';
import { ByteBudgetLru } from './byte-budget-lru.ts';

const MIB = 1 << 20;

/** `T` may carry more than the pixels (the streamer keeps its StreamedTexture here). */
export class DecodedTextureCache<T extends DecodedTexture = DecodedTexture> {
  private readonly lru: ByteBudgetLru<T>;

  constructor(budgetBytes: number, onEvict?: (id: string, texture: T) => void) {
    this.lru = new ByteBudgetLru<T>(budgetBytes, (t) => t.pixels.byteLength, onEvict);
  }

  static fromSettings<T extends DecodedTexture = DecodedTexture>(settings: PerformanceSettings, onEvict?: (id: string, texture: T) => void): DecodedTextureCache<T> {
    return new DecodedTextureCache<T>(settings.memory.textureCacheRamMB * MIB, onEvict);
  }

  /** Reads the budget again (a profile switch): a smaller one evicts at once. */
  applySettings(settings: PerformanceSettings): void {
    this.lru.setBudget(settings.memory.textureCacheRamMB * MIB);
  }

  get bytes(): number {
    return this.lru.bytes;
  }

  get budgetBytes(): number {
    return this.lru.budgetBytes;
  }

  get size(): number {
    return this.lru.size;
  }

  /** The texture, marked as just used. */
  get(id: string): T | undefined {
    return this.lru.get(id);
  }

  /** The texture, without marking it used. */
  peek(id: string): T | undefined {
    return this.lru.peek(id);
  }

  /** Keeps `texture` unless a finer decode of it is held; false when it was not kept (coarser, or over the whole budget). */
  set(id: string, texture: T): boolean {
    const current = this.lru.peek(id);
    if (current !== undefined && current.discard < texture.discard) return false;
    return this.lru.set(id, texture);
  }

  delete(id: string): boolean {
    return this.lru.delete(id);
  }

  /** Ids, least recently used first. */
  ids(): string[] {
    return this.lru.keys();
  }
}
