/**
 * Decoded textures in RAM under `memory.textureCacheRamMB`: least recently
 * used evicted first, by bytes of pixels. A texture decoded at a finer
 * discard replaces a coarser one; a coarser one never replaces a finer one.
 */
import type { PerformanceSettings } from '@slv/config';
import type { DecodedTexture } from '../decode/decode-texture.ts';
import { ByteBudgetLru } from './byte-budget-lru.ts';

const MIB = 1 << 20;

export class DecodedTextureCache {
  private readonly lru: ByteBudgetLru<DecodedTexture>;

  constructor(budgetBytes: number, onEvict?: (id: string, texture: DecodedTexture) => void) {
    this.lru = new ByteBudgetLru(budgetBytes, (t) => t.pixels.byteLength, onEvict);
  }

  static fromSettings(settings: PerformanceSettings, onEvict?: (id: string, texture: DecodedTexture) => void): DecodedTextureCache {
    return new DecodedTextureCache(settings.memory.textureCacheRamMB * MIB, onEvict);
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
  get(id: string): DecodedTexture | undefined {
    return this.lru.get(id);
  }

  /** Keeps `texture` unless a finer decode of it is held; false when it was not kept (coarser, or over the whole budget). */
  set(id: string, texture: DecodedTexture): boolean {
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
