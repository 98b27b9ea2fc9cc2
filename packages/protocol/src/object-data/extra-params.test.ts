import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ExtendedMeshFlag, ExtraParamType, ExtraParams, MAX_RENDER_MATERIALS, ReflectionProbeFlag, SculptFlag, SculptType,
  addExtraParam, decodeExtraParams, encodeExtraParams, encodeFlexibleParams, encodeLightParams, extraParamsByteLength,
  removeExtraParam,
} from './extra-params.ts';
import { ObjectDataError, ObjectDataStatus } from './object-data-status.ts';

const f = Math.fround;
const float = fc.float({ noNaN: true, noDefaultInfinity: true });
const uuid = fc.uint8Array({ minLength: 16, maxLength: 16 });

function decode(bytes: Uint8Array, length = bytes.length): ExtraParams {
  const out = new ExtraParams();
  const ok = decodeExtraParams(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0, length, out);
  expect(out.status.message).toBe('');
  expect(ok).toBe(true);
  return out;
}

function encode(params: ExtraParams): Uint8Array {
  const out = new Uint8Array(2048);
  return out.slice(0, encodeExtraParams(params, out, 0));
}

/** An entry header and data, as bytes. */
function entry(type: number, data: number[]): number[] {
  const n = data.length;
  return [type & 0xff, type >> 8, n & 0xff, (n >> 8) & 0xff, 0, 0, ...data];
}

/** Every known type filled from arbitrary wire values, in a random order. */
const paramsArb = fc
  .record({
    order: fc.shuffledSubarray([0x10, 0x20, 0x30, 0x40, 0x60, 0x70, 0x80, 0x90] as ExtraParamType[], { minLength: 0 }),
    flexBytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }),
    hasForce: fc.boolean(),
    force: fc.array(float, { minLength: 3, maxLength: 3 }),
    lightBytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }),
    lightFloats: fc.array(float, { minLength: 3, maxLength: 3 }),
    sculptId: uuid,
    sculptType: fc.integer({ min: 0, max: 255 }),
    meshId: uuid,
    imageId: uuid,
    imageParams: fc.array(float, { minLength: 3, maxLength: 3 }),
    meshFlags: fc.integer({ min: 0, max: 0xffffffff }),
    materials: fc.array(fc.tuple(fc.integer({ min: 0, max: 255 }), uuid), { maxLength: MAX_RENDER_MATERIALS }),
    probe: fc.tuple(float, float, fc.integer({ min: 0, max: 255 })),
  })
  .map((r) => {
    const p = new ExtraParams();
    for (const type of r.order) addExtraParam(p, type);
    // flexible and light values as a decoder would leave them, from wire bytes
    const fx = p.flexible;
    const [t, d, g, w] = r.flexBytes as [number, number, number, number];
    fx.softness = ((t >> 6) & 2) | ((d >> 7) & 1);
    fx.tension = f((t & 0x7f) / 10);
    fx.drag = f((d & 0x7f) / 10);
    fx.gravity = f(f(g / 10) - 10);
    fx.wind = f(w / 10);
    fx.hasForce = r.hasForce;
    fx.force.set(r.hasForce ? r.force : [0, 0, 0]);
    r.lightBytes.forEach((b, k) => (p.light.color[k] = f(b * f(1 / 255))));
    [p.light.radius, p.light.cutoff, p.light.falloff] = r.lightFloats as [number, number, number];
    p.sculpt.textureId.set(r.sculptId);
    p.sculpt.type = r.sculptType;
    p.mesh.textureId.set(r.meshId);
    p.mesh.type = SculptType.Mesh;
    p.lightImage.textureId.set(r.imageId);
    p.lightImage.params.set(r.imageParams);
    p.extendedMeshFlags = r.meshFlags;
    p.renderMaterial.count = r.materials.length;
    r.materials.forEach(([face, id], k) => {
      p.renderMaterial.faces[k] = face;
      p.renderMaterial.materialIds.set(id, 16 * k);
    });
    [p.reflectionProbe.ambiance, p.reflectionProbe.clipDistance, p.reflectionProbe.flags] = r.probe;
    return p;
  });

