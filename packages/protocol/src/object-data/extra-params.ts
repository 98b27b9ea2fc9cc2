/**
 * ExtraParams: optional per-object parameter blocks (llprimitive.h LLNetworkData and
 * its subclasses; llviewerobject.cpp unpackParameterEntry). The blob is a U8 count,
 * then for each entry a U16 type, a U32 length and that many bytes. Known types are
 * decoded into preallocated structs; unknown or malformed entries are skipped (their
 * length frames them) and reported.
 */
import { ensureRoom, writeBytes, writeF32, writeU16, writeU32, writeU8 } from './le-bytes.ts';
import { ObjectDataError, ObjectDataStatus } from './object-data-status.ts';

/** Entry types (LLNetworkData::PARAMS_*). */
export const ExtraParamType = {
  Flexible: 0x10,
  Light: 0x20,
  Sculpt: 0x30,
  LightImage: 0x40,
  /** Used by the simulator only. */
  Reserved: 0x50,
  /** Sculpt-shaped data (asset id + sculpt type 5) that Second Life sends for meshes. */
  Mesh: 0x60,
  ExtendedMesh: 0x70,
  RenderMaterial: 0x80,
  ReflectionProbe: 0x90,
} as const;
export type ExtraParamType = (typeof ExtraParamType)[keyof typeof ExtraParamType];

/** Sculpt type in the low bits of the sculpt type byte (LL_SCULPT_TYPE_*). */
export const SculptType = { None: 0, Sphere: 1, Torus: 2, Plane: 3, Cylinder: 4, Mesh: 5 } as const;
export const SCULPT_TYPE_MASK = 0x07;
/** Flags in the high bits of the sculpt type byte. */
export const SculptFlag = { Invert: 0x40, Mirror: 0x80 } as const;

/** LLExtendedMeshParams flags. */
export const ExtendedMeshFlag = { AnimatedMesh: 0x1 } as const;
/** LLReflectionProbeParams flags. */
export const ReflectionProbeFlag = { BoxVolume: 0x01, Dynamic: 0x02, Mirror: 0x04 } as const;

/** Entries of one render-material list the struct can hold: one per face. */
export const MAX_RENDER_MATERIALS = 45;
/** Skipped entries whose type and offset are kept (all are counted). */
export const MAX_SKIPPED_EXTRA_PARAMS = 16;
/** Distinct known types; a repeated type replaces its earlier entry. */
const MAX_KNOWN_TYPES = 8;

const f = Math.fround;
const ONE_255TH = f(1 / 255);

export class LightParams {
  /** Linear RGB 0..1, and intensity in alpha (the viewer's convention). */
  readonly color = new Float32Array([1, 1, 1, 1]);
  radius = 10;
  /** Cone angle cutoff, 0..180. */
  cutoff = 0;
  falloff = 0.75;
  get intensity(): number {
    return this.color[3]!;
  }
}

export class FlexibleParams {
  /** Simulated sections as a power of two, 0..3. */
  softness = 2;
  tension = 1;
  /** Air friction. */
  drag = 2;
  gravity = 0.3;
  wind = 0;
  readonly force = new Float32Array(3);
  /** False for the old 4-byte form without the force vector. */
  hasForce = true;
}

export class SculptParams {
  /** Sculpt texture, or the mesh asset when the type is SculptType.Mesh. */
  readonly textureId = new Uint8Array(16);
  /** SculptType in the low 3 bits, SculptFlag bits above. */
  type = 0;
}

export class LightImageParams {
  /** Projector texture. */
  readonly textureId = new Uint8Array(16);
  /** Field of view, focus, ambiance. */
  readonly params = new Float32Array(3);
}

export class RenderMaterialParams {
  count = 0;
  /** Face index of entry k. */
  readonly faces = new Uint8Array(MAX_RENDER_MATERIALS);
  /** GLTF material asset id of entry k, 16 bytes each. */
  readonly materialIds = new Uint8Array(MAX_RENDER_MATERIALS * 16);
}

export class ReflectionProbeParams {
  ambiance = 0;
  clipDistance = 0;
  flags = 0;
}

