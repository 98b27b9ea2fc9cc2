/**
 * The ObjectUpdate fields decoded together from real captures: a Second Life child prim
 * with ExtraParams and per-face TextureEntry exceptions, and the avatar and six prims of
 * an OpenSimulator login.
 */
import { describeWithShared } from '@slv/testing';
import { describe, expect, it } from 'vitest';
import { readerAs, uuidToString } from '../index.ts';
import { ExtraParamType, ExtraParams, decodeExtraParams, encodeExtraParams } from './extra-params.ts';
import { decodeNameValues, nameValueText } from './name-value.ts';
import { OPENSIM_LOGIN, SL_OBJECT_UPDATE, SL_OBJECT_UPDATE_JSON, decodeProjectCapture, decodeShared, hex, readSharedJson } from './object-data-fixtures.test-support.ts';
import { MOTION_FLOATS, Motion, decodeObjectMotion, objectMotionHasCollisionPlane } from './object-motion.ts';
import { MaterialCode } from './material-code.ts';
import { PCode } from './pcode.ts';
import { PROFILE_SHAPE_MASK, PathCurve, ProfileShape, ShapeParams, readObjectUpdateShape } from './shape-params.ts';
import { TextureEntryFaces, decodeTextureEntry, encodeTextureEntry } from './texture-entry.ts';

const f = Math.fround;
const PLYWOOD = '89556747-24cb-43ed-920b-47caed15465f';

interface JsonBlock {
  ID: number;
  FullID: { mUUID: string };
  CRC: number;
  PCode: number;
  Material: number;
  Scale: { values: Record<string, number> };
  ObjectData: { data: number[] };
  ParentID: number;
  UpdateFlags: number;
  TextureEntry: { data: number[] };
  ExtraParams: { data: number[] };
  [field: string]: unknown;
}

function shapeFamily(shape: ShapeParams): string {
  const profile = shape.profileCurve & PROFILE_SHAPE_MASK;
  if (shape.pathCurve === PathCurve.Line && profile === ProfileShape.Square) return 'box';
  if (shape.pathCurve === PathCurve.Line && profile === ProfileShape.Circle) return 'cylinder';
  if (shape.pathCurve === PathCurve.Circle && profile === ProfileShape.HalfCircle) return 'sphere';
  if (shape.pathCurve === PathCurve.Circle && profile === ProfileShape.Circle) return 'torus';
  return `path 0x${shape.pathCurve.toString(16)} profile 0x${shape.profileCurve.toString(16)}`;
}

