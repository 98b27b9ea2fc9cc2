/**
 * SceneObjects as the simulator sends them: the full ObjectUpdate ObjectData block,
 * the ObjectUpdateCompressed blob, the ObjectUpdateCached probe and the
 * ImprovedTerseObjectUpdate Data, built with the protocol's object-data encoders and
 * shaped like OpenSimulator's (fixtures/opensim-0.9.2.2).
 */
import {
  CompressedFlags, CompressedObject, ExtraParamType, ExtraParams, MOTION_FLOATS, Motion, NULL_UUID, PCode, QuantizedShape,
  TerseUpdate, TextureEntryFaces, addExtraParam, dequantizeShape, encodeCompressedObject, encodeExtraParams,
  SculptType, encodeObjectMotion, encodeTerseUpdate, encodeTextureEntry, resetTextureEntryFaces, uuidToBytes, type MessageInput,
} from '@slv/protocol';
import type { SceneObject } from './scene-types.ts';

export type ObjectUpdateBlock = MessageInput<'ObjectUpdate'>['ObjectData'][number];
export type CompressedBlock = MessageInput<'ObjectUpdateCompressed'>['ObjectData'][number];
export type CachedBlock = MessageInput<'ObjectUpdateCached'>['ObjectData'][number];
export type TerseBlock = MessageInput<'ImprovedTerseObjectUpdate'>['ObjectData'][number];

/** Avatars stand on a default collision plane: normal (0, 0, 0), distance 1, as OpenSimulator sends. */
const AVATAR_COLLISION_PLANE = [0, 0, 0, 1] as const;

const EMPTY = new Uint8Array(0);
const scratch = new Uint8Array(4096);
/** A compressed blob: header, text, name values, extra params and a TextureEntry of up to 45 faces. */
const blobScratch = new Uint8Array(8192);
const motion = new Float32Array(MOTION_FLOATS);
const faces = new TextureEntryFaces();
const extra = new ExtraParams();
const terse = new TerseUpdate();
const compressed = new CompressedObject();
const rawShape = new QuantizedShape();
const textEncoder = new TextEncoder();

/** Fills the motion record of `object` (collision plane for avatars) into `out`. */
export function objectMotion(object: SceneObject, out: Float32Array = motion): Float32Array {
  out.fill(0);
  out.set(object.position, Motion.Position);
  out.set(object.velocity, Motion.Velocity);
  out.set(object.rotation, Motion.Rotation);
  out.set(object.angularVelocity, Motion.AngularVelocity);
  if (object.pcode === PCode.Avatar) out.set(AVATAR_COLLISION_PLANE, Motion.CollisionPlane);
  return out;
}

/** The TextureEntry of `object` (empty for an avatar, whose faces come in AvatarAppearance). */
export function encodeObjectTextureEntry(object: SceneObject): Uint8Array {
  if (object.pcode === PCode.Avatar || object.faces.length === 0) return EMPTY;
  const f = resetTextureEntryFaces(faces);
  const n = Math.min(object.faces.length, 45);
  for (let i = 0; i < n; i++) {
    const face = object.faces[i]!;
    uuidToBytes(face.textureId, f.textureId, i * 16);
    f.color.set(face.color, i * 4);
  }
  // OpenSimulator ends the last field with a 0 too (64 bytes for one plain face).
  const length = encodeTextureEntry(f, n, scratch, 0, { terminateLastField: true });
  return scratch.slice(0, length);
}

/** The ExtraParams blob: a count byte and the flexible, light and sculpt (a sculpt map, or a mesh as type 5) entries, or empty when the prim has none. */
export function encodeObjectExtraParams(object: SceneObject): Uint8Array {
  if (!object.light && object.meshId === undefined && object.sculpt === undefined && object.flexible === undefined) return EMPTY;
  extra.count = 0;
  if (object.flexible !== undefined) addFlexible(object.flexible);
  if (object.meshId !== undefined) {
    addExtraParam(extra, ExtraParamType.Sculpt);
    uuidToBytes(object.meshId, extra.sculpt.textureId, 0);
    extra.sculpt.type = SculptType.Mesh;
  } else if (object.sculpt !== undefined) {
    addExtraParam(extra, ExtraParamType.Sculpt);
    uuidToBytes(object.sculpt.textureId, extra.sculpt.textureId, 0);
    extra.sculpt.type = object.sculpt.type;
  }
  if (object.light) addLight(object.light);
  const end = encodeExtraParams(extra, scratch, 0);
  return scratch.slice(0, end);
}