export class ExtraParams {
  /** Known entries decoded, in wire order by `types`; encodeExtraParams writes these. */
  count = 0;
  readonly types = new Uint16Array(MAX_KNOWN_TYPES);
  readonly flexible = new FlexibleParams();
  readonly light = new LightParams();
  readonly sculpt = new SculptParams();
  readonly mesh = new SculptParams();
  readonly lightImage = new LightImageParams();
  extendedMeshFlags = 0;
  readonly renderMaterial = new RenderMaterialParams();
  readonly reflectionProbe = new ReflectionProbeParams();
  /** Entries skipped: unknown types, or known types of a length that type never has. */
  skippedCount = 0;
  readonly skippedTypes = new Uint16Array(MAX_SKIPPED_EXTRA_PARAMS);
  /** Offset of each skipped entry's type field in the caller's bytes. */
  readonly skippedOffsets = new Int32Array(MAX_SKIPPED_EXTRA_PARAMS);
  /** Bytes the blob took (the count byte and every entry). */
  byteLength = 0;
  readonly status = new ObjectDataStatus();

  has(type: number): boolean {
    for (let k = 0; k < this.count; k++) if (this.types[k] === type) return true;
    return false;
  }
}

/** Marks `type` as present in `params` (appending it to the write order); returns params. */
export function addExtraParam(params: ExtraParams, type: ExtraParamType): ExtraParams {
  if (!isKnownExtraParamType(type)) throw new RangeError(`ExtraParams type 0x${type.toString(16)} has no encoder`);
  if (!params.has(type)) params.types[params.count++] = type;
  return params;
}

/** Removes `type` from `params`; returns params. */
export function removeExtraParam(params: ExtraParams, type: number): ExtraParams {
  let to = 0;
  for (let k = 0; k < params.count; k++) {
    const t = params.types[k]!;
    if (t !== type) params.types[to++] = t;
  }
  params.count = to;
  return params;
}

export function isKnownExtraParamType(type: number): boolean {
  return (
    type === ExtraParamType.Flexible || type === ExtraParamType.Light || type === ExtraParamType.Sculpt ||
    type === ExtraParamType.LightImage || type === ExtraParamType.Mesh || type === ExtraParamType.ExtendedMesh ||
    type === ExtraParamType.RenderMaterial || type === ExtraParamType.ReflectionProbe
  );
}

function copy16(to: Uint8Array, at: number, from: Uint8Array, p: number): void {
  for (let k = 0; k < 16; k++) to[at + k] = from[p + k]!;
}

/** Decodes one entry's data; false when its length is not one the type has. */
function decodeEntry(type: number, bytes: Uint8Array, view: DataView, p: number, size: number, out: ExtraParams): boolean {
  switch (type) {
    case ExtraParamType.Flexible: {
      if (size !== 4 && size !== 16) return false;
      const fx = out.flexible;
      const tension = bytes[p]!;
      const drag = bytes[p + 1]!;
      // "softness" rides in the top bits of tension and drag
      fx.softness = ((tension >> 6) & 2) | ((drag >> 7) & 1);
      fx.tension = f((tension & 0x7f) / 10);
      fx.drag = f((drag & 0x7f) / 10);
      fx.gravity = f(f(bytes[p + 2]! / 10) - 10);
      fx.wind = f(bytes[p + 3]! / 10);
      fx.hasForce = size === 16;
      for (let k = 0; k < 3; k++) fx.force[k] = size === 16 ? view.getFloat32(p + 4 + 4 * k, true) : 0;
      return true;
    }
    case ExtraParamType.Light: {
      if (size !== 16) return false;
      const light = out.light;
      // LLColor4(LLColor4U) scales by the float 1/255
      for (let k = 0; k < 4; k++) light.color[k] = f(bytes[p + k]! * ONE_255TH);
      light.radius = view.getFloat32(p + 4, true);
      light.cutoff = view.getFloat32(p + 8, true);
      light.falloff = view.getFloat32(p + 12, true);
      return true;
    }
    case ExtraParamType.Sculpt:
    case ExtraParamType.Mesh: {
      if (size !== 17) return false;
      const sculpt = type === ExtraParamType.Sculpt ? out.sculpt : out.mesh;
      copy16(sculpt.textureId, 0, bytes, p);
      sculpt.type = bytes[p + 16]!;
      return true;
    }
    case ExtraParamType.LightImage: {
      if (size !== 28) return false;
      copy16(out.lightImage.textureId, 0, bytes, p);
      for (let k = 0; k < 3; k++) out.lightImage.params[k] = view.getFloat32(p + 16 + 4 * k, true);
      return true;
    }
    case ExtraParamType.ExtendedMesh:
      if (size !== 4) return false;
      out.extendedMeshFlags = view.getUint32(p, true);
      return true;
    case ExtraParamType.RenderMaterial: {
      if (size < 1) return false;
      const n = bytes[p]!;
      if (n > MAX_RENDER_MATERIALS || size !== 1 + 17 * n) return false;
      const rm = out.renderMaterial;
      rm.count = n;
      for (let k = 0; k < n; k++) {
        rm.faces[k] = bytes[p + 1 + 17 * k]!;
        copy16(rm.materialIds, 16 * k, bytes, p + 2 + 17 * k);
      }
      return true;
    }
    case ExtraParamType.ReflectionProbe:
      if (size !== 9) return false;
      out.reflectionProbe.ambiance = view.getFloat32(p, true);
      out.reflectionProbe.clipDistance = view.getFloat32(p + 4, true);
      out.reflectionProbe.flags = bytes[p + 8]!;
      return true;
    default:
      return false;
  }
}

