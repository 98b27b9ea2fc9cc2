import { readFileSync } from 'node:fs';
import {
  CompressedObject, ExtraParamType, ExtraParams, MOTION_FLOATS, MTU, Motion, PCode, QuantizedShape, SculptType, TerseUpdate, TextureEntryFaces,
  createPacketDecoder, createPacketEncoder, decodeCompressedObject, decodeExtraParams, decodeObjectMotion, decodeTerseUpdate,
  decodeTextureEntry, encodeMessage, quantizeShape, readMessageObject, uuidToString, type BlockObject, type MessageObject,
} from '@slv/protocol';
import { projectFixture } from '@slv/testing';
import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, blockByteSize, templateBlock } from './block-packing.ts';
import {
  cachedBlock, compressedBlock, encodeObjectTextureEntry, encodeObjectUpdateBlock, terseBlock, type ObjectUpdateBlock,
} from './encode-objects.ts';
import { findObjectByName, generateScene } from './generate-scene.ts';
import { TEST_OBJECT_NAMES, sculptMapId } from './layouts.ts';
import { PLYWOOD_TEXTURE, SceneBuilder } from './scene-builder.ts';
import { LIBRARY_MESHES } from '../meshes/mesh-library.ts';
import { LIBRARY_TEXTURES } from '../textures/procedural-textures.ts';
import type { SceneObject } from './scene-types.ts';
import { shapeBytes } from './shape-presets.ts';

const REGION_DATA = { RegionHandle: (256000n << 32n) | 256000n, TimeDilation: 65535 };
const decoder = createPacketDecoder();
const encoder = createPacketEncoder();

function fixtureMessages(name: string): MessageObject[] {
  const lines = readFileSync(projectFixture('opensim-0.9.2.2/session-login.udp.jsonl'), 'utf8').trim().split('\n');
  const found: MessageObject[] = [];
  for (const line of lines) {
    const record = JSON.parse(line) as { msg: string; hex: string };
    if (record.msg !== name) continue;
    const bytes = Buffer.from(record.hex, 'hex');
    expect(decoder.decode(bytes, bytes.length), decoder.error).toBe(true);
    found.push(readMessageObject(decoder.reader!));
  }
  return found;
}

/** Encodes `blocks` as one message and decodes it again with the project's decoder. */
function roundTrip(name: 'ObjectUpdate' | 'ObjectUpdateCompressed' | 'ObjectUpdateCached' | 'ImprovedTerseObjectUpdate', blocks: unknown[]): { length: number; message: MessageObject } {
  const length = encodeMessage(encoder, name, { RegionData: REGION_DATA, ObjectData: blocks } as never, { sequence: 1, reliable: true });
  expect(decoder.decode(encoder.bytes, length), decoder.error).toBe(true);
  expect(decoder.message!.name).toBe(name);
  return { length, message: readMessageObject(decoder.reader!) };
}

function prim(overrides: Partial<SceneObject>): SceneObject {
  return {
    localId: 1, fullId: '896894d4-f365-47fa-b563-595ed3d026d5', parentId: 0, pcode: 9, material: 3,
    position: [120, 128, 26], rotation: [0, 0, 0, 1], scale: [1, 1, 1], velocity: [0, 0, 0], angularVelocity: [0, 0, 0],
    shape: shapeBytes('box'), faces: [{ textureId: PLYWOOD_TEXTURE, color: [1, 1, 1, 1] }], text: '', name: 'prim',
    ownerId: '00000000-0000-0000-0000-000000000000', crc: 1, updateFlags: 0x810, ...overrides,
  };
}

function bytesOf(value: unknown): Uint8Array {
  return value as Uint8Array;
}

