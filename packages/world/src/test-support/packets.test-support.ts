/**
 * Test support: whole datagrams of the object messages, built with the
 * protocol's own encoders, for objects described by a few fields.
 */
import {
  CompressedObject, ExtraParams, MOTION_FLOATS, Motion, PCode, PathCurve, ProfileShape, ShapeParams, TERSE_DATA_BYTES, TERSE_AVATAR_DATA_BYTES,
  TerseUpdate, TextureEntryFaces, createPacketEncoder, encodeCompressedObject, encodeMessage, encodeObjectMotion, encodeTerseUpdate,
  encodeExtraParams, encodeTextureEntry, quantizeShape, QuantizedShape, resetTextureEntryFaces, writeTerseTextureEntry,
} from '@slv/protocol';

export const REGION_X = 256000;
export const REGION_Y = 256256;
/** The handle of the region these packets come from: x << 32 | y. */
export const REGION_HANDLE = (BigInt(REGION_X) << 32n) | BigInt(REGION_Y);

export interface ObjectSpec {
  localId: number;
  /** Distinct per object by default (derived from the local id). */
  fullId?: string;
  parentId?: number;
  pcode?: number;
  crc?: number;
  position?: readonly [number, number, number];
  rotation?: readonly [number, number, number, number];
  scale?: readonly [number, number, number];
  velocity?: readonly [number, number, number];
  acceleration?: readonly [number, number, number];
  angularVelocity?: readonly [number, number, number];
  nameValue?: string;
  text?: string;
  /** A TextureEntry giving face `face` texture `textureId` (UUID string) and the rest none. */
  texture?: { face: number; textureId: string };
  extraParams?: Uint8Array;
  updateFlags?: number;
  /** Raw ObjectData (motion) bytes instead of encoded motion. */
  rawMotion?: Uint8Array;
  /** Raw TextureEntry bytes instead of `texture`. */
  rawTextureEntry?: Uint8Array;
}

export function uuidFor(localId: number): string {
  const hex = localId.toString(16).padStart(8, '0');
  return `${hex}-0000-4000-8000-0000${hex}`;
}

