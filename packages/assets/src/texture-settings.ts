/** The PerformanceSettings fields the texture pipeline reads, in the units it uses. */
import type { PerformanceSettings } from '@slv/config';
import { createWorkerPool, type WorkerPool, type WorkerPoolOptions } from '@slv/core';

export interface TextureSettings {
  /** `memory.textureCacheRamMB` in bytes: the decoded-texture RAM budget. */
  readonly ramBudgetBytes: number;
  /** `assets.decodeWorkers`: the decode pool's size. */
  readonly decodeWorkers: number;
  /** `assets.maxTextureSize`: the largest side fetched and decoded (finer discard levels are never fetched). */
  readonly maxTextureSize: number;
}

export function textureSettingsOf(settings: PerformanceSettings): TextureSettings {
  return {
    ramBudgetBytes: settings.memory.textureCacheRamMB * (1 << 20),
    decodeWorkers: settings.assets.decodeWorkers,
    maxTextureSize: settings.assets.maxTextureSize,
  };
}

/** The texture decode pool, `assets.decodeWorkers` workers; `spawn` starts one (a Node worker thread or a Web Worker serving `texture.decode`). */
export function createTextureDecodePool(settings: PerformanceSettings, spawn: WorkerPoolOptions['spawn']): WorkerPool {
  return createWorkerPool({ size: textureSettingsOf(settings).decodeWorkers, spawn });
}