describe('encodeObjectUpdateBlock', () => {
  it('writes a plywood box exactly as OpenSimulator 0.9.2.2 did', () => {
    const fixture = fixtureMessages('ObjectUpdate')[1]!;
    const expected = (fixture.ObjectData as BlockObject[])[0]!;
    const object = prim({ localId: expected.ID as number, crc: expected.CRC as number, updateFlags: expected.UpdateFlags as number });
    const actual = (roundTrip('ObjectUpdate', [encodeObjectUpdateBlock(object)]).message.ObjectData as BlockObject[])[0];
    expect(actual).toEqual(expected);
  });

  it('writes an avatar (PCode 47, NameValue, collision plane) exactly as OpenSimulator 0.9.2.2 did', () => {
    const expected = (fixtureMessages('ObjectUpdate')[0]!.ObjectData as BlockObject[])[0]!;
    const motion = new Float32Array(MOTION_FLOATS);
    const data = bytesOf(expected.ObjectData);
    decodeObjectMotion(data, new DataView(data.buffer, data.byteOffset), 0, data.length, motion);
    const avatar = prim({
      localId: expected.ID as number, fullId: expected.FullID as string, pcode: PCode.Avatar, material: 4, scale: [0.45, 0.6, 1.9],
      position: [motion[0]!, motion[1]!, motion[2]!],
      rotation: [motion[Motion.Rotation]!, motion[Motion.Rotation + 1]!, motion[Motion.Rotation + 2]!, motion[Motion.Rotation + 3]!],
      faces: [], crc: 0, updateFlags: 0,
      shape: {
        pathCurve: 0, profileCurve: 0, pathBegin: 0, pathEnd: 0, pathScaleX: 0, pathScaleY: 0, pathShearX: 0, pathShearY: 0, pathTwist: 0,
        pathTwistBegin: 0, pathRadiusOffset: 0, pathTaperX: 0, pathTaperY: 0, pathRevolutions: 0, pathSkew: 0, profileBegin: 0,
        profileEnd: 0, profileHollow: 0,
      },
      nameValue: 'FirstName STRING RW SV Test\nLastName STRING RW SV User\nTitle STRING RW SV ',
    });
    const actual = (roundTrip('ObjectUpdate', [encodeObjectUpdateBlock(avatar)]).message.ObjectData as BlockObject[])[0];
    expect(actual).toEqual(expected);
  });

  it('round-trips every object of a scene through the decoders', () => {
    const scene = generateScene({ seed: 3, objects: 40, lights: 3, movers: 2, layout: 'test' });
    const blockInfo = templateBlock('ObjectUpdate', 'ObjectData');
    const motion = new Float32Array(MOTION_FLOATS);
    const faces = new TextureEntryFaces();
    const extra = new ExtraParams();
    let pending: ObjectUpdateBlock[] = [];
    let used = 0;
    const decoded = new Map<number, BlockObject>();
    const flush = () => {
      const { length, message } = roundTrip('ObjectUpdate', pending);
      expect(length).toBeLessThanOrEqual(MTU);
      for (const block of message.ObjectData as BlockObject[]) decoded.set(block.ID as number, block);
      pending = [];
      used = 0;
    };
    for (const object of scene.objects) {
      const block = encodeObjectUpdateBlock(object);
      const size = blockByteSize(blockInfo, block);
      if (pending.length > 0 && used + size > MAX_BODY_BYTES - 11) flush();
      pending.push(block);
      used += size;
    }
    flush();
    expect(decoded.size).toBe(scene.objects.length);
    for (const object of scene.objects) {
      const block = decoded.get(object.localId)!;
      expect(block.FullID).toBe(object.fullId);
      expect(block.ParentID).toBe(object.parentId);
      expect(block.Scale).toEqual(object.scale.map(Math.fround));
      const data = bytesOf(block.ObjectData);
      expect(data.length).toBe(60);
      expect(decodeObjectMotion(data, new DataView(data.buffer, data.byteOffset), 0, data.length, motion)).toBe(true);
      for (let k = 0; k < 3; k++) expect(motion[Motion.Position + k]).toBeCloseTo(object.position[k]!, 4);
      for (let k = 0; k < 4; k++) expect(motion[Motion.Rotation + k]).toBeCloseTo(object.rotation[k]!, 5);
      for (const key of Object.keys(object.shape) as (keyof SceneObject['shape'])[]) {
        expect(block[key[0]!.toUpperCase() + key.slice(1)], key).toBe(object.shape[key]);
      }
      const te = bytesOf(block.TextureEntry);
      expect(decodeTextureEntry(te, new DataView(te.buffer, te.byteOffset), 0, te.length, faces), faces.status.message).toBe(true);
      // Faces past the list take the last entry (the default).
      for (let face = 0; face < 8; face++) {
        const want = object.faces[Math.min(face, object.faces.length - 1)]!;
        expect(uuidToString(faces.textureId, face * 16)).toBe(want.textureId);
        for (let k = 0; k < 4; k++) expect(faces.color[face * 4 + k]).toBeCloseTo(want.color[k]!, 2);
      }
      const ep = bytesOf(block.ExtraParams);
      expect(decodeExtraParams(ep, new DataView(ep.buffer, ep.byteOffset), 0, ep.length, extra)).toBe(true);
      expect(extra.has(ExtraParamType.Light)).toBe(object.light !== undefined);
      if (object.light) {
        expect(extra.light.radius).toBeCloseTo(object.light.radius, 4);
        expect(extra.light.falloff).toBeCloseTo(object.light.falloff, 4);
        for (let k = 0; k < 3; k++) expect(extra.light.color[k]).toBeCloseTo(object.light.color[k]!, 2);
      }
      const text = Buffer.from(bytesOf(block.Text)).toString('utf8');
      expect(text).toBe(object.text === '' ? '' : `${object.text}\0`);
    }
    const sign = findObjectByName(scene, TEST_OBJECT_NAMES.sign)!;
    expect(Array.from(bytesOf(decoded.get(sign.localId)!.TextColor))).toEqual([255, 255, 255, 0]);
  });
});

