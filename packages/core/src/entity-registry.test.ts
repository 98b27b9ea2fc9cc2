import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addRegion,
  createEntityRegistry,
  getFullId,
  getObjectLocalId,
  getObjectRegion,
  getRegionHandle,
  lookupFullId,
  lookupObject,
  lookupRegion,
  registerFullId,
  registerObject,
  removeRegion,
  unregisterEntity,
  unregisterFullId,
  unregisterObject,
} from './entity-registry.ts';
import type { RegistryHolder } from './entity-registry.ts';
import { CapacityError } from './errors.ts';

const CAPACITY = 12;
const holder = (maxRegions = 4): RegistryHolder => ({ registry: createEntityRegistry(CAPACITY, maxRegions) });

type Op =
  | { kind: 'registerObject'; region: number; localId: number; eid: number }
  | { kind: 'unregisterObject'; region: number; localId: number }
  | { kind: 'registerFullId'; uuid: number; eid: number }
  | { kind: 'unregisterFullId'; uuid: number }
  | { kind: 'unregisterEntity'; eid: number }
  | { kind: 'removeRegion'; region: number };

const eidArb = fc.nat(CAPACITY - 1);
const regionArb = fc.nat(2);
const localIdArb = fc.nat(15);
const uuidArb = fc.nat(15);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('registerObject' as const), region: regionArb, localId: localIdArb, eid: eidArb }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('unregisterObject' as const), region: regionArb, localId: localIdArb }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('registerFullId' as const), uuid: uuidArb, eid: eidArb }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('unregisterFullId' as const), uuid: uuidArb }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('unregisterEntity' as const), eid: eidArb }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('removeRegion' as const), region: regionArb }), weight: 1 },
);

/** Brute-force reference: plain Maps in both directions. */
class Reference {
  readonly objects = new Map<string, number>();
  readonly objectOf = new Map<number, [number, number]>();
  readonly uuids = new Map<number, number>();
  readonly uuidOf = new Map<number, number>();
}