describeWithShared('Second Life ObjectUpdate capture (child prim)', [SL_OBJECT_UPDATE, SL_OBJECT_UPDATE_JSON], () => {
  const json = () =>
    (readSharedJson(SL_OBJECT_UPDATE_JSON) as { packet: { message: { ObjectData: JsonBlock[] } } }).packet.message.ObjectData[0]!;
  const block = () => readerAs(decodeShared(SL_OBJECT_UPDATE), 'ObjectUpdate')!.ObjectData;

  it('reads the same block as node-metaverse', () => {
    const o = block();
    const j = json();
    expect(o.count).toBe(1);
    expect([o.ID(0), o.FullIDString(0), o.CRC(0), o.PCode(0), o.Material(0), o.ParentID(0), o.UpdateFlags(0)]).toEqual([
      j.ID, j.FullID.mUUID, j.CRC, j.PCode, j.Material, j.ParentID, j.UpdateFlags,
    ]);
    expect(o.PCode(0)).toBe(PCode.Prim);
    expect(o.Material(0)).toBe(MaterialCode.Wood);
    expect(o.Scale(0, [0, 0, 0])).toEqual([0, 1, 2].map((k) => j.Scale.values[k]));
    expect(hex(o.ObjectData(0))).toBe(hex(Uint8Array.from(j.ObjectData.data)));
    expect(hex(o.TextureEntry(0))).toBe(hex(Uint8Array.from(j.TextureEntry.data)));
    expect(hex(o.ExtraParams(0))).toBe(hex(Uint8Array.from(j.ExtraParams.data)));
    for (const name of ['PathCurve', 'ProfileCurve', 'PathBegin', 'PathEnd', 'PathScaleX', 'PathScaleY', 'ProfileHollow'] as const) {
      expect(o[name](0), name).toBe(j[name]);
    }
  });

  it('decodes its motion: parent-relative position and a unit rotation', () => {
    const o = block();
    const raw = new DataView(Uint8Array.from(json().ObjectData.data).buffer);
    const motion = new Float32Array(MOTION_FLOATS);
    expect(o.ObjectDataLength(0)).toBe(60);
    expect(decodeObjectMotion(o.bytes, o.view, o.ObjectDataOffset(0), o.ObjectDataLength(0), motion)).toBe(true);
    expect(Array.from(motion.subarray(Motion.Position, Motion.Position + 3))).toEqual([0, 4, 8].map((k) => raw.getFloat32(k, true)));
    expect(motion[Motion.Position]).toBeCloseTo(-7.8955, 3);
    expect(Array.from(motion.subarray(Motion.Velocity, Motion.Rotation))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(motion[Motion.Rotation]).toBe(raw.getFloat32(36, true));
    expect(Math.hypot(...motion.subarray(Motion.Rotation, Motion.Rotation + 4))).toBeCloseTo(1, 6);
    expect(Array.from(motion.subarray(Motion.CollisionPlane))).toEqual([0, 0, 0, 0]);
  });

  it('is a box', () => {
    const shape = new ShapeParams();
    expect(readObjectUpdateShape(block(), 0, shape)).toBe(true);
    expect(shapeFamily(shape)).toBe('box');
    expect(shape).toMatchObject({ pathBegin: 0, pathEnd: 1, pathScaleX: f(100 * f(0.01)), profileEnd: 1, profileHollow: 0, pathRevolutions: 1 });
  });

  it('decodes the per-face TextureEntry and re-encodes it byte for byte', () => {
    const o = block();
    const te = new TextureEntryFaces();
    expect(decodeTextureEntry(o.bytes, o.view, o.TextureEntryOffset(0), o.TextureEntryLength(0), te)).toBe(true);
    expect([te.faceCount, te.fieldCount, te.byteLength]).toEqual([5, 11, o.TextureEntryLength(0)]);
    for (let i = 0; i < 5; i++) {
      // faces 0-4: plywood, white but fully transparent, no glow
      expect(uuidToString(te.textureId, i * 16)).toBe(PLYWOOD);
      expect(Array.from(te.color.subarray(i * 4, i * 4 + 4))).toEqual([1, 1, 1, 0]);
      expect([te.fullbright[i], te.glow[i]]).toEqual([0, 0]);
    }
    // face 5 (the box's sixth side) takes the defaults: another texture, opaque orange, fullbright, glow 13/255
    expect(uuidToString(te.textureId, 5 * 16)).toBe('de81a68e-c677-2ece-ade3-139f7a989ede');
    expect(Array.from(te.color.subarray(20, 24))).toEqual([1, f(128 / 255), 0, 1]);
    expect([te.fullbright[5], te.glow[5], te.bump[5], te.shiny[5]]).toEqual([1, f(13 / 255), 0, 0]);
    expect(te.scaleS[5]).toBe(1);
    expect(te.materialId.every((b) => b === 0)).toBe(true);
    // the viewer's packing of a 6-face box is the canonical form, and SL sent exactly that
    const out = new Uint8Array(256);
    const n = encodeTextureEntry(te, 6, out, 0);
    expect(hex(out.subarray(0, n))).toBe(hex(o.TextureEntry(0)));
  });

  it('decodes the light and projector ExtraParams and re-encodes them byte for byte', () => {
    const o = block();
    const extra = new ExtraParams();
    expect(decodeExtraParams(o.bytes, o.view, o.ExtraParamsOffset(0), o.ExtraParamsLength(0), extra)).toBe(true);
    expect(Array.from(extra.types.subarray(0, extra.count))).toEqual([ExtraParamType.Light, ExtraParamType.LightImage]);
    expect(extra.skippedCount).toBe(0);
    expect(extra.byteLength).toBe(o.ExtraParamsLength(0));
    expect(Array.from(extra.light.color)).toEqual([1, f(128 * f(1 / 255)), 0, 1]);
    expect(extra.light.intensity).toBe(1);
    expect([extra.light.radius, extra.light.cutoff, extra.light.falloff]).toEqual([10, 0, 1]);
    expect(uuidToString(extra.lightImage.textureId)).toBe('de81a68e-c677-2ece-ade3-139f7a989ede');
    expect(Array.from(extra.lightImage.params)).toEqual([1.5, 1, 0]);
    const out = new Uint8Array(256);
    const end = encodeExtraParams(extra, out, 0);
    expect(hex(out.subarray(0, end))).toBe(hex(o.ExtraParams(0)));
  });
});

describe('OpenSimulator login capture: the avatar and six prims', () => {
  interface Seen {
    pcode: number;
    family: string;
    position: number[];
    scale: number[];
    hasPlane: boolean;
    firstName?: string;
    lastName?: string;
    faces: number;
  }

  function collect(): Seen[] {
    const seen: Seen[] = [];
    const motion = new Float32Array(MOTION_FLOATS);
    const shape = new ShapeParams();
    const te = new TextureEntryFaces();
    const extra = new ExtraParams();
    const out = new Uint8Array(256);
    const packets = decodeProjectCapture(OPENSIM_LOGIN, 'ObjectUpdate');
    expect(packets.length).toBe(3);
    for (const decoder of packets) {
      const o = readerAs(decoder, 'ObjectUpdate')!.ObjectData;
      for (let i = 0; i < o.count; i++) {
        expect(decodeObjectMotion(o.bytes, o.view, o.ObjectDataOffset(i), o.ObjectDataLength(i), motion)).toBe(true);
        expect(readObjectUpdateShape(o, i, shape)).toBe(true);
        expect(decodeTextureEntry(o.bytes, o.view, o.TextureEntryOffset(i), o.TextureEntryLength(i), te)).toBe(true);
        expect(decodeExtraParams(o.bytes, o.view, o.ExtraParamsOffset(i), o.ExtraParamsLength(i), extra)).toBe(true);
        expect(extra.count).toBe(0);
        const entry: Seen = {
          pcode: o.PCode(i),
          family: shapeFamily(shape),
          position: Array.from(motion.subarray(Motion.Position, Motion.Position + 3)),
          scale: o.Scale(i, [0, 0, 0]),
          hasPlane: objectMotionHasCollisionPlane(o.ObjectDataLength(i)),
          faces: te.faceCount,
        };
        if (o.NameValueLength(i) > 0) {
          const names = decodeNameValues(o.bytes, o.NameValueOffset(i), o.NameValueLength(i));
          entry.firstName = nameValueText(names, 'FirstName');
          entry.lastName = nameValueText(names, 'LastName');
        }
        if (te.fieldCount > 0) {
          expect(uuidToString(te.textureId, 0)).toBe(PLYWOOD);
          expect(Array.from(te.color.subarray(0, 4))).toEqual([1, 1, 1, 1]);
          // OpenSimulator (libopenmetaverse) ends the last field with a 0 too
          const n = encodeTextureEntry(te, 1, out, 0, { terminateLastField: true });
          expect(hex(out.subarray(0, n))).toBe(hex(o.TextureEntry(i)));
        }
        seen.push(entry);
      }
    }
    return seen;
  }

  it('has the avatar, Test User, standing near (128, 128, 26.1)', () => {
    const avatars = collect().filter((s) => s.pcode === PCode.Avatar);
    expect(avatars.length).toBe(1);
    const avatar = avatars[0]!;
    expect(avatar.hasPlane).toBe(true);
    expect(avatar.position[0]).toBeCloseTo(128, 0);
    expect(avatar.position[1]).toBeCloseTo(128, 0);
    expect(avatar.position[2]).toBeCloseTo(26.1, 1);
    expect([avatar.firstName, avatar.lastName]).toEqual(['Test', 'User']);
    expect(avatar.faces).toBe(0);
  });

  it('has three boxes, a cylinder, a sphere and a torus in a row along x', () => {
    const prims = collect()
      .filter((s) => s.pcode !== PCode.Avatar)
      .sort((a, b) => a.position[0]! - b.position[0]!);
    expect(prims.map((p) => p.pcode)).toEqual(new Array(6).fill(PCode.Prim));
    expect(prims.map((p) => p.family)).toEqual(['box', 'box', 'box', 'cylinder', 'sphere', 'torus']);
    expect(prims.map((p) => p.position)).toEqual([120, 123, 126, 130, 133, 136].map((x) => [x, 128, 26]));
    for (const p of prims) {
      expect(p.scale).toEqual([1, 1, 1]);
      expect(p.hasPlane).toBe(false);
      expect(p.faces).toBe(1);
    }
  });

  it("gives the torus its default 0.25 hole", () => {
    const o = readerAs(decodeProjectCapture(OPENSIM_LOGIN, 'ObjectUpdate').at(-1)!, 'ObjectUpdate')!.ObjectData;
    const shape = new ShapeParams();
    let torus = -1;
    for (let i = 0; i < o.count; i++) {
      readObjectUpdateShape(o, i, shape);
      if (shapeFamily(shape) === 'torus') torus = i;
    }
    expect(torus).toBeGreaterThanOrEqual(0);
    readObjectUpdateShape(o, torus, shape);
    expect(o.PathScaleY(torus)).toBe(175);
    expect(shape.pathScaleY).toBeCloseTo(0.25, 6);
    expect(shape.pathScaleX).toBeCloseTo(1, 6);
  });
});