function addFlexible(flexible: NonNullable<SceneObject['flexible']>): void {
  addExtraParam(extra, ExtraParamType.Flexible);
  const fx = extra.flexible;
  fx.softness = flexible.softness;
  fx.tension = flexible.tension;
  fx.drag = flexible.drag;
  fx.gravity = flexible.gravity;
  fx.wind = flexible.wind;
  fx.hasForce = true;
  fx.force.set(flexible.force ?? [0, 0, 0]);
}

function addLight(light: NonNullable<SceneObject['light']>): void {
  addExtraParam(extra, ExtraParamType.Light);
  extra.light.color[0] = light.color[0];
  extra.light.color[1] = light.color[1];
  extra.light.color[2] = light.color[2];
  extra.light.color[3] = light.intensity;
  extra.light.radius = light.radius;
  extra.light.cutoff = light.cutoff;
  extra.light.falloff = light.falloff;
}

/** Hover text colour bytes as both update forms carry them: RGB, then alpha inverted (it zero-codes better). */
export function textColorBytes(object: SceneObject): Uint8Array {
  const out = new Uint8Array(4);
  if (object.text === '') return out;
  const c = object.textColor ?? [1, 1, 1, 1];
  for (let k = 0; k < 3; k++) out[k] = toByte(c[k]!);
  out[3] = 255 - toByte(c[3]!);
  return out;
}

/** The full ObjectUpdate ObjectData block of `object`. */
export function encodeObjectUpdateBlock(object: SceneObject): ObjectUpdateBlock {
  const isAvatar = object.pcode === PCode.Avatar;
  const motionLength = encodeObjectMotion(objectMotion(object), 0, isAvatar, scratch, 0);
  const s = object.shape;
  return {
    ID: object.localId,
    State: 0,
    FullID: object.fullId,
    CRC: object.crc >>> 0,
    PCode: object.pcode,
    Material: object.material,
    ClickAction: 0,
    Scale: object.scale,
    ObjectData: scratch.slice(0, motionLength),
    ParentID: object.parentId,
    UpdateFlags: object.updateFlags >>> 0,
    PathCurve: s.pathCurve,
    ProfileCurve: s.profileCurve,
    PathBegin: s.pathBegin,
    PathEnd: s.pathEnd,
    PathScaleX: s.pathScaleX,
    PathScaleY: s.pathScaleY,
    PathShearX: s.pathShearX,
    PathShearY: s.pathShearY,
    PathTwist: s.pathTwist,
    PathTwistBegin: s.pathTwistBegin,
    PathRadiusOffset: s.pathRadiusOffset,
    PathTaperX: s.pathTaperX,
    PathTaperY: s.pathTaperY,
    PathRevolutions: s.pathRevolutions,
    PathSkew: s.pathSkew,
    ProfileBegin: s.profileBegin,
    ProfileEnd: s.profileEnd,
    ProfileHollow: s.profileHollow,
    TextureEntry: encodeObjectTextureEntry(object),
    TextureAnim: EMPTY,
    NameValue: object.nameValue ? object.nameValue : EMPTY,
    Data: EMPTY,
    Text: object.text === '' ? EMPTY : textEncoder.encode(object.text + '\0'),
    TextColor: textColorBytes(object),
    MediaURL: EMPTY,
    PSBlock: EMPTY,
    ExtraParams: encodeObjectExtraParams(object),
    // OpenSimulator names the owner here only for objects with a sound.
    Sound: NULL_UUID,
    OwnerID: NULL_UUID,
    Gain: 0,
    Flags: 0,
    Radius: 0,
    JointType: 0,
    JointPivot: [0, 0, 0],
    JointAxisOrAnchor: [0, 0, 0],
  };
}

