import { describe, expect, it } from 'vitest';
import { generatePrimVolume } from './generate-prim-volume.ts';
import { primVolumeByteLength, type PrimVolume } from './prim-volume.ts';
import { PrimVolumeCache } from './prim-volume-cache.ts';
import { primVolumeKey } from './prim-volume-key.ts';
import { SHAPES, shapeOf } from './volume-geometry.test-support.ts';

describe('PrimVolumeCache', () => {
  const box = generatePrimVolume(SHAPES.box!, 0);
  const size = primVolumeByteLength(box);

  it('shares one generated volume per shape and LOD', () => {
    const cache = new PrimVolumeCache({ maxBytes: 1 << 20 });
    const a = cache.acquire(SHAPES.torus!, 2);
    const b = cache.acquire(shapeOf({ pathCurve: 0x20, profileCurve: 0x00, pathScaleY: 0.25 }), 2);
    expect(b).toBe(a);
    expect(cache.acquire(SHAPES.torus!, 3)).not.toBe(a);
    expect(cache.size).toBe(2);
    expect(cache.get(primVolumeKey(SHAPES.torus!, 2))).toBe(a);
    // Fresh volumes are sized exactly.
    expect(a.positions.length).toBe(3 * a.vertexCount);
    expect(a.indices.length).toBe(a.indexCount);
  });

  it('evicts the least recently used volumes to stay within its byte budget', () => {
    const evicted: string[] = [];
    const cache = new PrimVolumeCache({ maxBytes: 3 * size, onEvict: (key) => evicted.push(key) });
    const volumes: PrimVolume[] = [];
    for (let i = 0; i < 3; i++) {
      volumes.push(generatePrimVolume(SHAPES.box!, 0));
      expect(cache.set(`k${i}`, volumes[i]!)).toBe(true);
    }
    expect(cache.bytes).toBe(3 * size);
    cache.get('k0');
    cache.set('k3', generatePrimVolume(SHAPES.box!, 0));
    // k1 was the least recently used; k0 was refreshed by get.
    expect(evicted).toEqual(['k1']);
    expect([cache.has('k0'), cache.has('k1'), cache.has('k2'), cache.has('k3')]).toEqual([true, false, true, true]);
    expect(cache.bytes).toBeLessThanOrEqual(cache.maxBytes);
  });

  it('does not keep a volume larger than the whole budget, and reports every removal', () => {
    const evicted: string[] = [];
    const cache = new PrimVolumeCache({ maxBytes: size - 1, onEvict: (key) => evicted.push(key) });
    expect(cache.set('big', box)).toBe(false);
    expect(cache.size).toBe(0);
    const roomy = new PrimVolumeCache({ maxBytes: 10 * size, onEvict: (key) => evicted.push(key) });
    roomy.set('a', box);
    roomy.set('a', generatePrimVolume(SHAPES.box!, 0));
    roomy.set('b', box);
    expect(roomy.delete('b')).toBe(true);
    expect(roomy.delete('b')).toBe(false);
    roomy.clear();
    expect(evicted).toEqual(['a', 'b', 'a']);
    expect([roomy.size, roomy.bytes]).toEqual([0, 0]);
  });

  it('a smaller budget set later evicts least recently used first down to it', () => {
    const evicted: string[] = [];
    const cache = new PrimVolumeCache({ maxBytes: 4 * size, onEvict: (key) => evicted.push(key) });
    for (let i = 0; i < 4; i++) cache.set(`k${i}`, generatePrimVolume(SHAPES.box!, 0));
    cache.get('k0');
    cache.setMaxBytes(2 * size);
    expect(evicted).toEqual(['k1', 'k2']);
    expect(cache.bytes).toBe(2 * size);
    expect(() => cache.setMaxBytes(Number.POSITIVE_INFINITY)).toThrow(/maxBytes/);
  });

  it('rejects a budget that is not a finite number >= 0', () => {
    expect(() => new PrimVolumeCache({ maxBytes: -1 })).toThrow(/maxBytes/);
    expect(() => new PrimVolumeCache({ maxBytes: Number.NaN })).toThrow(/maxBytes/);
  });
});