describe('encodeObjectTextureEntry', () => {
  it('matches the 64-byte TextureEntry OpenSimulator sends for a new plywood prim', () => {
    const fixture = (fixtureMessages('ObjectUpdate')[1]!.ObjectData as BlockObject[])[0]!;
    expect(Buffer.from(encodeObjectTextureEntry(prim({}))).toString('hex')).toBe(Buffer.from(bytesOf(fixture.TextureEntry)).toString('hex'));
  });
});

describe('compressedBlock', () => {
  it('round-trips prims, children, lights and hover text through decodeCompressedObject', () => {
    const scene = generateScene({ seed: 5, objects: 30, lights: 2, movers: 1, layout: 'test' });
    const out = new CompressedObject();
    const faces = new TextureEntryFaces();
    const extra = new ExtraParams();
    const requantized = new QuantizedShape();
    for (const object of scene.objects) {
      const block = compressedBlock(object);
      expect(block.UpdateFlags).toBe(object.updateFlags);
      const { message } = roundTrip('ObjectUpdateCompressed', [block]);
      const decoded = (message.ObjectData as BlockObject[])[0]!;
      const data = bytesOf(decoded.Data);
      const view = new DataView(data.buffer, data.byteOffset);
      expect(decodeCompressedObject(data, view, 0, data.length, out), out.status.message).toBe(true);
      expect(out.byteLength).toBe(data.length);
      expect(uuidToString(out.fullId)).toBe(object.fullId);
      expect(out.localId).toBe(object.localId);
      expect(out.pcode).toBe(9);
      expect(out.crc).toBe(object.crc);
      expect(out.parentId).toBe(object.parentId);
      expect(uuidToString(out.ownerId)).toBe(object.ownerId);
      for (let k = 0; k < 3; k++) {
        expect(out.position[k]).toBeCloseTo(object.position[k]!, 4);
        expect(out.scale[k]).toBeCloseTo(object.scale[k]!, 5);
      }
      for (let k = 0; k < 4; k++) expect(out.rotation[k]).toBeCloseTo(object.rotation[k]!, 5);
      expect(out.text.text()).toBe(object.text);
      expect(out.hasShape).toBe(true);
      quantizeShape(out.shape, requantized);
      expect(requantized.pathCurve).toBe(object.shape.pathCurve);
      expect(requantized.profileCurve).toBe(object.shape.profileCurve);
      expect(requantized.profileHollow).toBe(object.shape.profileHollow);
      expect(requantized.pathScaleX).toBe(object.shape.pathScaleX);
      expect(requantized.pathShearX & 0xff).toBe(object.shape.pathShearX);
      expect(requantized.pathTwist).toBe(object.shape.pathTwist);
      expect(requantized.profileBegin).toBe(object.shape.profileBegin);
      expect(requantized.profileEnd).toBe(object.shape.profileEnd);
      const te = out.textureEntry;
      expect(decodeTextureEntry(te.bytes, view, te.offset, te.length, faces)).toBe(true);
      expect(uuidToString(faces.textureId, 0)).toBe(object.faces[0]!.textureId);
      const ep = out.extraParams;
      expect(decodeExtraParams(ep.bytes, view, ep.offset, ep.length, extra)).toBe(true);
      expect(extra.has(ExtraParamType.Light)).toBe(object.light !== undefined);
    }
  });

  it('sends a mesh object as sculpt ExtraParams of type 5 naming the mesh asset, in both update forms, beside a light', () => {
    const scene = generateScene({ seed: 5, objects: 0, lights: 0, movers: 0, layout: 'test' });
    const meshId = LIBRARY_MESHES[0]!.id;
    const [object] = new SceneBuilder(scene, 1, scene.objects[0]?.ownerId ?? meshId).add({ position: [10, 10, 30], meshId: meshId.toUpperCase(), light: { color: [1, 1, 1], intensity: 1, radius: 5, cutoff: 0, falloff: 1 } });
    const extra = new ExtraParams();
    const full = bytesOf((roundTrip('ObjectUpdate', [encodeObjectUpdateBlock(object!)]).message.ObjectData as BlockObject[])[0]!.ExtraParams);
    const out = new CompressedObject();
    const data = bytesOf((roundTrip('ObjectUpdateCompressed', [compressedBlock(object!)]).message.ObjectData as BlockObject[])[0]!.Data);
    const view = new DataView(data.buffer, data.byteOffset);
    expect(decodeCompressedObject(data, view, 0, data.length, out), out.status.message).toBe(true);
    for (const [bytes, dataView, offset, length] of [[full, new DataView(full.buffer, full.byteOffset), 0, full.length], [out.extraParams.bytes, view, out.extraParams.offset, out.extraParams.length]] as const) {
      expect(decodeExtraParams(bytes, dataView, offset, length, extra)).toBe(true);
      expect(extra.has(ExtraParamType.Sculpt) && extra.has(ExtraParamType.Light)).toBe(true);
      expect(extra.sculpt.type).toBe(SculptType.Mesh);
      expect(uuidToString(extra.sculpt.textureId)).toBe(meshId);
    }
  });
});

