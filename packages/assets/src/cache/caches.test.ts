/**
 * The caches: the byte-budget LRU under random use never exceeds its budget
 * and evicts least recently used first; the decoded-texture cache reads its
 * budget from PerformanceSettings and keeps the finer decode; the
 * filesystem codestream store keeps prefixes across a reopen, stays within
 * its bound by evicting the least recently used file, and reads a damaged
 * file as a miss.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { presetSettings } from '@slv/config';
import { seededRandom } from '@slv/core';
import { describe, expect, it } from 'vitest';
import type { DecodedTexture } from '../decode/decode-texture.ts';
import { temporaryDir } from '../fetch/sim-region.test-support.ts';
import { textureSettingsOf } from '../texture-settings.ts';
import { ByteBudgetLru } from './byte-budget-lru.ts';
import { DecodedTextureCache } from './decoded-texture-cache.ts';
import { FileCodestreamStore } from './file-codestream-store.ts';

const id = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const texture = (side: number, discard = 0): DecodedTexture => ({
  width: side, height: side, components: 4, imageComponents: 4, discard, pixels: new Uint8Array(side * side * 4), bytesUsed: 0, complete: true,
});

describe('ByteBudgetLru', () => {
  it('never holds more than its budget under random sets, gets and budget changes', () => {
    const random = seededRandom(7);
    const evicted: string[] = [];
    const lru = new ByteBudgetLru<number>(10_000, (n) => n, (key) => evicted.push(key));
    for (let step = 0; step < 5000; step++) {
      const key = `k${Math.floor(random() * 50)}`;
      const roll = random();
      if (roll < 0.6) lru.set(key, Math.floor(random() * 3000));
      else if (roll < 0.95) lru.get(key);
      else lru.setBudget(2000 + Math.floor(random() * 12_000));
      expect(lru.bytes).toBeLessThanOrEqual(lru.budgetBytes);
    }
    expect(evicted.length).toBeGreaterThan(0);
    expect(lru.set('huge', 1e9)).toBe(false);
  });

  it('evicts least recently used first; get renews, peek does not', () => {
    const lru = new ByteBudgetLru<number>(30, (n) => n);
    lru.set('a', 10);
    lru.set('b', 10);
    lru.set('c', 10);
    lru.get('a');
    lru.peek('b');
    expect(lru.keys()).toEqual(['b', 'c', 'a']);
    lru.set('d', 15);
    expect(lru.keys()).toEqual(['a', 'd']);
    expect(lru.bytes).toBe(25);
  });
});

describe('DecodedTextureCache', () => {
  it('takes its budget from memory.textureCacheRamMB and applies a new profile at once', () => {
    const low = presetSettings('Low');
    const cache = DecodedTextureCache.fromSettings(low);
    expect(cache.budgetBytes).toBe(low.memory.textureCacheRamMB * 2 ** 20);
    expect(textureSettingsOf(low)).toEqual({ ramBudgetBytes: cache.budgetBytes, decodeWorkers: low.assets.decodeWorkers, maxTextureSize: low.assets.maxTextureSize });
    for (let n = 0; n < 20; n++) cache.set(id(n), texture(1024)); // 4 MiB each
    expect(cache.bytes).toBeLessThanOrEqual(cache.budgetBytes);
    const small = { ...low, memory: { ...low.memory, textureCacheRamMB: 64 } };
    cache.applySettings(small);
    expect(cache.bytes).toBeLessThanOrEqual(64 * 2 ** 20);
    expect(cache.ids()).toEqual([...Array(16).keys()].map((n) => id(n + 4))); // the last 16 used stay
  });

  it('keeps the finer decode, replaces a coarser one, evicts least recently used', () => {
    const cache = new DecodedTextureCache(3 * 64 * 64 * 4);
    expect(cache.set(id(1), texture(32, 1))).toBe(true);
    expect(cache.set(id(1), texture(16, 2))).toBe(false);
    expect(cache.get(id(1))!.discard).toBe(1);
    expect(cache.set(id(1), texture(64, 0))).toBe(true);
    cache.set(id(2), texture(64));
    cache.set(id(3), texture(64));
    cache.get(id(1));
    cache.set(id(4), texture(64));
    expect(cache.ids()).toEqual([id(3), id(1), id(4)]);
  });
});

describe('FileCodestreamStore', () => {
  it('keeps prefixes and whole codestreams across a reopen, bounded, least recently used evicted first', async () => {
    const tmp = temporaryDir();
    try {
      const store = await FileCodestreamStore.open(tmp.dir, 3 * (1000 + 12));
      await store.put(id(1), { bytes: new Uint8Array(1000).fill(1), total: 5000, complete: false });
      await store.put(id(2), { bytes: new Uint8Array(1000).fill(2), total: 1000, complete: true });
      await store.put(id(3), { bytes: new Uint8Array(1000).fill(3), total: null, complete: false });
      await new Promise((resolve) => setTimeout(resolve, 20)); // distinct modification times
      expect(await store.get(id(1))).toMatchObject({ total: 5000, complete: false });
      await new Promise((resolve) => setTimeout(resolve, 20)); // the kernel's file clock is coarse
      await store.put(id(4), { bytes: new Uint8Array(1000).fill(4), total: 1000, complete: true });
      expect(store.ids()).toEqual([id(3), id(1), id(4)]);
      expect(store.bytes).toBeLessThanOrEqual(3 * 1012);
      // The evicted file is unlinked in the background: wait for it (a loaded machine takes longer than 20 ms).
      const kept = [id(1), id(3), id(4)].map((k) => `${k}.slvj2c`);
      for (let waited = 0; waited < 5000 && readdirSync(tmp.dir).length !== kept.length; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(readdirSync(tmp.dir).sort()).toEqual(kept);

      const reopened = await FileCodestreamStore.open(tmp.dir, 3 * 1012);
      expect(reopened.ids()).toEqual([id(3), id(1), id(4)]);
      const back = await reopened.get(id(1));
      expect(back).toMatchObject({ total: 5000, complete: false });
      expect(back!.bytes.every((b) => b === 1)).toBe(true);
      expect(await reopened.get(id(3))).toMatchObject({ total: null, complete: false });
      expect(await reopened.get(id(2))).toBeNull();
    } finally {
      tmp.remove();
    }
  });

  it('reads a damaged file as a miss and refuses keys that are not texture ids', async () => {
    const tmp = temporaryDir();
    try {
      writeFileSync(join(tmp.dir, `${id(9)}.slvj2c`), 'not a cache file');
      const store = await FileCodestreamStore.open(tmp.dir, 1 << 20);
      expect(await store.get(id(9))).toBeNull();
      expect(readdirSync(tmp.dir)).toEqual([]);
      await expect(store.put('../../etc/passwd', { bytes: new Uint8Array(1), total: 1, complete: true })).rejects.toThrow(/not a texture id/);
    } finally {
      tmp.remove();
    }
  });
});
