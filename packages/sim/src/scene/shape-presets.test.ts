import { describe, expect, it } from 'vitest';
import { SHAPE_PRESETS, shapeBytes, shapeFamilyOf } from './shape-presets.ts';

describe('shapeBytes', () => {
  it('makes the box the viewer rezzes (as OpenSimulator echoes it in the capture)', () => {
    expect(shapeBytes('box')).toEqual({
      pathCurve: 16, profileCurve: 1, pathBegin: 0, pathEnd: 0, pathScaleX: 100, pathScaleY: 100, pathShearX: 0, pathShearY: 0,
      pathTwist: 0, pathTwistBegin: 0, pathRadiusOffset: 0, pathTaperX: 0, pathTaperY: 0, pathRevolutions: 0, pathSkew: 0,
      profileBegin: 0, profileEnd: 0, profileHollow: 0,
    });
  });

  it('quantizes the build tool presets like llvolumemessage.cpp', () => {
    const sphere = shapeBytes('sphere');
    expect([sphere.pathCurve, sphere.profileCurve, sphere.pathScaleX, sphere.pathScaleY]).toEqual([0x20, 5, 100, 100]);
    const torus = shapeBytes('torus');
    expect([torus.pathCurve, torus.profileCurve, torus.pathScaleY]).toEqual([0x20, 0, 175]);
    expect(shapeBytes('tube').profileCurve).toBe(1);
    expect(shapeBytes('ring').profileCurve).toBe(3);
    // LL_PCODE_PRISM: top size (0, 1), shear -0.5 sent as the U8 206.
    const wedge = shapeBytes('wedge');
    expect([wedge.pathScaleX, wedge.pathScaleY, wedge.pathShearX]).toEqual([200, 100, 206]);
    expect(shapeBytes('pyramid').pathScaleX).toBe(200);
    expect(shapeBytes('hemicylinder')).toMatchObject({ profileBegin: 12500, profileEnd: 12500 });
    expect(shapeBytes('hemisphere')).toMatchObject({ pathBegin: 0, pathEnd: 25000 });
    expect(shapeBytes('isosceles-prism').profileCurve).toBe(2);
    expect(shapeBytes('right-prism').profileCurve).toBe(4);
  });

  it('applies hollow, cut, twist, taper and shear', () => {
    expect(shapeBytes('box', { hollow: 0.5 }).profileHollow).toBe(25000);
    expect(shapeBytes('box', { hollow: 2 }).profileHollow).toBe(47500);
    expect(shapeBytes('cylinder', { cut: [0.2, 0.6] })).toMatchObject({ profileBegin: 10000, profileEnd: 20000 });
    expect(shapeBytes('box', { twist: [-0.25, 0.5] })).toMatchObject({ pathTwistBegin: -25, pathTwist: 50 });
    expect(shapeBytes('box', { taper: [0.5, -0.5] })).toMatchObject({ pathScaleX: 150, pathScaleY: 50 });
    expect(shapeBytes('torus', { taper: [0.3, -0.2] })).toMatchObject({ pathTaperX: 30, pathTaperY: -20, pathScaleY: 175 });
    expect(shapeBytes('box', { shear: [0.25, -0.1] })).toMatchObject({ pathShearX: 25, pathShearY: 246 });
  });

  it('names every preset with the build floater type', () => {
    const expected: Record<string, string> = {
      box: 'box', pyramid: 'box', wedge: 'box', cylinder: 'cylinder', cone: 'cylinder', hemicylinder: 'cylinder',
      prism: 'prism', 'isosceles-prism': 'prism', 'right-prism': 'prism', tetrahedron: 'prism',
      sphere: 'sphere', hemisphere: 'sphere', torus: 'torus', tube: 'tube', ring: 'ring',
    };
    for (const preset of SHAPE_PRESETS) expect(shapeFamilyOf(shapeBytes(preset)), preset).toBe(expected[preset]);
  });

  it('rejects an unknown preset', () => {
    expect(() => shapeBytes('dodecahedron' as never)).toThrow(/unknown shape preset "dodecahedron"/);
  });
});