describe('sculpted prims', () => {
  it('send their sculpt map and SculptType (flags kept) in the sculpt ExtraParams', () => {
    const scene = generateScene({ seed: 5, objects: 0, lights: 0, movers: 0, layout: 'test' });
    const map = sculptMapId('sculpt-torus');
    const [object] = new SceneBuilder(scene, 1, map).add({ position: [10, 10, 30], sculpt: { textureId: map, type: SculptType.Torus | 64 } });
    const extra = new ExtraParams();
    const full = bytesOf((roundTrip('ObjectUpdate', [encodeObjectUpdateBlock(object!)]).message.ObjectData as BlockObject[])[0]!.ExtraParams);
    expect(decodeExtraParams(full, new DataView(full.buffer, full.byteOffset), 0, full.length, extra)).toBe(true);
    expect(extra.sculpt.type).toBe(SculptType.Torus | 64);
    expect(uuidToString(extra.sculpt.textureId)).toBe(map);
    expect(LIBRARY_TEXTURES.some((t) => t.id === map && t.size === 32)).toBe(true);
  });
});

describe('flexible prims', () => {
  it('send path curve 0x80 and their flexible ExtraParams (softness, tension, drag, gravity, wind, force)', () => {
    const scene = generateScene({ seed: 5, objects: 0, lights: 0, movers: 0, layout: 'test' });
    const rod = scene.objects.find((o) => o.name === TEST_OBJECT_NAMES.flexible)!;
    expect(rod.shape.pathCurve).toBe(0x80);
    const [banner] = new SceneBuilder(scene, 1, rod.ownerId).add({
      position: [10, 10, 30], flexible: { softness: 3, tension: 2.5, drag: 1, gravity: -0.5, wind: 4, force: [0.25, -1, 2] },
    });
    const extra = new ExtraParams();
    for (const object of [rod, banner!]) {
      const full = bytesOf((roundTrip('ObjectUpdate', [encodeObjectUpdateBlock(object)]).message.ObjectData as BlockObject[])[0]!.ExtraParams);
      expect(decodeExtraParams(full, new DataView(full.buffer, full.byteOffset), 0, full.length, extra)).toBe(true);
      expect(extra.has(ExtraParamType.Flexible)).toBe(true);
      const f = object.flexible!;
      expect([extra.flexible.softness, extra.flexible.tension, extra.flexible.drag, extra.flexible.gravity, extra.flexible.wind])
        .toEqual([f.softness, f.tension, f.drag, f.gravity, f.wind].map((v) => expect.closeTo(v, 1)));
      expect(Array.from(extra.flexible.force)).toEqual((f.force ?? [0, 0, 0]).map((v) => expect.closeTo(v, 5)));
    }
  });
});