function snapshot(p: ExtraParams): Record<string, unknown> {
  const s: Record<string, unknown> = { types: Array.from(p.types.subarray(0, p.count)) };
  if (p.has(ExtraParamType.Flexible)) s.flexible = { ...p.flexible, force: Array.from(p.flexible.force) };
  if (p.has(ExtraParamType.Light)) s.light = { ...p.light, color: Array.from(p.light.color) };
  if (p.has(ExtraParamType.Sculpt)) s.sculpt = [Array.from(p.sculpt.textureId), p.sculpt.type];
  if (p.has(ExtraParamType.Mesh)) s.mesh = [Array.from(p.mesh.textureId), p.mesh.type];
  if (p.has(ExtraParamType.LightImage)) s.lightImage = [Array.from(p.lightImage.textureId), Array.from(p.lightImage.params)];
  if (p.has(ExtraParamType.ExtendedMesh)) s.extendedMesh = p.extendedMeshFlags;
  if (p.has(ExtraParamType.RenderMaterial)) {
    const rm = p.renderMaterial;
    s.renderMaterial = [Array.from(rm.faces.subarray(0, rm.count)), Array.from(rm.materialIds.subarray(0, 16 * rm.count))];
  }
  if (p.has(ExtraParamType.ReflectionProbe)) s.probe = { ...p.reflectionProbe };
  return s;
}