describe('entity registry', () => {
  it('matches a brute-force Map reference under random register/unregister sequences', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.array(opArb, { maxLength: 200, size: 'max' }), (seed, ops) => {
        const world = holder();
        // UUIDs differing from the seed in one byte each, stored at varied offsets in one buffer.
        const uuidBytes = new Uint8Array(16 * 16 + 3);
        const uuidOffset = (u: number): number => 3 + u * 16;
        for (let u = 0; u < 16; u++) {
          uuidBytes.set(seed, uuidOffset(u));
          uuidBytes[uuidOffset(u) + u] ^= 0xa5;
        }
        const handles: number[][] = [[1000, 2000], [1000, 2256], [0xffffffff, 0]];
        const regionIndex = handles.map(([hi, lo]) => addRegion(world, hi, lo));
        const ref = new Reference();
        for (const op of ops) {
          switch (op.kind) {
            case 'registerObject': {
              const region = regionIndex[op.region];
              const k = `${region}:${op.localId}`;
              const owner = ref.objects.get(k);
              const current = ref.objectOf.get(op.eid);
              const same = owner === op.eid;
              if (!same && (owner !== undefined || current !== undefined)) {
                expect(() => registerObject(world, region, op.localId, op.eid)).toThrow(/registerObject/);
              } else {
                registerObject(world, region, op.localId, op.eid);
                ref.objects.set(k, op.eid);
                ref.objectOf.set(op.eid, [region, op.localId]);
              }
              break;
            }
            case 'unregisterObject': {
              const region = regionIndex[op.region];
              const k = `${region}:${op.localId}`;
              const owner = ref.objects.get(k) ?? -1;
              expect(unregisterObject(world, region, op.localId)).toBe(owner);
              ref.objects.delete(k);
              ref.objectOf.delete(owner);
              break;
            }
            case 'registerFullId': {
              const owner = ref.uuids.get(op.uuid);
              const has = ref.uuidOf.has(op.eid);
              if (owner !== op.eid && (owner !== undefined || has)) {
                expect(() => registerFullId(world, uuidBytes, uuidOffset(op.uuid), op.eid)).toThrow(/registerFullId/);
              } else {
                registerFullId(world, uuidBytes, uuidOffset(op.uuid), op.eid);
                ref.uuids.set(op.uuid, op.eid);
                ref.uuidOf.set(op.eid, op.uuid);
              }
              break;
            }
            case 'unregisterFullId': {
              const owner = ref.uuids.get(op.uuid) ?? -1;
              expect(unregisterFullId(world, uuidBytes, uuidOffset(op.uuid))).toBe(owner);
              ref.uuids.delete(op.uuid);
              ref.uuidOf.delete(owner);
              break;
            }
            case 'unregisterEntity': {
              unregisterEntity(world, op.eid);
              const obj = ref.objectOf.get(op.eid);
              if (obj !== undefined) ref.objects.delete(`${obj[0]}:${obj[1]}`);
              ref.objectOf.delete(op.eid);
              const u = ref.uuidOf.get(op.eid);
              if (u !== undefined) ref.uuids.delete(u);
              ref.uuidOf.delete(op.eid);
              break;
            }
            case 'removeRegion': {
              const region = regionIndex[op.region];
              let expected = 0;
              for (const [eid, [r]] of ref.objectOf) {
                if (r !== region) continue;
                expected++;
                ref.objects.delete(`${r}:${ref.objectOf.get(eid)![1]}`);
                ref.objectOf.delete(eid);
              }
              expect(removeRegion(world, region)).toBe(expected);
              // Re-add it at once so later ops keep three regions; the index is reused.
              regionIndex[op.region] = addRegion(world, handles[op.region][0], handles[op.region][1]);
              expect(regionIndex[op.region]).toBe(region);
              break;
            }
          }
        }
        for (const region of regionIndex) {
          for (let localId = 0; localId < 16; localId++) {
            expect(lookupObject(world, region, localId)).toBe(ref.objects.get(`${region}:${localId}`) ?? -1);
          }
        }
        const out = new Uint8Array(20);
        for (let u = 0; u < 16; u++) expect(lookupFullId(world, uuidBytes, uuidOffset(u))).toBe(ref.uuids.get(u) ?? -1);
        for (let eid = 0; eid < CAPACITY; eid++) {
          const obj = ref.objectOf.get(eid);
          expect(getObjectRegion(world, eid)).toBe(obj?.[0] ?? -1);
          if (obj !== undefined) expect(getObjectLocalId(world, eid)).toBe(obj[1]);
          const u = ref.uuidOf.get(eid);
          expect(getFullId(world, eid, out, 4)).toBe(u !== undefined);
          if (u !== undefined) expect(out.subarray(4)).toEqual(uuidBytes.subarray(uuidOffset(u), uuidOffset(u) + 16));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('assigns region indices per handle, idempotently, and reports handles back', () => {
    const world = holder(2);
    const a = addRegion(world, 256000, 256256);
    expect(addRegion(world, 256000, 256256)).toBe(a);
    const b = addRegion(world, 1, 2);
    expect(b).not.toBe(a);
    expect(lookupRegion(world, 1, 2)).toBe(b);
    expect(lookupRegion(world, 1, 3)).toBe(-1);
    expect(Array.from(getRegionHandle(world, a, new Uint32Array(2)))).toEqual([256000, 256256]);
    expect(() => addRegion(world, 5, 5)).toThrow(CapacityError);
    expect(() => addRegion(world, -1, 0)).toThrow(/u32/);
    removeRegion(world, a);
    expect(lookupRegion(world, 256000, 256256)).toBe(-1);
    expect(() => getRegionHandle(world, a, new Uint32Array(2))).toThrow(/not in use/);
    expect(addRegion(world, 5, 5)).toBe(a);
  });

  it('rejects bad input with errors that say where and why', () => {
    const world = holder();
    const region = addRegion(world, 1, 1);
    expect(() => registerObject(world, region, 1, CAPACITY)).toThrow(CapacityError);
    expect(() => registerObject(world, region, 1, -1)).toThrow(/entity -1 is outside capacity 12/);
    expect(() => registerObject(world, region, -5, 0)).toThrow(/local id must be a u32/);
    expect(() => registerObject(world, 3, 1, 0)).toThrow(/region index 3 is not in use/);
    expect(() => lookupFullId(world, new Uint8Array(20), 5)).toThrow(/16 bytes at offset 5, buffer holds 20/);
    expect(() => registerFullId(world, new Uint8Array(8), 0, 0)).toThrow(/registerFullId/);
    expect(() => getFullId(world, 0, new Uint8Array(15))).toThrow(/getFullId/);
    expect(lookupObject(world, region, 99)).toBe(-1);
    expect(lookupObject(world, 40, 99)).toBe(-1);
  });

  it('holds one key of each kind for every entity up to capacity', () => {
    const world = holder();
    const region = addRegion(world, 7, 7);
    const uuid = new Uint8Array(16);
    for (let eid = 0; eid < CAPACITY; eid++) {
      registerObject(world, region, 1000 + eid, eid);
      uuid[0] = eid;
      registerFullId(world, uuid, 0, eid);
    }
    for (let eid = 0; eid < CAPACITY; eid++) {
      expect(lookupObject(world, region, 1000 + eid)).toBe(eid);
      uuid[0] = eid;
      expect(lookupFullId(world, uuid, 0)).toBe(eid);
    }
  });
});