describe('terseBlock and cachedBlock', () => {
  it('terse Data decodes to the position, velocity and rotation of a moving prim', () => {
    const object = prim({ localId: 4242, position: [10.5, 200.25, 33], velocity: [1.5, -2, 0], rotation: [0, 0, Math.SQRT1_2, Math.SQRT1_2] });
    const { length, message } = roundTrip('ImprovedTerseObjectUpdate', [terseBlock(object)]);
    expect(length).toBeLessThan(100);
    const block = (message.ObjectData as BlockObject[])[0]!;
    const data = bytesOf(block.Data);
    expect(data.length).toBe(44);
    expect(bytesOf(block.TextureEntry).length).toBe(0);
    const terse = new TerseUpdate();
    expect(decodeTerseUpdate(data, new DataView(data.buffer, data.byteOffset), 0, data.length, terse)).toBe(true);
    expect(terse.localId).toBe(4242);
    expect(terse.isAvatar).toBe(false);
    expect(Array.from(terse.motion.subarray(Motion.Position, Motion.Position + 3))).toEqual([10.5, 200.25, 33]);
    expect(terse.motion[Motion.Velocity]).toBeCloseTo(1.5, 1);
    expect(terse.motion[Motion.Velocity + 1]).toBeCloseTo(-2, 1);
    expect(terse.motion[Motion.Rotation + 2]).toBeCloseTo(Math.SQRT1_2, 3);
  });

  it('cached probes carry the id, CRC and update flags', () => {
    const object = prim({ localId: 77, crc: 0xfffffff0, updateFlags: 0x810 });
    expect(cachedBlock(object)).toEqual({ ID: 77, CRC: 0xfffffff0, UpdateFlags: 0x810 });
    const { message } = roundTrip('ObjectUpdateCached', [cachedBlock(object)]);
    expect(message.ObjectData).toEqual([{ ID: 77, CRC: 0xfffffff0, UpdateFlags: 0x810 }]);
  });
});