/**
 * Walks the entries' framing only: returns the blob's length in bytes, or -1 with
 * `status` saying where it runs past `length`. Used to find where ExtraParams end
 * inside an ObjectUpdateCompressed blob.
 */
export function extraParamsByteLength(bytes: Uint8Array, view: DataView, offset: number, length: number, status: ObjectDataStatus): number {
  status.reset();
  const end = offset + length;
  if (length < 1 || end > bytes.length) {
    status.fail(ObjectDataError.Truncated, offset, 'ExtraParams end before their count byte');
    return -1;
  }
  const n = bytes[offset]!;
  let pos = offset + 1;
  for (let k = 0; k < n; k++) {
    if (pos + 6 > end) {
      status.fail(ObjectDataError.Truncated, pos, `ExtraParams entry ${k} of ${n} needs a 6-byte header at ${pos - offset}, only ${end - pos} left`);
      return -1;
    }
    const size = view.getUint32(pos + 2, true);
    if (size > end - pos - 6) {
      status.fail(ObjectDataError.Truncated, pos, `ExtraParams entry ${k} (type 0x${view.getUint16(pos, true).toString(16)}) claims ${size} bytes, only ${end - pos - 6} left`);
      return -1;
    }
    pos += 6 + size;
  }
  return pos - offset;
}

/**
 * Decodes the ExtraParams blob at `offset` (at most `length` bytes) into `out`,
 * allocating nothing. An empty field (length 0) means no entries. Returns false with
 * out.status saying where when an entry runs past the end; entries of unknown type,
 * or of a length their type never has, are skipped and listed in out.skipped*.
 * out.byteLength tells how far the blob went (the viewer ignores bytes after it).
 * `view` must address the same bytes as `bytes`.
 */
export function decodeExtraParams(bytes: Uint8Array, view: DataView, offset: number, length: number, out: ExtraParams): boolean {
  const status = out.status;
  status.reset();
  out.count = 0;
  out.skippedCount = 0;
  out.byteLength = 0;
  if (length === 0) return true;
  const total = extraParamsByteLength(bytes, view, offset, length, status);
  if (total < 0) return false;
  const n = bytes[offset]!;
  let pos = offset + 1;
  for (let k = 0; k < n; k++) {
    const type = view.getUint16(pos, true);
    const size = view.getUint32(pos + 2, true);
    if (decodeEntry(type, bytes, view, pos + 6, size, out)) {
      if (!out.has(type)) out.types[out.count++] = type;
    } else {
      if (out.skippedCount < MAX_SKIPPED_EXTRA_PARAMS) {
        out.skippedTypes[out.skippedCount] = type;
        out.skippedOffsets[out.skippedCount] = pos;
      }
      out.skippedCount++;
    }
    pos += 6 + size;
  }
  out.byteLength = total;
  return true;
}

// Encoders: each writes one entry's data at `offset` and returns the offset after it.

/** (U8)(value * 10.01f) as LLFlexibleObjectData::pack does, clamped to the bits available. */
function tenths(value: number, max: number): number {
  const q = Math.trunc(f(f(value) * f(10.01)));
  return q !== q || q < 0 ? 0 : q > max ? max : q;
}

export function encodeFlexibleParams(fx: FlexibleParams, out: Uint8Array, offset: number): number {
  ensureRoom(out, offset, fx.hasForce ? 16 : 4, 'flexible ExtraParams');
  const lod = fx.softness & 3;
  let at = writeU8(out, offset, tenths(fx.tension, 0x7f) | ((lod & 2) << 6));
  at = writeU8(out, at, tenths(fx.drag, 0x7f) | ((lod & 1) << 7));
  at = writeU8(out, at, tenths(f(fx.gravity + 10), 0xff));
  at = writeU8(out, at, tenths(fx.wind, 0xff));
  if (fx.hasForce) for (let k = 0; k < 3; k++) at = writeF32(out, at, fx.force[k]!);
  return at;
}

