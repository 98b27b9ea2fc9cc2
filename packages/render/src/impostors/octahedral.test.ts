import { describe, expect, it } from 'vitest';
import { frameDirection, frameOfDirection, OCT_FRAMES, octDecode, octEncode, viewBasis } from './octahedral.ts';

/** Directions spread over the whole sphere (a Fibonacci lattice), poles and axes included. */
function directions(n: number): [number, number, number][] {
  const out: [number, number, number][] = [[0, 0, 1], [0, 0, -1], [1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0]];
  for (let i = 0; i < n; i++) {
    const z = 1 - (2 * (i + 0.5)) / n;
    const r = Math.sqrt(1 - z * z);
    const a = i * Math.PI * (3 - Math.sqrt(5));
    out.push([r * Math.cos(a), r * Math.sin(a), z]);
  }
  return out;
}

const angle = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.acos(Math.min(1, a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!));

describe('octahedral mapping', () => {
  it('decodes what it encodes: direction → square → direction over the whole sphere', () => {
    const uv = new Float64Array(2);
    const back = new Float64Array(3);
    for (const [x, y, z] of directions(2000)) {
      octEncode(x * 3, y * 3, z * 3, uv);
      expect(uv[0]).toBeGreaterThanOrEqual(0);
      expect(uv[0]).toBeLessThanOrEqual(1);
      expect(uv[1]).toBeGreaterThanOrEqual(0);
      expect(uv[1]).toBeLessThanOrEqual(1);
      octDecode(uv[0]!, uv[1]!, back);
      expect(angle(back, [x, y, z])).toBeLessThan(1e-6);
    }
  });

  it('puts the upper hemisphere in the centre diamond and the lower one in the corners', () => {
    const uv = new Float64Array(2);
    octEncode(0, 0, 1, uv);
    expect(Array.from(uv)).toEqual([0.5, 0.5]);
    octEncode(0, 0, -1, uv);
    expect([0, 1]).toContain(uv[0]);
    expect([0, 1]).toContain(uv[1]);
    octEncode(1, 0, 0, uv);
    expect(Array.from(uv)).toEqual([1, 0.5]);
  });

  it('frame → direction → frame is the identity for every frame', () => {
    const d = new Float64Array(3);
    for (let f = 0; f < OCT_FRAMES * OCT_FRAMES; f++) {
      frameDirection(f, OCT_FRAMES, d);
      expect(Math.hypot(d[0]!, d[1]!, d[2]!)).toBeCloseTo(1, 9);
      expect(frameOfDirection(d[0]!, d[1]!, d[2]!)).toBe(f);
    }
  });

  it('direction → frame picks a frame whose view is within a cell of the direction', () => {
    const centre = new Float64Array(3);
    let worst = 0;
    for (const dir of directions(5000)) {
      const f = frameOfDirection(dir[0], dir[1], dir[2]);
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(OCT_FRAMES * OCT_FRAMES);
      frameDirection(f, OCT_FRAMES, centre);
      worst = Math.max(worst, angle(centre, dir));
    }
    // 8 × 8 frames over the sphere: the cells are largest (and most stretched) next to the equator's
    // corners, where a direction lies up to ~28° from its frame's centre; the mean cell is ~26° across.
    expect(worst).toBeLessThan((30 * Math.PI) / 180);
    expect(worst).toBeGreaterThan((10 * Math.PI) / 180);
  });

  it('the view basis is right-handed, orthonormal and keeps world up upward', () => {
    const right = new Float64Array(3);
    const up = new Float64Array(3);
    for (const [x, y, z] of directions(500)) {
      viewBasis(x, y, z, right, up);
      expect(Math.hypot(right[0]!, right[1]!, right[2]!)).toBeCloseTo(1, 6);
      expect(Math.hypot(up[0]!, up[1]!, up[2]!)).toBeCloseTo(1, 6);
      expect(right[0]! * x + right[1]! * y + right[2]! * z).toBeCloseTo(0, 6);
      expect(up[0]! * x + up[1]! * y + up[2]! * z).toBeCloseTo(0, 6);
      // right × up = d (the camera looks along -d).
      const cx = right[1]! * up[2]! - right[2]! * up[1]!;
      const cy = right[2]! * up[0]! - right[0]! * up[2]!;
      const cz = right[0]! * up[1]! - right[1]! * up[0]!;
      expect(cx * x + cy * y + cz * z).toBeCloseTo(1, 6);
      if (Math.abs(z) < 0.99) expect(up[2]!).toBeGreaterThan(0);
    }
  });
});
