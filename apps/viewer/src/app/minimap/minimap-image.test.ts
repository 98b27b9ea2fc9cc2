import { describe, expect, it } from 'vitest';
import { testTerrain } from '../world-fixture.test-support.ts';
import { minimapPixel, shadeTerrain } from './minimap-image.ts';
import { formatPosition } from './where-am-i.ts';

function pixel(out: Uint8ClampedArray, size: number, px: number, py: number): [number, number, number, number] {
  const at = (py * size + px) * 4;
  return [out[at]!, out[at + 1]!, out[at + 2]!, out[at + 3]!];
}

describe('minimap image', () => {
  it('shades water blue and land by height, north up', () => {
    // West half under water (10 m), east half land rising northwards from 22 m to 85 m.
    const terrain = testTerrain((x, y) => (x < 128 ? 10 : 22 + (y / 255) * 63));
    const size = 64;
    const out = new Uint8ClampedArray(size * size * 4);
    shadeTerrain(out, size, terrain, 20);
    const water = pixel(out, size, 10, 32);
    expect(water[2]).toBeGreaterThan(water[0]! + 50);
    expect(water[3]).toBe(255);
    const lowLand = pixel(out, size, 50, 60); // the south edge: low, grassy
    expect(lowLand[1]).toBeGreaterThan(lowLand[2]!);
    const highLand = pixel(out, size, 50, 2); // the north edge (row 0): high, nearly snow
    expect(highLand[0]! + highLand[1]! + highLand[2]!).toBeGreaterThan(lowLand[0]! + lowLand[1]! + lowLand[2]!);
    // Deeper water is darker.
    const deep = testTerrain(() => 0);
    const deepOut = new Uint8ClampedArray(size * size * 4);
    shadeTerrain(deepOut, size, deep, 20);
    expect(pixel(deepOut, size, 10, 32)[2]).toBeLessThan(water[2]!);
  });

  it('is a plain dark square before any land patch', () => {
    const out = new Uint8ClampedArray(8 * 8 * 4);
    shadeTerrain(out, 8, undefined, 20);
    expect(pixel(out, 8, 3, 3)).toEqual([40, 48, 58, 255]);
  });

  it('maps region metres to pixels north up, and rounds the position line', () => {
    const at = new Float32Array(2);
    minimapPixel(at, 64, 192, 256, 128);
    expect([...at]).toEqual([32, 32]);
    minimapPixel(at, 256, 0, 256, 128);
    expect([...at]).toEqual([128, 128]);
    expect(formatPosition([127.6, 12.2, 22.5])).toBe('128, 12, 23');
  });
});
