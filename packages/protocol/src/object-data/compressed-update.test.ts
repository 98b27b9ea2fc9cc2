import { describeWithShared } from '@slv/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readerAs } from '../index.ts';
import { CompressedFlags, CompressedObject, LEGACY_PARTICLE_SYSTEM_BYTES, decodeCompressedObject, encodeCompressedObject } from './compressed-update.ts';
import { ExtraParamType, ExtraParams, SculptType, addExtraParam, decodeExtraParams, encodeExtraParams } from './extra-params.ts';
import { SL_COMPRESSED, SL_COMPRESSED_JSON, decodeShared, hex, readSharedJson } from './object-data-fixtures.test-support.ts';
import { ObjectDataError } from './object-data-status.ts';
import { packQuaternion, unpackQuaternion } from './packed-quaternion.ts';
import { PCode } from './pcode.ts';
import { PathCurve, ProfileShape, QuantizedShape, dequantizeShape } from './shape-params.ts';
import { TextureEntryFaces, decodeTextureEntry, encodeTextureEntry, resetTextureEntryFaces } from './texture-entry.ts';

const f32 = fc.float({ min: Math.fround(-1e4), max: Math.fround(1e4), noNaN: true });
const bytesArb = (max: number) => fc.uint8Array({ maxLength: max });
const textArb = fc.uint8Array({ maxLength: 40 }).map((b) => b.map((x) => (x === 0 ? 32 : x)));

function decode(blob: Uint8Array, out = new CompressedObject()): CompressedObject {
  const ok = decodeCompressedObject(blob, new DataView(blob.buffer, blob.byteOffset, blob.byteLength), 0, blob.length, out);
  expect(out.status.message).toBe('');
  expect(ok).toBe(true);
  return out;
}

function encode(object: CompressedObject): Uint8Array {
  const out = new Uint8Array(4096);
  return out.slice(0, encodeCompressedObject(object, out, 0));
}

