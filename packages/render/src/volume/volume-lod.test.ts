import { describe, expect, it } from 'vitest';
import { LOD_INPUT, primLodOf, primLodRadius, selectPrimLod, VOLUME_DETAIL_SCALES } from './volume-lod.ts';
import { SHAPES } from './volume-geometry.test-support.ts';

describe('selectPrimLod', () => {
  // A 1 m box: LOD radius |(0.5, 0.5, 0.5)| = 0.866, rounded to 0.87. At RenderVolumeLODFactor 1,
  // distances under 2 m are squashed (d * d / 2), then scaled by pi / 3 and rounded to hundredths.
  const radius = primLodRadius(SHAPES.box!, 1, 1, 1);

  it('picks the viewer LOD from the rounded tangent radius / distance', () => {
    // 30 m: 31.42 m adjusted, tangent 0.87 / 31.42 = 0.028 -> 0.03 <= 0.03: LOD 0.
    expect(selectPrimLod(30, radius, 1)).toBe(0);
    // 20 m: 20.94 m, 0.0415 -> 0.04: LOD 1.
    expect(selectPrimLod(20, radius, 1)).toBe(1);
    // 10 m: 10.47 m, 0.083 -> 0.08: LOD 2.
    expect(selectPrimLod(10, radius, 1)).toBe(2);
    // 3 m: 3.14 m, 0.277 -> 0.28 > 0.24: LOD 3.
    expect(selectPrimLod(3, radius, 1)).toBe(3);
    // 1 m is inside the 2 m ramp: (1 / 2)^2 * 2 = 0.5 m, 0.52 adjusted: LOD 3.
    expect(selectPrimLod(1, radius, 1)).toBe(3);
  });

  it('drops detail with distance and raises it with the LOD factor', () => {
    let last = 3;
    for (let d = 0.5; d < 200; d *= 1.1) {
      const lod = selectPrimLod(d, radius, 1.125);
      expect(lod).toBeLessThanOrEqual(last);
      expect(selectPrimLod(d, radius, 2)).toBeGreaterThanOrEqual(lod);
      last = lod;
    }
    expect(last).toBe(0);
  });

  it('gives 3 at or behind the camera and 0 for empty or non-finite input', () => {
    expect(selectPrimLod(0, radius, 1)).toBe(3);
    expect(selectPrimLod(-5, radius, 1)).toBe(3);
    expect(selectPrimLod(10, 0, 1)).toBe(0);
    expect(selectPrimLod(Number.NaN, radius, 1)).toBe(0);
    expect(selectPrimLod(Infinity, radius, 1)).toBe(0);
    expect(selectPrimLod(10, radius, Number.NaN)).toBe(0);
  });
});

describe('primLodRadius', () => {
  it('weights the scale by the volume LOD scale bias', () => {
    expect(primLodRadius(SHAPES.box!, 1, 1, 1)).toBeCloseTo(Math.sqrt(0.75), 12);
    // Cylinders ignore their height.
    expect(primLodRadius(SHAPES.cylinder!, 1, 1, 10)).toBeCloseTo(Math.hypot(0.6, 0.6), 12);
    // Circular paths weigh every axis 0.6.
    expect(primLodRadius(SHAPES.torus!, 1, 2, 3)).toBeCloseTo(Math.hypot(0.6, 1.2, 1.8), 12);
    // A hollow cylinder's profile byte is no longer plain circle, so it takes the default bias, as in the viewer.
    expect(primLodRadius({ pathCurve: 0x10, profileCurve: 0x10 }, 1, 1, 1)).toBeCloseTo(Math.sqrt(0.75), 12);
  });

  it('uses the viewer detail scales', () => {
    expect(VOLUME_DETAIL_SCALES).toEqual([1, 1.5, 2.5, 4]);
  });
});

describe('primLodOf', () => {
  it('is selectPrimLod of the offset length and primLodRadius, from a typed array', () => {
    const inputs = new Float64Array(LOD_INPUT.length);
    for (const shape of [SHAPES.box!, SHAPES.cylinder!, SHAPES.torus!, { pathCurve: 0x80, profileCurve: 0 }]) {
      for (const factor of [0.5, 1.125, 4]) {
        for (let d = 0.3; d < 120; d *= 1.37) {
          const scale = [0.5 + (d % 3), 1 + (d % 2), 0.25 + (d % 5)];
          inputs.set([d * 0.48, -d * 0.6, d * 0.64], LOD_INPUT.dx);
          inputs.set(scale, LOD_INPUT.scaleX);
          inputs[LOD_INPUT.factor] = factor;
          const expected = selectPrimLod(Math.hypot(inputs[LOD_INPUT.dx], inputs[LOD_INPUT.dy], inputs[LOD_INPUT.dz]), primLodRadius(shape, scale[0], scale[1], scale[2]), factor);
          expect(primLodOf(shape.pathCurve, shape.profileCurve, inputs), `${JSON.stringify(shape)} at ${d} m, factor ${factor}`).toBe(expected);
        }
      }
    }
    inputs.fill(0);
    inputs[LOD_INPUT.scaleX] = 1;
    inputs[LOD_INPUT.factor] = 1;
    expect(primLodOf(0x10, 0x01, inputs)).toBe(3);
    inputs[LOD_INPUT.dz] = Number.NaN;
    expect(primLodOf(0x10, 0x01, inputs)).toBe(0);
  });
});