function uuidBytes(text: string): Uint8Array {
  const hex = text.replace(/-/g, '');
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

const encoder = createPacketEncoder();
let sequence = 1;

function finish(length: number): Uint8Array {
  return encoder.bytes.slice(0, length);
}

function motionOf(spec: ObjectSpec): Float32Array {
  const m = new Float32Array(MOTION_FLOATS);
  m.set(spec.position ?? [128, 128, 25], Motion.Position);
  m.set(spec.velocity ?? [0, 0, 0], Motion.Velocity);
  m.set(spec.acceleration ?? [0, 0, 0], Motion.Acceleration);
  m.set(spec.rotation ?? [0, 0, 0, 1], Motion.Rotation);
  m.set(spec.angularVelocity ?? [0, 0, 0], Motion.AngularVelocity);
  if ((spec.pcode ?? PCode.Prim) === PCode.Avatar) m.set([0, 0, 1, -20], Motion.CollisionPlane);
  return m;
}

export function textureEntryBytes(face: number, textureId: string): Uint8Array {
  const faces = resetTextureEntryFaces(new TextureEntryFaces());
  faces.textureId.set(uuidBytes(textureId), face * 16);
  const out = new Uint8Array(1024);
  return out.slice(0, encodeTextureEntry(faces, Math.max(face + 1, 1), out, 0));
}

function boxShape(): QuantizedShape {
  const shape = new ShapeParams();
  shape.pathCurve = PathCurve.Line;
  shape.profileCurve = ProfileShape.Square;
  return quantizeShape(shape, new QuantizedShape());
}

const utf8 = new TextEncoder();

/** An ObjectUpdate datagram carrying full updates of `objects`. */
export function objectUpdatePacket(objects: readonly ObjectSpec[], regionHandle: bigint = REGION_HANDLE): Uint8Array {
  const q = boxShape();
  const length = encodeMessage(
    encoder,
    'ObjectUpdate',
    {
      RegionData: { RegionHandle: regionHandle, TimeDilation: 65535 },
      ObjectData: objects.map((spec) => {
        const avatar = (spec.pcode ?? PCode.Prim) === PCode.Avatar;
        const motion = new Uint8Array(76);
        const motionLength = encodeObjectMotion(motionOf(spec), 0, avatar, motion, 0);
        return {
          ID: spec.localId,
          State: 0,
          FullID: spec.fullId ?? uuidFor(spec.localId),
          CRC: spec.crc ?? 1,
          PCode: spec.pcode ?? PCode.Prim,
          Material: 3,
          ClickAction: 0,
          Scale: spec.scale ?? [0.5, 0.5, 0.5],
          ObjectData: spec.rawMotion ?? motion.subarray(0, motionLength),
          ParentID: spec.parentId ?? 0,
          UpdateFlags: spec.updateFlags ?? 0,
          PathCurve: q.pathCurve,
          ProfileCurve: q.profileCurve,
          PathBegin: q.pathBegin,
          PathEnd: q.pathEnd,
          PathScaleX: q.pathScaleX,
          PathScaleY: q.pathScaleY,
          PathShearX: q.pathShearX & 0xff,
          PathShearY: q.pathShearY & 0xff,
          PathTwist: q.pathTwist,
          PathTwistBegin: q.pathTwistBegin,
          PathRadiusOffset: q.pathRadiusOffset,
          PathTaperX: q.pathTaperX,
          PathTaperY: q.pathTaperY,
          PathRevolutions: q.pathRevolutions,
          PathSkew: q.pathSkew,
          ProfileBegin: q.profileBegin,
          ProfileEnd: q.profileEnd,
          ProfileHollow: q.profileHollow,
          TextureEntry: spec.rawTextureEntry ?? (spec.texture ? textureEntryBytes(spec.texture.face, spec.texture.textureId) : new Uint8Array(0)),
          TextureAnim: new Uint8Array(0),
          NameValue: utf8.encode(spec.nameValue ?? ''),
          Data: new Uint8Array(0),
          Text: utf8.encode(spec.text ?? ''),
          TextColor: new Uint8Array([255, 255, 255, 0]),
          MediaURL: new Uint8Array(0),
          PSBlock: new Uint8Array(0),
          ExtraParams: spec.extraParams ?? new Uint8Array([0]),
          Sound: '00000000-0000-0000-0000-000000000000',
          OwnerID: '11111111-2222-3333-4444-555555555555',
          Gain: 0,
          Flags: 0,
          Radius: 0,
          JointType: 0,
          JointPivot: [0, 0, 0],
          JointAxisOrAnchor: [0, 0, 0],
        };
      }),
    },
    { sequence: sequence++, zeroCode: 'never' },
  );
  return finish(length);
}

/** An ImprovedTerseObjectUpdate datagram; `texture` adds a terse TextureEntry. */
export function tersePacket(objects: readonly ObjectSpec[], regionHandle: bigint = REGION_HANDLE): Uint8Array {
  const length = encodeMessage(
    encoder,
    'ImprovedTerseObjectUpdate',
    {
      RegionData: { RegionHandle: regionHandle, TimeDilation: 65535 },
      ObjectData: objects.map((spec) => {
        const update = new TerseUpdate();
        update.localId = spec.localId;
        update.isAvatar = (spec.pcode ?? PCode.Prim) === PCode.Avatar;
        update.motion.set(motionOf(spec));
        const data = new Uint8Array(update.isAvatar ? TERSE_AVATAR_DATA_BYTES : TERSE_DATA_BYTES);
        encodeTerseUpdate(update, data, 0);
        let te = new Uint8Array(0);
        if (spec.texture) {
          const inner = textureEntryBytes(spec.texture.face, spec.texture.textureId);
          te = new Uint8Array(4 + inner.length);
          writeTerseTextureEntry(te, 0, inner);
        }
        return { Data: data, TextureEntry: te };
      }),
    },
    { sequence: sequence++ },
  );
  return finish(length);
}

/** An ObjectUpdateCompressed datagram (a box prim per object). */
export function compressedPacket(objects: readonly ObjectSpec[], regionHandle: bigint = REGION_HANDLE): Uint8Array {
  return compressedPacketOf(objects.map(compressedBlob), objects.map((o) => o.updateFlags ?? 0), regionHandle);
}

/** The Data blob of an ObjectUpdateCompressed block for `spec`. */
export function compressedBlob(spec: ObjectSpec): Uint8Array {
  const o = new CompressedObject();
  o.fullId.set(uuidBytes(spec.fullId ?? uuidFor(spec.localId)));
  o.localId = spec.localId;
  o.pcode = spec.pcode ?? PCode.Prim;
  o.crc = spec.crc ?? 1;
  o.material = 3;
  o.scale.set(spec.scale ?? [0.5, 0.5, 0.5]);
  o.position.set(spec.position ?? [128, 128, 25]);
  o.rotation.set(spec.rotation ?? [0, 0, 0, 1]);
  o.ownerId.set(uuidBytes('11111111-2222-3333-4444-555555555555'));
  let flags = 0;
  if (spec.parentId) {
    flags |= 0x20;
    o.parentId = spec.parentId;
  }
  if (spec.angularVelocity) {
    flags |= 0x80;
    o.angularVelocity.set(spec.angularVelocity);
  }
  if (spec.text) {
    flags |= 0x04;
    o.text.set(new TextEncoder().encode(spec.text));
    o.textColor.set([255, 255, 255, 255]);
  }
  o.flags = flags;
  o.hasShape = true;
  o.shape.pathCurve = PathCurve.Line;
  o.shape.profileCurve = ProfileShape.Square;
  const te = spec.texture ? textureEntryBytes(spec.texture.face, spec.texture.textureId) : new Uint8Array(0);
  o.textureEntry.set(te);
  if (spec.extraParams) o.extraParams.set(spec.extraParams);
  const out = new Uint8Array(1024);
  return out.slice(0, encodeCompressedObject(o, out, 0));
}

/** An ObjectUpdateCompressed datagram of the given blobs. */
export function compressedPacketOf(blobs: readonly Uint8Array[], updateFlags: readonly number[] = [], regionHandle: bigint = REGION_HANDLE): Uint8Array {
  const length = encodeMessage(
    encoder,
    'ObjectUpdateCompressed',
    {
      RegionData: { RegionHandle: regionHandle, TimeDilation: 65535 },
      ObjectData: blobs.map((Data, i) => ({ UpdateFlags: updateFlags[i] ?? 0, Data })),
    },
    { sequence: sequence++ },
  );
  return finish(length);
}

/** An ImprovedTerseObjectUpdate datagram of raw Data and TextureEntry fields. */
export function tersePacketOf(blocks: readonly { data: Uint8Array; textureEntry?: Uint8Array }[], regionHandle: bigint = REGION_HANDLE): Uint8Array {
  const length = encodeMessage(
    encoder,
    'ImprovedTerseObjectUpdate',
    {
      RegionData: { RegionHandle: regionHandle, TimeDilation: 65535 },
      ObjectData: blocks.map((b) => ({ Data: b.data, TextureEntry: b.textureEntry ?? new Uint8Array(0) })),
    },
    { sequence: sequence++ },
  );
  return finish(length);
}

/** A LayerData datagram. */
export function layerDataPacket(layerType: number, data: Uint8Array): Uint8Array {
  const length = encodeMessage(encoder, 'LayerData', { LayerID: { Type: layerType }, LayerData: { Data: data } }, { sequence: sequence++ });
  return finish(length);
}

export function cachedPacket(objects: readonly { localId: number; crc: number; updateFlags?: number }[], regionHandle: bigint = REGION_HANDLE): Uint8Array {
  const length = encodeMessage(
    encoder,
    'ObjectUpdateCached',
    {
      RegionData: { RegionHandle: regionHandle, TimeDilation: 65535 },
      ObjectData: objects.map((o) => ({ ID: o.localId, CRC: o.crc, UpdateFlags: o.updateFlags ?? 0 })),
    },
    { sequence: sequence++ },
  );
  return finish(length);
}

export function killPacket(localIds: readonly number[]): Uint8Array {
  const length = encodeMessage(encoder, 'KillObject', { ObjectData: localIds.map((ID) => ({ ID })) }, { sequence: sequence++ });
  return finish(length);
}

/** ExtraParams bytes built by `build`. */
export function extraParams(build: (p: ExtraParams) => void): Uint8Array {
  const p = new ExtraParams();
  build(p);
  const out = new Uint8Array(256);
  return out.slice(0, encodeExtraParams(p, out, 0));
}