/** A prim (or tree) with arbitrary contents for every section its flags name. */
const objectArb = fc
  .record({
    fullId: fc.uint8Array({ minLength: 16, maxLength: 16 }),
    ownerId: fc.uint8Array({ minLength: 16, maxLength: 16 }),
    localId: fc.integer({ min: 0, max: 0xffffffff }),
    tree: fc.boolean(),
    state: fc.integer({ min: 0, max: 255 }),
    crc: fc.integer({ min: 0, max: 0xffffffff }),
    material: fc.integer({ min: 0, max: 7 }),
    clickAction: fc.integer({ min: 0, max: 255 }),
    scale: fc.array(f32, { minLength: 3, maxLength: 3 }),
    position: fc.array(f32, { minLength: 3, maxLength: 3 }),
    angle: fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }),
    flags: fc.integer({ min: 0, max: 0x7ff }),
    extraFlags: fc.constantFrom(0, 0x10000000),
    angularVelocity: fc.array(f32, { minLength: 3, maxLength: 3 }),
    parentId: fc.integer({ min: 0, max: 0xffffffff }),
    species: fc.integer({ min: 0, max: 255 }),
    scratchPadSize: fc.integer({ min: 0, max: 100 }),
    scratchPad: bytesArb(30),
    text: textArb,
    textColor: fc.uint8Array({ minLength: 4, maxLength: 4 }),
    mediaUrl: textArb,
    particlesLegacy: fc.uint8Array({ minLength: LEGACY_PARTICLE_SYSTEM_BYTES, maxLength: LEGACY_PARTICLE_SYSTEM_BYTES }),
    light: fc.boolean(),
    sound: fc.tuple(fc.uint8Array({ minLength: 16, maxLength: 16 }), f32, fc.integer({ min: 0, max: 255 }), f32),
    nameValue: textArb,
    pathCurve: fc.constantFrom(PathCurve.Line, PathCurve.Circle),
    hollow: fc.integer({ min: 0, max: 47500 }),
    textureEntry: fc.uint8Array({ maxLength: 60 }),
    textureAnim: fc.uint8Array({ minLength: 16, maxLength: 16 }),
    particles: fc.tuple(bytesArb(20), bytesArb(20)),
  })
  .map((r) => {
    const o = new CompressedObject();
    o.fullId.set(r.fullId);
    o.ownerId.set(r.ownerId);
    o.localId = r.localId;
    o.pcode = r.tree ? PCode.Tree : PCode.Prim;
    o.state = r.state;
    o.crc = r.crc;
    o.material = r.material;
    o.clickAction = r.clickAction;
    o.scale.set(r.scale);
    o.position.set(r.position);
    // a rotation as the packed form carries it (w >= 0, rebuilt from x, y, z)
    const packed = new Uint8Array(12);
    packQuaternion([0, 0, Math.sin(r.angle / 2), Math.cos(r.angle / 2)], 0, packed, 0);
    unpackQuaternion(new DataView(packed.buffer), 0, o.rotation, 0);
    // foliage carries no shape, so nothing that follows it
    o.flags = (r.flags | r.extraFlags) & ~(r.tree ? CompressedFlags.TextureAnimation | CompressedFlags.HasParticlesNew : 0);
    if (o.flags & CompressedFlags.HasAngularVelocity) o.angularVelocity.set(r.angularVelocity);
    if (o.flags & CompressedFlags.HasParent) o.parentId = r.parentId;
    if (o.flags & CompressedFlags.Tree) o.treeSpecies = r.species;
    else if (o.flags & CompressedFlags.ScratchPad) {
      o.scratchPadSize = r.scratchPadSize;
      o.scratchPad.set(r.scratchPad);
    }
    if (o.flags & CompressedFlags.HasText) {
      o.text.set(r.text);
      o.textColor.set(r.textColor);
    }
    if (o.flags & CompressedFlags.MediaURL) o.mediaUrl.set(r.mediaUrl);
    if (o.flags & CompressedFlags.HasParticlesLegacy) o.particleSystemLegacy.set(r.particlesLegacy);
    const extra = new ExtraParams();
    if (r.light) addExtraParam(extra, ExtraParamType.Light);
    const extraBytes = new Uint8Array(64);
    o.extraParams.set(extraBytes, 0, encodeExtraParams(extra, extraBytes, 0));
    if (o.flags & CompressedFlags.HasSound) {
      o.soundId.set(r.sound[0]);
      [, o.soundGain, o.soundFlags, o.soundRadius] = r.sound;
    }
    if (o.flags & CompressedFlags.HasNameValues) o.nameValue.set(r.nameValue);
    if (!r.tree) {
      o.hasShape = true;
      const q = Object.assign(new QuantizedShape(), { pathCurve: r.pathCurve, profileCurve: ProfileShape.Circle, profileHollow: r.hollow });
      dequantizeShape(q, o.shape);
      o.textureEntry.set(r.textureEntry);
      if (o.flags & CompressedFlags.TextureAnimation) o.textureAnim.set(r.textureAnim);
      if (o.flags & CompressedFlags.HasParticlesNew) {
        const [system, data] = r.particles;
        const block = new Uint8Array(8 + system.length + data.length);
        const v = new DataView(block.buffer);
        v.setUint32(0, system.length, true);
        block.set(system, 4);
        v.setUint32(4 + system.length, data.length, true);
        block.set(data, 8 + system.length);
        o.particleSystem.set(block);
      }
    }
    return o;
  });

function snapshot(o: CompressedObject): Record<string, unknown> {
  return {
    ids: [hex(o.fullId), o.localId, o.pcode, o.state, o.crc, o.material, o.clickAction, o.flags, hex(o.ownerId)],
    scale: Array.from(o.scale),
    position: Array.from(o.position),
    rotation: Array.from(o.rotation),
    angularVelocity: Array.from(o.angularVelocity),
    parent: o.parentId,
    tree: o.treeSpecies,
    scratch: [o.scratchPadSize, hex(o.scratchPad.view())],
    text: [hex(o.text.view()), Array.from(o.textColor)],
    media: hex(o.mediaUrl.view()),
    particlesLegacy: hex(o.particleSystemLegacy.view()),
    extra: hex(o.extraParams.view()),
    sound: [hex(o.soundId), o.soundGain, o.soundFlags, o.soundRadius],
    nameValue: hex(o.nameValue.view()),
    shape: o.hasShape ? { ...o.shape } : null,
    te: hex(o.textureEntry.view()),
    anim: hex(o.textureAnim.view()),
    particles: hex(o.particleSystem.view()),
  };
}