describe('ExtraParams', () => {
  it('round-trips every known type in any order, byte-identically', () => {
    fc.assert(
      fc.property(paramsArb, (params) => {
        const bytes = encode(params);
        const back = decode(bytes);
        expect(back.byteLength).toBe(bytes.length);
        expect(back.skippedCount).toBe(0);
        expect(snapshot(back)).toEqual(snapshot(params));
        expect(Array.from(encode(back))).toEqual(Array.from(bytes));
        expect(extraParamsByteLength(bytes, new DataView(bytes.buffer), 0, bytes.length, new ObjectDataStatus())).toBe(bytes.length);
      }),
    );
  });

  it('decodes light colour as bytes/255 with intensity in alpha', () => {
    const bytes = Uint8Array.from([1, ...entry(0x20, [255, 128, 0, 51, 0, 0, 0x20, 0x41, 0, 0, 0, 0, 0, 0, 0x80, 0x3f])]);
    const light = decode(bytes).light;
    expect(light.color[0]).toBe(1);
    expect(light.color[1]).toBeCloseTo(128 / 255, 6);
    expect(light.intensity).toBeCloseTo(0.2, 6);
    expect([light.radius, light.cutoff, light.falloff]).toEqual([10, 0, 1]);
    const out = new Uint8Array(16);
    light.color.set([2, -1, 0.5, 1]);
    encodeLightParams(light, out, 0);
    expect(Array.from(out.subarray(0, 4))).toEqual([255, 0, 128, 255]);
  });

  it('unpacks flexible softness from the top bits of tension and drag', () => {
    // tension 0x80 | 15, drag 0x80 | 20, gravity 103, wind 5, and the old 4-byte form
    const p = decode(Uint8Array.from([1, ...entry(0x10, [0x8f, 0x94, 103, 5])]));
    const fx = p.flexible;
    expect(fx.softness).toBe(3);
    expect(fx.tension).toBeCloseTo(1.5, 6);
    expect(fx.drag).toBeCloseTo(2, 6);
    expect(fx.gravity).toBeCloseTo(0.3, 5);
    expect(fx.wind).toBeCloseTo(0.5, 6);
    expect(fx.hasForce).toBe(false);
    const out = new Uint8Array(4);
    expect(encodeFlexibleParams(fx, out, 0)).toBe(4);
    expect(Array.from(out)).toEqual([0x8f, 0x94, 103, 5]);
  });

  it('skips and reports unknown types and lengths a type never has', () => {
    const bytes = Uint8Array.from([
      4,
      ...entry(0x50, [1, 2, 3]),
      ...entry(0x20, [0, 0, 0, 0]),
      ...entry(0x70, [ExtendedMeshFlag.AnimatedMesh, 0, 0, 0]),
      ...entry(0x1234, []),
    ]);
    const p = decode(bytes);
    expect(Array.from(p.types.subarray(0, p.count))).toEqual([0x70]);
    expect(p.extendedMeshFlags).toBe(ExtendedMeshFlag.AnimatedMesh);
    expect(p.skippedCount).toBe(3);
    expect(Array.from(p.skippedTypes.subarray(0, 3))).toEqual([0x50, 0x20, 0x1234]);
    expect(Array.from(p.skippedOffsets.subarray(0, 3))).toEqual([1, 10, 30]);
    expect(p.byteLength).toBe(bytes.length);
  });

  it('lets a repeated type replace the earlier entry', () => {
    const p = decode(Uint8Array.from([2, ...entry(0x70, [1, 0, 0, 0]), ...entry(0x70, [2, 0, 0, 0])]));
    expect(p.count).toBe(1);
    expect(p.extendedMeshFlags).toBe(2);
  });

  it('reads sculpt flags and reflection probe flags through', () => {
    const id = Array.from({ length: 16 }, (_, k) => k + 1);
    const p = decode(Uint8Array.from([
      2,
      ...entry(0x30, [...id, SculptType.Torus | SculptFlag.Mirror]),
      ...entry(0x90, [0, 0, 0x80, 0x3f, 0, 0, 0, 0, ReflectionProbeFlag.BoxVolume | ReflectionProbeFlag.Mirror]),
    ]));
    expect(Array.from(p.sculpt.textureId)).toEqual(id);
    expect(p.sculpt.type).toBe(0x82);
    expect(p.reflectionProbe).toMatchObject({ ambiance: 1, clipDistance: 0, flags: 5 });
  });

  it('treats an empty field as no parameters and ignores bytes after the blob', () => {
    expect(decode(new Uint8Array(0)).count).toBe(0);
    const p = decode(Uint8Array.from([0, 99, 99]));
    expect([p.count, p.byteLength]).toEqual([0, 1]);
  });

  it('fails, saying where, when an entry runs past the end', () => {
    for (const bytes of [[1], [1, 0x20, 0, 16], [2, ...entry(0x70, [0, 0, 0, 0]), 0x20, 0, 16, 0, 0, 0, 1, 2]]) {
      const data = Uint8Array.from(bytes);
      const out = new ExtraParams();
      expect(decodeExtraParams(data, new DataView(data.buffer), 0, data.length, out)).toBe(false);
      expect(out.status.code).toBe(ObjectDataError.Truncated);
      expect(out.status.message).toMatch(/ExtraParams entry/);
    }
  });

  it('never throws on arbitrary bytes', () => {
    const out = new ExtraParams();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const ok = decodeExtraParams(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0, bytes.length, out);
        expect(ok).toBe(out.status.ok);
        if (ok) expect(out.byteLength).toBeLessThanOrEqual(bytes.length);
      }),
    );
  });

  it('adds and removes entries for encoding and refuses what it cannot encode', () => {
    const p = new ExtraParams();
    addExtraParam(p, ExtraParamType.Light);
    addExtraParam(p, ExtraParamType.Light);
    addExtraParam(p, ExtraParamType.ExtendedMesh);
    expect(Array.from(p.types.subarray(0, p.count))).toEqual([0x20, 0x70]);
    removeExtraParam(p, ExtraParamType.Light);
    expect(encode(p).length).toBe(1 + 6 + 4);
    expect(() => addExtraParam(p, ExtraParamType.Reserved)).toThrow(RangeError);
    expect(() => encodeExtraParams(p, new Uint8Array(8), 0)).toThrow(RangeError);
  });
});
