import { describe, expect, it } from 'vitest';
import { createCheckerTexels, createDetailTexels, samplerState } from './textures.ts';

describe('createCheckerTexels', () => {
  it('alternates light and dark squares', () => {
    const t = createCheckerTexels(8, 2, 250, 100);
    expect(t.length).toBe(8 * 8 * 4);
    const grey = (x: number, y: number) => t[(y * 8 + x) * 4];
    expect([grey(0, 0), grey(4, 0), grey(0, 4), grey(4, 4)]).toEqual([250, 100, 100, 250]);
    expect(t[3]).toBe(255);
  });

  it('refuses sizes that are not powers of two and cells that do not divide them', () => {
    expect(() => createCheckerTexels(12, 2)).toThrow(/power of two/);
    expect(() => createCheckerTexels(16, 3)).toThrow(/cells must divide 16/);
  });
});

describe('createDetailTexels', () => {
  it('is grey noise between its floor and white that tiles', () => {
    const size = 32;
    const t = createDetailTexels(size, 180);
    let min = 255;
    let max = 0;
    for (let i = 0; i < size * size; i++) {
      expect(t[i * 4]).toBe(t[i * 4 + 1]);
      min = Math.min(min, t[i * 4]);
      max = Math.max(max, t[i * 4]);
    }
    expect(min).toBeGreaterThanOrEqual(180);
    expect(max - min).toBeGreaterThan(20);
    // Opposite edges are neighbours: their difference stays as small as inside the texture.
    let edge = 0;
    for (let y = 0; y < size; y++) edge = Math.max(edge, Math.abs(t[(y * size + size - 1) * 4] - t[y * size * 4]));
    expect(edge).toBeLessThan(25);
    expect(createDetailTexels(32, 180)).toEqual(t);
  });
});

describe('samplerState', () => {
  it('maps each filtering mode to its sampler', () => {
    expect(samplerState('bilinear', 16)).toEqual({ min: 'linear mipmap nearest', mag: 'linear', anisotropic: 1 });
    expect(samplerState('trilinear', 16)).toEqual({ min: 'linear mipmap linear', mag: 'linear', anisotropic: 1 });
    expect(samplerState('anisotropic', 8)).toEqual({ min: 'linear mipmap linear', mag: 'linear', anisotropic: 8 });
  });
});
