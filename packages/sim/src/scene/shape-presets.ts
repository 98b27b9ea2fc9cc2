/**
 * Prim shapes as the SL viewer makes them: the build tool's presets (LLToolPlacer's
 * LLVolumeParams per LL_PCODE_*) plus the build floater's edits, quantized to the
 * ObjectUpdate bytes with the protocol's shape codec.
 */
import { PathCurve, ProfileShape, QuantizedShape, ShapeParams, quantizeShape } from '@slv/protocol';
import type { ShapeBytes, ShapeEdits, ShapeFamily, ShapePreset } from './scene-types.ts';

interface Preset {
  profile: number;
  path: number;
  /** Path scale ("top size" on straight paths, hole size on circular ones). */
  scale: [number, number];
  shear?: [number, number];
  profileCut?: [number, number];
  pathCut?: [number, number];
}

const PRESETS: Record<ShapePreset, Preset> = {
  box: { profile: ProfileShape.Square, path: PathCurve.Line, scale: [1, 1] },
  pyramid: { profile: ProfileShape.Square, path: PathCurve.Line, scale: [0, 0] },
  // LL_PCODE_PRISM: a square profile squeezed to a wedge.
  wedge: { profile: ProfileShape.Square, path: PathCurve.Line, scale: [0, 1], shear: [-0.5, 0] },
  cylinder: { profile: ProfileShape.Circle, path: PathCurve.Line, scale: [1, 1] },
  cone: { profile: ProfileShape.Circle, path: PathCurve.Line, scale: [0, 0] },
  hemicylinder: { profile: ProfileShape.Circle, path: PathCurve.Line, scale: [1, 1], profileCut: [0.25, 0.75] },
  prism: { profile: ProfileShape.EquilateralTriangle, path: PathCurve.Line, scale: [1, 1] },
  'isosceles-prism': { profile: ProfileShape.IsoTriangle, path: PathCurve.Line, scale: [1, 1] },
  'right-prism': { profile: ProfileShape.RightTriangle, path: PathCurve.Line, scale: [1, 1] },
  tetrahedron: { profile: ProfileShape.EquilateralTriangle, path: PathCurve.Line, scale: [0, 0] },
  sphere: { profile: ProfileShape.HalfCircle, path: PathCurve.Circle, scale: [1, 1] },
  hemisphere: { profile: ProfileShape.HalfCircle, path: PathCurve.Circle, scale: [1, 1], pathCut: [0, 0.5] },
  torus: { profile: ProfileShape.Circle, path: PathCurve.Circle, scale: [1, 0.25] },
  tube: { profile: ProfileShape.Square, path: PathCurve.Circle, scale: [1, 0.25] },
  ring: { profile: ProfileShape.EquilateralTriangle, path: PathCurve.Circle, scale: [1, 0.25] },
};

export const SHAPE_PRESETS: readonly ShapePreset[] = Object.freeze(Object.keys(PRESETS) as ShapePreset[]);

export const SHAPE_FAMILIES: readonly ShapeFamily[] = Object.freeze(['box', 'cylinder', 'prism', 'sphere', 'torus', 'tube', 'ring']);

const params = new ShapeParams();
const quantized = new QuantizedShape();

/** The ObjectUpdate shape bytes of a preset with optional edits. Throws RangeError on an unknown preset. */
export function shapeBytes(preset: ShapePreset, edits: ShapeEdits = {}): ShapeBytes {
  const p = PRESETS[preset];
  if (p === undefined) throw new RangeError(`unknown shape preset ${JSON.stringify(preset)}; known: ${SHAPE_PRESETS.join(', ')}`);
  const s = params;
  const straight = p.path === PathCurve.Line;
  s.pathCurve = p.path;
  s.profileCurve = p.profile;
  [s.pathBegin, s.pathEnd] = edits.pathCut ?? p.pathCut ?? [0, 1];
  [s.profileBegin, s.profileEnd] = edits.cut ?? p.profileCut ?? [0, 1];
  [s.pathScaleX, s.pathScaleY] = p.scale;
  [s.pathShearX, s.pathShearY] = edits.shear ?? p.shear ?? [0, 0];
  [s.pathTwistBegin, s.pathTwist] = edits.twist ?? [0, 0];
  s.pathTaperX = 0;
  s.pathTaperY = 0;
  if (edits.taper !== undefined) {
    // The build floater's taper: the top size on a straight path, the path taper on a circular one.
    if (straight) {
      s.pathScaleX = clamp(1 - edits.taper[0], 0, 2);
      s.pathScaleY = clamp(1 - edits.taper[1], 0, 2);
    } else {
      s.pathTaperX = clamp(edits.taper[0], -1, 1);
      s.pathTaperY = clamp(edits.taper[1], -1, 1);
    }
  }
  s.pathRadiusOffset = 0;
  s.pathRevolutions = 1;
  s.pathSkew = 0;
  s.profileHollow = clamp(edits.hollow ?? 0, 0, 0.95);
  const q = quantizeShape(s, quantized);
  return {
    pathCurve: q.pathCurve,
    profileCurve: q.profileCurve,
    pathBegin: q.pathBegin,
    pathEnd: q.pathEnd,
    pathScaleX: q.pathScaleX,
    pathScaleY: q.pathScaleY,
    // U8 in the template, read as S8 by the viewer.
    pathShearX: q.pathShearX & 0xff,
    pathShearY: q.pathShearY & 0xff,
    pathTwist: q.pathTwist,
    pathTwistBegin: q.pathTwistBegin,
    pathRadiusOffset: q.pathRadiusOffset,
    pathTaperX: q.pathTaperX,
    pathTaperY: q.pathTaperY,
    pathRevolutions: q.pathRevolutions,
    pathSkew: q.pathSkew,
    profileBegin: q.profileBegin,
    profileEnd: q.profileEnd,
    profileHollow: q.profileHollow,
  };
}

/** The build floater's type for a shape (LLPanelObject::getState), or null for one it has no name for. */
export function shapeFamilyOf(shape: ShapeBytes): ShapeFamily | null {
  const profile = shape.profileCurve & 0x0f;
  const triangle = profile === ProfileShape.IsoTriangle || profile === ProfileShape.EquilateralTriangle || profile === ProfileShape.RightTriangle;
  if (shape.pathCurve === PathCurve.Line) {
    if (profile === ProfileShape.Square) return 'box';
    if (profile === ProfileShape.Circle) return 'cylinder';
    if (triangle) return 'prism';
    return null;
  }
  if (shape.pathCurve === PathCurve.Circle) {
    if (profile === ProfileShape.HalfCircle) return 'sphere';
    if (profile === ProfileShape.Circle) return 'torus';
    if (profile === ProfileShape.Square) return 'tube';
    if (triangle) return 'ring';
  }
  return null;
}

function clamp(value: number, lo: number, hi: number): number {
  return value < lo ? lo : value > hi ? hi : value;
}