describe('ObjectUpdateCompressed Data', () => {
  it('round-trips every optional section, consuming the blob exactly, byte-identically', () => {
    fc.assert(
      fc.property(objectArb, (object) => {
        const blob = encode(object);
        const back = decode(blob);
        expect(back.byteLength).toBe(blob.length);
        expect(snapshot(back)).toEqual(snapshot(object));
        expect(hex(encode(back))).toBe(hex(blob));
      }),
    );
  });

  it('fails cleanly on every truncation of a prim blob', () => {
    fc.assert(
      fc.property(objectArb.filter((o) => o.pcode === PCode.Prim), (object) => {
        const blob = encode(object);
        const out = new CompressedObject();
        for (let cut = 0; cut < blob.length; cut++) {
          expect(decodeCompressedObject(blob, new DataView(blob.buffer), 0, cut, out)).toBe(false);
          expect(out.status.code).toBe(ObjectDataError.Truncated);
          expect(out.status.message).toMatch(/^ObjectUpdateCompressed /);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('ends foliage after NameValue, with no shape', () => {
    const tree = new CompressedObject();
    tree.pcode = PCode.NewTree;
    tree.flags = CompressedFlags.Tree;
    tree.treeSpecies = 7;
    const blob = encode(tree);
    expect(blob.length).toBe(84 + 1 + 1);
    const back = decode(blob);
    expect([back.hasShape, back.treeSpecies, back.textureEntry.length]).toEqual([false, 7, 0]);
  });

  it('inverts the text colour alpha on the wire', () => {
    const o = new CompressedObject();
    o.pcode = PCode.Tree;
    o.flags = CompressedFlags.HasText;
    o.text.set(new TextEncoder().encode('Hello ☃'));
    o.textColor.set([255, 0, 0, 255]);
    const blob = encode(o);
    const textAt = 84;
    expect(Array.from(blob.subarray(textAt + 9, textAt + 14))).toEqual([0, 255, 0, 0, 0]);
    const back = decode(blob);
    expect(back.text.text()).toBe('Hello ☃');
    expect(Array.from(back.textColor)).toEqual([255, 0, 0, 255]);
  });

  it('rejects a string section without its NUL and sections it cannot frame', () => {
    const o = new CompressedObject();
    o.pcode = PCode.Tree;
    o.flags = CompressedFlags.HasNameValues;
    o.nameValue.set(Uint8Array.from([65, 66]));
    const blob = encode(o).slice(0, -1);
    const out = new CompressedObject();
    expect(decodeCompressedObject(blob, new DataView(blob.buffer), 0, blob.length, out)).toBe(false);
    expect(out.status.message).toMatch(/NameValue at 85 has no terminating NUL/);
    o.nameValue.set(Uint8Array.from([65, 0, 66]));
    expect(() => encode(o)).toThrow(/contains a NUL/);
    o.flags = CompressedFlags.HasParticlesLegacy;
    o.particleSystemLegacy.set(new Uint8Array(10));
    expect(() => encode(o)).toThrow(/must be 86/);
    o.flags = CompressedFlags.TextureAnimation;
    expect(() => encode(o)).toThrow(/hasShape is false/);
    expect(() => encodeCompressedObject(new CompressedObject(), new Uint8Array(50), 0)).toThrow(RangeError);
  });

  it('never throws on arbitrary bytes', () => {
    const out = new CompressedObject();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.boolean(), (bytes, prim) => {
        if (bytes.length > 20) bytes[20] = prim ? PCode.Prim : PCode.Grass;
        const ok = decodeCompressedObject(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0, bytes.length, out);
        expect(ok).toBe(out.status.ok);
        if (ok) expect(out.byteLength).toBeLessThanOrEqual(bytes.length);
      }),
      { numRuns: 500 },
    );
  });
});

describeWithShared('Second Life ObjectUpdateCompressed capture (3 objects)', [SL_COMPRESSED, SL_COMPRESSED_JSON], () => {
  const reader = () => readerAs(decodeShared(SL_COMPRESSED), 'ObjectUpdateCompressed')!;

  it('decodes all three blobs completely, with plausible values, and re-encodes them identically', () => {
    const block = reader().ObjectData;
    expect(block.count).toBe(3);
    const json = readSharedJson(SL_COMPRESSED_JSON) as { packet: { message: { ObjectData: { UpdateFlags: number; Data: { data: number[] } }[] } } };
    const expected = json.packet.message.ObjectData;
    const o = new CompressedObject();
    const te = new TextureEntryFaces();
    const extra = new ExtraParams();
    const out = new Uint8Array(1024);
    for (let i = 0; i < 3; i++) {
      const blob = block.bytes.subarray(block.DataOffset(i), block.DataOffset(i) + block.DataLength(i));
      expect(hex(blob)).toBe(hex(Uint8Array.from(expected[i]!.Data.data)));
      expect(block.UpdateFlags(i)).toBe(expected[i]!.UpdateFlags);
      expect(decodeCompressedObject(block.bytes, block.view, block.DataOffset(i), block.DataLength(i), o)).toBe(true);
      expect(o.byteLength).toBe(block.DataLength(i));
      expect(o.pcode).toBe(PCode.Prim);
      expect(o.localId).toBe(block.view.getUint32(block.DataOffset(i) + 16, true));
      expect(o.parentId).toBe(0);
      expect(o.hasShape).toBe(true);
      // root prims: inside the region, up to the 4096 m build ceiling
      for (const k of [0, 1]) {
        expect(o.position[k]).toBeGreaterThanOrEqual(0);
        expect(o.position[k]).toBeLessThan(256);
      }
      expect(o.position[2]).toBeGreaterThan(0);
      expect(o.position[2]).toBeLessThan(4096);
      for (const s of o.scale) {
        expect(s).toBeGreaterThanOrEqual(0.01 - 1e-6);
        expect(s).toBeLessThanOrEqual(64);
      }
      expect(Math.hypot(...o.rotation)).toBeCloseTo(1, 5);
      expect(decodeTextureEntry(block.bytes, block.view, o.textureEntry.offset, o.textureEntry.length, te)).toBe(true);
      expect(te.byteLength).toBe(o.textureEntry.length);
      expect(decodeExtraParams(block.bytes, block.view, o.extraParams.offset, o.extraParams.length, extra)).toBe(true);
      expect(extra.byteLength).toBe(o.extraParams.length);
      expect(extra.skippedCount).toBe(0);
      const end = encodeCompressedObject(o, out, 0);
      expect(hex(out.subarray(0, end))).toBe(hex(blob));
    }
  });

  it('finds the mesh parameters and texture entries of each object', () => {
    const block = reader().ObjectData;
    const o = new CompressedObject();
    const extra = new ExtraParams();
    const te = new TextureEntryFaces();
    const out = new Uint8Array(1024);
    const meshes: number[] = [];
    // how Second Life's packer chose each TextureEntry's defaults (see texture-entry.ts)
    const packing = [
      { faces: 3, defaultFace: 'last' },
      { faces: 1, defaultFace: 'last' },
      { faces: 3, defaultFace: 'most-common' },
    ] as const;
    for (let i = 0; i < 3; i++) {
      decodeCompressedObject(block.bytes, block.view, block.DataOffset(i), block.DataLength(i), o);
      decodeExtraParams(block.bytes, block.view, o.extraParams.offset, o.extraParams.length, extra);
      if (extra.has(ExtraParamType.Mesh)) {
        expect(extra.mesh.type).toBe(SculptType.Mesh);
        meshes.push(i);
      }
      decodeTextureEntry(block.bytes, block.view, o.textureEntry.offset, o.textureEntry.length, te);
      const end = encodeTextureEntry(te, packing[i]!.faces, out, 0, { defaultFace: packing[i]!.defaultFace });
      expect(hex(out.subarray(0, end))).toBe(hex(o.textureEntry.view()));
    }
    expect(meshes).toEqual([0, 1]);
    expect(resetTextureEntryFaces(te).faceCount).toBe(0);
  });
});