/** The ObjectUpdateCompressed Data blob of `object` (a prim or an avatar). */
export function encodeCompressedData(object: SceneObject): Uint8Array {
  const c = compressed;
  uuidToBytes(object.fullId, c.fullId, 0);
  c.localId = object.localId;
  c.pcode = object.pcode;
  c.state = 0;
  c.crc = object.crc >>> 0;
  c.material = object.material;
  c.clickAction = 0;
  c.scale.set(object.scale);
  c.position.set(object.position);
  c.rotation.set(object.rotation);
  uuidToBytes(object.ownerId, c.ownerId, 0);
  let flags = 0;
  const w = object.angularVelocity;
  if (w[0] !== 0 || w[1] !== 0 || w[2] !== 0) {
    flags |= CompressedFlags.HasAngularVelocity;
    c.angularVelocity.set(w);
  }
  if (object.parentId !== 0) flags |= CompressedFlags.HasParent;
  c.parentId = object.parentId;
  // The blob's ranges point at scratch copies, so each section is encoded before the next is made.
  const text = object.text === '' ? EMPTY : textEncoder.encode(object.text);
  if (text.length > 0) {
    flags |= CompressedFlags.HasText;
    c.text.set(text);
    const color = textColorBytes(object);
    c.textColor.set(color);
    c.textColor[3] = 255 - color[3]!;
  } else {
    c.text.clear();
  }
  const nameValue = object.nameValue ? textEncoder.encode(object.nameValue) : EMPTY;
  if (nameValue.length > 0) flags |= CompressedFlags.HasNameValues;
  c.nameValue.set(nameValue);
  c.flags = flags;
  c.extraParams.set(encodeObjectExtraParams(object));
  c.hasShape = true;
  const s = object.shape;
  const q = rawShape;
  q.pathCurve = s.pathCurve;
  q.profileCurve = s.profileCurve;
  q.pathBegin = s.pathBegin;
  q.pathEnd = s.pathEnd;
  q.pathScaleX = s.pathScaleX;
  q.pathScaleY = s.pathScaleY;
  q.pathShearX = (s.pathShearX << 24) >> 24;
  q.pathShearY = (s.pathShearY << 24) >> 24;
  q.pathTwist = s.pathTwist;
  q.pathTwistBegin = s.pathTwistBegin;
  q.pathRadiusOffset = s.pathRadiusOffset;
  q.pathTaperX = s.pathTaperX;
  q.pathTaperY = s.pathTaperY;
  q.pathRevolutions = s.pathRevolutions;
  q.pathSkew = s.pathSkew;
  q.profileBegin = s.profileBegin;
  q.profileEnd = s.profileEnd;
  q.profileHollow = s.profileHollow;
  dequantizeShape(q, c.shape);
  c.textureEntry.set(encodeObjectTextureEntry(object));
  const end = encodeCompressedObject(c, blobScratch, 0);
  c.text.clear();
  c.nameValue.clear();
  c.extraParams.clear();
  c.textureEntry.clear();
  return blobScratch.slice(0, end);
}

/** The ObjectUpdateCompressed block of `object`. */
export function compressedBlock(object: SceneObject): CompressedBlock {
  return { UpdateFlags: object.updateFlags >>> 0, Data: encodeCompressedData(object) };
}

/** The ObjectUpdateCached probe: the viewer answers RequestMultipleObjects when its cached CRC differs. */
export function cachedBlock(object: SceneObject): CachedBlock {
  return { ID: object.localId, CRC: object.crc >>> 0, UpdateFlags: object.updateFlags >>> 0 };
}

/** Writes the terse Data of `object` (44 bytes, 60 for an avatar) at `offset` in `out`; returns the offset after it. */
export function encodeObjectTerseData(object: SceneObject, out: Uint8Array, offset: number): number {
  terse.localId = object.localId;
  terse.state = 0;
  terse.isAvatar = object.pcode === PCode.Avatar;
  objectMotion(object, terse.motion);
  return encodeTerseUpdate(terse, out, offset);
}

/** The ImprovedTerseObjectUpdate block of `object` (no TextureEntry, as for a move). */
export function terseBlock(object: SceneObject): TerseBlock {
  const end = encodeObjectTerseData(object, scratch, 0);
  return { Data: scratch.slice(0, end), TextureEntry: EMPTY };
}

function toByte(v: number): number {
  const q = Math.round(Math.min(1, Math.max(0, v)) * 255);
  return q;
}
