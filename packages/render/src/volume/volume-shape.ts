/**
 * A prim's shape parameters, checked and brought into the ranges the wire can carry,
 * in the form the volume generator reads. The field names are those of
 * `@slv/protocol`'s dequantized ShapeParams, so a ShapeParams passes as is.
 */

/** The dequantized shape of a prim (LLPathParams + LLProfileParams). */
export interface PrimShapeParams {
  /** PathCurve byte: 0x10 line, 0x20 circle, 0x30 circle2, 0x40 test, 0x80 flexible. */
  readonly pathCurve: number;
  /** ProfileCurve byte: low nibble profile shape, high nibble hole type. */
  readonly profileCurve: number;
  readonly pathBegin: number;
  readonly pathEnd: number;
  readonly pathScaleX: number;
  readonly pathScaleY: number;
  readonly pathShearX: number;
  readonly pathShearY: number;
  readonly pathTwist: number;
  readonly pathTwistBegin: number;
  readonly pathRadiusOffset: number;
  readonly pathTaperX: number;
  readonly pathTaperY: number;
  readonly pathRevolutions: number;
  readonly pathSkew: number;
  readonly profileBegin: number;
  readonly profileEnd: number;
  readonly profileHollow: number;
}

/** LL_PCODE_PATH_* */
export const PATH_LINE = 0x10;
export const PATH_CIRCLE = 0x20;
export const PATH_CIRCLE2 = 0x30;
export const PATH_TEST = 0x40;
export const PATH_FLEXIBLE = 0x80;

/** LL_PCODE_PROFILE_* (low nibble) */
export const PROFILE_CIRCLE = 0x00;
export const PROFILE_SQUARE = 0x01;
export const PROFILE_ISOTRI = 0x02;
export const PROFILE_EQUALTRI = 0x03;
export const PROFILE_RIGHTTRI = 0x04;
export const PROFILE_CIRCLE_HALF = 0x05;

/** LL_PCODE_HOLE_* (high nibble) */
export const HOLE_SAME = 0x00;
export const HOLE_CIRCLE = 0x10;
export const HOLE_SQUARE = 0x20;
export const HOLE_TRIANGLE = 0x30;

const f = Math.fround;

/** The generator's view of a shape: every value finite and inside the wire's range. */
export class VolumeShape {
  /** Path byte as the viewer compares it (flexible already replaced by line). */
  pathCurve = PATH_LINE;
  /** The path switch of LLPath::generate: line, circle, circle2 or test. */
  pathKind = PATH_LINE;
  /** Profile byte after LLVolumeParams::setType's repairs. */
  profileCurve = PROFILE_SQUARE;
  profileShape = PROFILE_SQUARE;
  holeType = HOLE_SAME;
  pathBegin = 0;
  pathEnd = 1;
  scaleX = 1;
  scaleY = 1;
  shearX = 0;
  shearY = 0;
  twist = 0;
  twistBegin = 0;
  radiusOffset = 0;
  taperX = 0;
  taperY = 0;
  revolutions = 1;
  skew = 0;
  profileBegin = 0;
  profileEnd = 1;
  hollow = 0;
}

function finite(where: string, field: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${where}: shape.${field} is ${String(value)}, expected a finite number`);
  }
  return value;
}

function clamp(value: number, lo: number, hi: number): number {
  return value < lo ? lo : value > hi ? hi : value;
}

/** LLProfileParams keeps cuts and hollow to five decimals ((int)(v * 100000) / 100000.0f). */
function truncate5(value: number): number {
  return f(Math.trunc(f(value * 100000)) / 100000);
}

/**
 * Copies `params` into `out` the way the viewer holds them after unpacking: LLProfileParams'
 * setters (begin >= 1 becomes 0, end <= 0 becomes 1, five-decimal truncation), LLVolumeParams::setType's
 * repair of unknown profile and hole codes, flexible paths as lines. Values are then clamped to what the
 * wire can carry, which bounds the generated geometry whatever the caller passes; a non-finite value
 * throws a RangeError naming the field.
 */
export function readVolumeShape(where: string, params: PrimShapeParams, out: VolumeShape): VolumeShape {
  let path = finite(where, 'pathCurve', params.pathCurve) & 0xff;
  if (path === PATH_FLEXIBLE) path = PATH_LINE;
  const kind = path & 0xf0;
  out.pathCurve = path;
  out.pathKind = kind === PATH_CIRCLE || kind === PATH_CIRCLE2 || kind === PATH_TEST ? kind : PATH_LINE;

  let profile = finite(where, 'profileCurve', params.profileCurve) & 0xff;
  if ((profile & 0x0f) > PROFILE_CIRCLE_HALF) profile = PROFILE_SQUARE;
  else if ((profile & 0xf0) > HOLE_TRIANGLE) profile &= 0x0f;
  out.profileCurve = profile;
  out.profileShape = profile & 0x0f;
  out.holeType = profile & 0xf0;

  out.pathBegin = f(clamp(finite(where, 'pathBegin', params.pathBegin), 0, 1));
  out.pathEnd = f(clamp(finite(where, 'pathEnd', params.pathEnd), 0, 1));
  // Ranges of the quantized bytes: scale U8 (200 - v) / 100 (never below 0 from the build tools),
  // the S8 fields v / 100, revolutions U8 * 0.015 + 1.
  out.scaleX = f(clamp(finite(where, 'pathScaleX', params.pathScaleX), 0, 2));
  out.scaleY = f(clamp(finite(where, 'pathScaleY', params.pathScaleY), 0, 2));
  out.shearX = f(clamp(finite(where, 'pathShearX', params.pathShearX), -1.28, 1.27));
  out.shearY = f(clamp(finite(where, 'pathShearY', params.pathShearY), -1.28, 1.27));
  out.twist = f(clamp(finite(where, 'pathTwist', params.pathTwist), -1.28, 1.27));
  out.twistBegin = f(clamp(finite(where, 'pathTwistBegin', params.pathTwistBegin), -1.28, 1.27));
  out.radiusOffset = f(clamp(finite(where, 'pathRadiusOffset', params.pathRadiusOffset), -1.28, 1.27));
  out.taperX = f(clamp(finite(where, 'pathTaperX', params.pathTaperX), -1.28, 1.27));
  out.taperY = f(clamp(finite(where, 'pathTaperY', params.pathTaperY), -1.28, 1.27));
  out.revolutions = f(clamp(finite(where, 'pathRevolutions', params.pathRevolutions), 1, 4.825));
  out.skew = f(clamp(finite(where, 'pathSkew', params.pathSkew), -1.28, 1.27));

  const begin = clamp(finite(where, 'profileBegin', params.profileBegin), 0, 1);
  const end = clamp(finite(where, 'profileEnd', params.profileEnd), 0, 1);
  out.profileBegin = begin >= 1 ? 0 : truncate5(begin);
  out.profileEnd = end <= 0 ? 1 : truncate5(end);
  out.hollow = truncate5(clamp(finite(where, 'profileHollow', params.profileHollow), 0, 1));
  return out;
}