export function encodeLightParams(light: LightParams, out: Uint8Array, offset: number): number {
  ensureRoom(out, offset, 16, 'light ExtraParams');
  let at = offset;
  for (let k = 0; k < 4; k++) {
    // LLColor4 -> LLColor4U
    const s = f(light.color[k]! * 255);
    const q = s > 0 ? Math.trunc(f(s + 0.5)) : 0;
    at = writeU8(out, at, q > 255 ? 255 : q);
  }
  at = writeF32(out, at, light.radius);
  at = writeF32(out, at, light.cutoff);
  return writeF32(out, at, light.falloff);
}

export function encodeSculptParams(sculpt: SculptParams, out: Uint8Array, offset: number): number {
  ensureRoom(out, offset, 17, 'sculpt ExtraParams');
  const at = writeBytes(out, offset, sculpt.textureId, 0, 16);
  return writeU8(out, at, sculpt.type);
}

export function encodeLightImageParams(image: LightImageParams, out: Uint8Array, offset: number): number {
  ensureRoom(out, offset, 28, 'light image ExtraParams');
  let at = writeBytes(out, offset, image.textureId, 0, 16);
  for (let k = 0; k < 3; k++) at = writeF32(out, at, image.params[k]!);
  return at;
}

export function encodeExtendedMeshParams(flags: number, out: Uint8Array, offset: number): number {
  ensureRoom(out, offset, 4, 'extended mesh ExtraParams');
  return writeU32(out, offset, flags);
}

export function encodeRenderMaterialParams(rm: RenderMaterialParams, out: Uint8Array, offset: number): number {
  if (rm.count < 0 || rm.count > MAX_RENDER_MATERIALS) {
    throw new RangeError(`render material count ${rm.count} is not in 0..${MAX_RENDER_MATERIALS}`);
  }
  ensureRoom(out, offset, 1 + 17 * rm.count, 'render material ExtraParams');
  let at = writeU8(out, offset, rm.count);
  for (let k = 0; k < rm.count; k++) {
    at = writeU8(out, at, rm.faces[k]!);
    at = writeBytes(out, at, rm.materialIds, 16 * k, 16);
  }
  return at;
}

export function encodeReflectionProbeParams(probe: ReflectionProbeParams, out: Uint8Array, offset: number): number {
  ensureRoom(out, offset, 9, 'reflection probe ExtraParams');
  let at = writeF32(out, offset, probe.ambiance);
  at = writeF32(out, at, probe.clipDistance);
  return writeU8(out, at, probe.flags);
}

function encodeEntryData(params: ExtraParams, type: number, out: Uint8Array, offset: number): number {
  switch (type) {
    case ExtraParamType.Flexible:
      return encodeFlexibleParams(params.flexible, out, offset);
    case ExtraParamType.Light:
      return encodeLightParams(params.light, out, offset);
    case ExtraParamType.Sculpt:
      return encodeSculptParams(params.sculpt, out, offset);
    case ExtraParamType.Mesh:
      return encodeSculptParams(params.mesh, out, offset);
    case ExtraParamType.LightImage:
      return encodeLightImageParams(params.lightImage, out, offset);
    case ExtraParamType.ExtendedMesh:
      return encodeExtendedMeshParams(params.extendedMeshFlags, out, offset);
    case ExtraParamType.RenderMaterial:
      return encodeRenderMaterialParams(params.renderMaterial, out, offset);
    case ExtraParamType.ReflectionProbe:
      return encodeReflectionProbeParams(params.reflectionProbe, out, offset);
    default:
      throw new RangeError(`ExtraParams type 0x${type.toString(16)} has no encoder`);
  }
}

/**
 * Encodes the entries listed in params.types (count byte first) at `offset`; returns the
 * offset after them. Throws a RangeError when they do not fit `out`.
 */
export function encodeExtraParams(params: ExtraParams, out: Uint8Array, offset: number): number {
  ensureRoom(out, offset, 1, 'ExtraParams');
  let at = writeU8(out, offset, params.count);
  for (let k = 0; k < params.count; k++) {
    const type = params.types[k]!;
    ensureRoom(out, at, 6, 'ExtraParams entry header');
    const header = at;
    at = encodeEntryData(params, type, out, at + 6);
    writeU16(out, header, type);
    writeU32(out, header + 2, at - header - 6);
  }
  return at;
}
