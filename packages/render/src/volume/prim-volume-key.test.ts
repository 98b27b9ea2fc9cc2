import { describe, expect, it } from 'vitest';
import { primVolumeKey } from './prim-volume-key.ts';
import { SHAPES, shapeOf } from './volume-geometry.test-support.ts';

describe('primVolumeKey', () => {
  it('is equal for equal shapes and LODs', () => {
    expect(primVolumeKey(shapeOf({ profileHollow: 0.5 }), 2)).toBe(primVolumeKey(shapeOf({ profileHollow: 0.5 }), 2));
  });

  it('separates LODs and every parameter the wire carries', () => {
    const base = primVolumeKey(SHAPES.box!, 1);
    expect(primVolumeKey(SHAPES.box!, 2)).not.toBe(base);
    const changes = [
      { pathCurve: 0x20 }, { profileCurve: 0x00 }, { pathBegin: 0.1 }, { pathEnd: 0.9 }, { pathScaleX: 0.5 }, { pathScaleY: 0.5 },
      { pathShearX: 0.1 }, { pathShearY: 0.1 }, { pathTwist: 0.1 }, { pathTwistBegin: 0.1 }, { pathRadiusOffset: 0.1 },
      { pathTaperX: 0.1 }, { pathTaperY: 0.1 }, { pathRevolutions: 1.5 }, { pathSkew: 0.1 }, { profileBegin: 0.1 },
      { profileEnd: 0.9 }, { profileHollow: 0.1 },
    ];
    const keys = new Set([base, ...changes.map((c) => primVolumeKey(shapeOf(c), 1))]);
    expect(keys.size).toBe(changes.length + 1);
  });

  it('is the same for values within one wire quantum and for flexible and line paths', () => {
    expect(primVolumeKey(shapeOf({ pathTwist: 0.25 }), 0)).toBe(primVolumeKey(shapeOf({ pathTwist: 0.2500001 }), 0));
    expect(primVolumeKey(shapeOf({ pathCurve: 0x80 }), 3)).toBe(primVolumeKey(SHAPES.box!, 3));
  });

  it('rejects what the generator rejects', () => {
    expect(() => primVolumeKey(shapeOf({ pathSkew: Number.NaN }), 0)).toThrow(/pathSkew is NaN/);
    expect(() => primVolumeKey(SHAPES.box!, -1 as 0)).toThrow(/lod/);
  });
});
