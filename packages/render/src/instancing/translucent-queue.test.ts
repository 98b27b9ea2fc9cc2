import { getHeapStatistics } from 'node:v8';
import { MAX_ENTITY_FACES } from '@slv/world';
import { mat4 } from 'gl-matrix';
import { describe, expect, it } from 'vitest';
import { addDrawInstance, createDrawBatches, groupDrawBatches } from './draw-batches.ts';
import { appendTranslucentRuns, buildDrawList, createDrawList } from './draw-list.ts';
import type { DrawList } from './draw-list.ts';
import { FACE_RECORD_BYTES, MATRIX_FLOATS, PASS_TRANSLUCENT, createInstanceStreams, packInstanceStreams } from './instance-streams.ts';
import { addTestObject, createTestWorld } from '../systems/test-world.test-support.ts';
import type { TestObject } from '../systems/test-world.test-support.ts';
import {
  addTranslucentItem, collectTranslucent, createTranslucentQueue, packTranslucent, sortTranslucent,
} from './translucent-queue.ts';
import type { TranslucentQueue } from './translucent-queue.ts';

const F = MAX_ENTITY_FACES;
const HALF_RED: [number, number, number, number] = [255, 0, 0, 128];
const HALF_BLUE: [number, number, number, number] = [0, 0, 255, 128];

/** Slots 0..slots-1, each a six-faced box (TE f for face f, 6 indices a face, face f at 6f). */
function boxTables(slots: number) {
  const faceCount = new Uint8Array(slots).fill(6);
  const faceTe = new Uint8Array(slots * F);
  const faceIndexStart = new Int32Array(slots * F);
  const faceIndexCount = new Int32Array(slots * F);
  for (let s = 0; s < slots; s++) {
    for (let f = 0; f < 6; f++) {
      faceTe[s * F + f] = f;
      faceIndexStart[s * F + f] = f * 6;
      faceIndexCount[s * F + f] = 6;
    }
  }
  return { faceCount, faceTe, faceIndexStart, faceIndexCount };
}

/** A camera at the origin looking along +y (z up): view depth is world y. */
const VIEW = mat4.lookAt(new Float32Array(16), [0, 0, 0], [0, 1, 0], [0, 0, 1]) as Float32Array;

/** A frame up to packed streams: objects with their mesh slot, batched as the LOD system does. */
function frame(objects: (TestObject & { slot: number })[], slots = 4) {
  const t = createTestWorld(Math.max(64, objects.length + 1));
  const eids = objects.map((o) => addTestObject(t, o));
  const batches = createDrawBatches(t.world.capacity, slots);
  eids.forEach((eid, i) => addDrawInstance(batches, eid, objects[i].slot));
  groupDrawBatches(batches);
  const streams = createInstanceStreams(t.world.capacity, slots);
  const tables = boxTables(slots);
  packInstanceStreams(streams, batches, tables, t.components.world.matrix, t.components.textures);
  return { t, eids, batches, streams, tables };
}

function sortedFrame(objects: (TestObject & { slot: number })[]) {
  const f = frame(objects);
  const queue = createTranslucentQueue(f.t.world.capacity * F);
  collectTranslucent(queue, f.batches, f.streams, f.tables, VIEW);
  sortTranslucent(queue);
  packTranslucent(queue, f.streams);
  return { ...f, queue };
}

/** The entity drawn k-th: by its matrix's translation in the queue's streams (objects here differ in position). */
function drawnY(queue: TranslucentQueue, k: number): number {
  return queue.matrices[k * MATRIX_FLOATS + 13];
}

function runs(list: DrawList) {
  const out: { slot: number; face: number; first: number; instances: number }[] = [];
  for (let e = list.opaqueCount; e < list.count; e++) {
    if (list.pass[e] !== PASS_TRANSLUCENT || list.firstRecord[e] !== list.firstInstance[e]) throw new Error(`entry ${e} is not a translucent run`);
    out.push({ slot: list.slot[e], face: list.face[e], first: list.firstInstance[e], instances: list.instances[e] });
  }
  return out;
}

describe('collectTranslucent', () => {
  it('takes only faces with 0 < alpha < 255, one item per (object, face), objects in batch order', () => {
    const { queue, eids, batches } = sortedFrame([
      { slot: 0, position: [0, 10, 0], color: [HALF_RED, [0, 0, 0, 255], [0, 0, 0, 0], [1, 2, 3, 254], [0, 0, 0, 1], [9, 9, 9, 255]] },
      { slot: 1, position: [0, 20, 0], color: [0, 255, 0, 255] },
      { slot: 0, position: [0, 30, 0], color: HALF_BLUE },
    ]);
    // Object 0: faces 0, 3, 4; object 1: none; object 2: all six.
    expect(queue.count).toBe(3 + 6);
    const added = Array.from({ length: queue.count }, (_, i) => [batches.sortedEid[queue.instance[i]], queue.face[i]]);
    expect(added).toEqual([
      [eids[0], 0], [eids[0], 3], [eids[0], 4],
      [eids[2], 0], [eids[2], 1], [eids[2], 2], [eids[2], 3], [eids[2], 4], [eids[2], 5],
    ]);
    expect(Array.from(queue.slot.subarray(0, queue.count))).toEqual(new Array(9).fill(0));
  });

  it('draws farther objects first, by depth along the view axis (not by distance)', () => {
    // y is the view axis: the object 25 m to the side but 5 m ahead is nearer than the one 9 m straight ahead.
    const { queue } = sortedFrame([
      { slot: 0, position: [0, 5, 0], color: HALF_RED },
      { slot: 0, position: [25, 5, 0], color: HALF_RED },
      { slot: 0, position: [0, 9, 0], color: HALF_BLUE },
      { slot: 0, position: [0, 7, 0], color: HALF_BLUE },
    ]);
    const ys = Array.from({ length: queue.count }, (_, k) => drawnY(queue, k));
    expect(ys).toEqual([...new Array(6).fill(9), ...new Array(6).fill(7), ...new Array(12).fill(5)]);
    // The two at equal depth keep their order: x 0 before x 25.
    const xs = Array.from({ length: 12 }, (_, k) => queue.matrices[(12 + k) * MATRIX_FLOATS + 12]);
    expect(xs).toEqual([...new Array(6).fill(0), ...new Array(6).fill(25)]);
  });

  it('packs each drawn item\'s face record from its own object and face', () => {
    const { queue } = sortedFrame([
      { slot: 0, position: [0, 5, 0], color: [[10, 0, 0, 100], [20, 0, 0, 100]] },
      { slot: 1, position: [0, 8, 0], color: [[30, 0, 0, 50], [40, 0, 0, 255]] },
    ]);
    const record = (k: number) => Array.from(queue.faceRecords.subarray(k * FACE_RECORD_BYTES, k * FACE_RECORD_BYTES + 4));
    // Far object: faces 0 only (faces 1..5 take TE 1 = opaque); near object: all six (TE 1 for faces 1..5).
    expect(queue.count).toBe(1 + 6);
    expect(record(0)).toEqual([30, 0, 0, 50]);
    expect(record(1)).toEqual([10, 0, 0, 100]);
    for (let k = 2; k < 7; k++) expect(record(k)).toEqual([20, 0, 0, 100]);
    expect(drawnY(queue, 0)).toBe(8);
    expect(drawnY(queue, 1)).toBe(5);
  });
});

describe('translucent runs in the draw list', () => {
  it('merges only adjacent items of one (mesh, face), so the draws keep the sorted order', () => {
    const queue = createTranslucentQueue(64);
    // Depth-descending by construction: (slot, face) per item.
    const items: [number, number][] = [[0, 0], [0, 0], [1, 0], [0, 0], [0, 1], [0, 1], [0, 1], [2, 3]];
    items.forEach(([slot, face], i) => addTranslucentItem(queue, slot, face, i, i, 100 - i));
    sortTranslucent(queue);
    const list = createDrawList(1);
    appendTranslucentRuns(list, queue, boxTables(3));
    expect(runs(list)).toEqual([
      { slot: 0, face: 0, first: 0, instances: 2 },
      { slot: 1, face: 0, first: 2, instances: 1 },
      { slot: 0, face: 0, first: 3, instances: 1 },
      { slot: 0, face: 1, first: 4, instances: 3 },
      { slot: 2, face: 3, first: 7, instances: 1 },
    ]);
    expect(list.indexStart[4]).toBe(18);
    expect(list.triangles).toBe(8 * 2);
  });

  it('cover every sorted item exactly once with maximal runs, for random scenes', () => {
    const queue = createTranslucentQueue(4096, 16);
    const tables = boxTables(3);
    let seed = 99;
    const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);
    for (let round = 0; round < 20; round++) {
      queue.count = 0;
      const n = 1 + Math.floor(rand() * 3000);
      const depth: number[] = [];
      for (let i = 0; i < n; i++) {
        // Coarse depths: many ties, so same-mesh neighbours are common.
        depth.push(Math.floor(rand() * 40));
        addTranslucentItem(queue, Math.floor(rand() * 3), Math.floor(rand() * 2), i, i, depth[i]);
      }
      sortTranslucent(queue);
      const expected = Array.from(depth.keys()).sort((a, b) => depth[b] - depth[a] || a - b);
      expect(Array.from(queue.order.subarray(0, n))).toEqual(expected);
      const list = createDrawList(1);
      appendTranslucentRuns(list, queue, tables);
      const got = runs(list);
      const problems: string[] = [];
      let next = 0;
      for (let r = 0; r < got.length; r++) {
        if (got[r].first !== next) problems.push(`run ${r} starts at ${got[r].first}, not ${next}`);
        for (let k = got[r].first; k < got[r].first + got[r].instances; k++) {
          if (queue.slot[expected[k]] !== got[r].slot || queue.face[expected[k]] !== got[r].face) problems.push(`item ${k} is not of run ${r}'s mesh face`);
        }
        if (r > 0 && got[r].slot === got[r - 1].slot && got[r].face === got[r - 1].face) problems.push(`runs ${r - 1} and ${r} could have merged`);
        next += got[r].instances;
      }
      expect(problems).toEqual([]);
      expect(next).toBe(n);
    }
  });

  it('skips faces the mesh has no indices for', () => {
    const queue = createTranslucentQueue(8);
    addTranslucentItem(queue, 0, 7, 0, 0, 2);
    addTranslucentItem(queue, 0, 0, 1, 1, 1);
    sortTranslucent(queue);
    const list = createDrawList(1);
    appendTranslucentRuns(list, queue, boxTables(1));
    expect(runs(list)).toEqual([{ slot: 0, face: 0, first: 1, instances: 1 }]);
  });

  it('puts the runs after the opaque pass, whose draws do not change', () => {
    const { queue, batches, streams, tables } = sortedFrame([
      { slot: 0, position: [0, 5, 0], color: HALF_RED },
      { slot: 0, position: [0, 9, 0], color: [0, 0, 255, 255] },
      { slot: 0, position: [0, 7, 0], color: HALF_BLUE },
    ]);
    const list = buildDrawList(createDrawList(1), batches, streams, tables, queue);
    expect(list.opaqueCount).toBe(6);
    for (let e = 0; e < 6; e++) expect(list.instances[e]).toBe(3);
    // Two translucent objects of one mesh at different depths: each face its own run, far object first.
    const r = runs(list);
    expect(r.map((x) => [x.face, x.first, x.instances])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((k) => [k % 6, k, 1]));
    expect(drawnY(queue, 0)).toBe(7);
    expect(drawnY(queue, 6)).toBe(5);
    expect(list.triangles).toBe(6 * 2 * 3 + 12 * 2);
  });
});

describe('growth', () => {
  it('grows past its first size, keeping the items, and stops at maxItems', () => {
    const queue = createTranslucentQueue(100, 4);
    for (let i = 0; i < 100; i++) expect(addTranslucentItem(queue, 0, 0, i, i, i)).toBe(true);
    expect(addTranslucentItem(queue, 0, 0, 100, 100, 100)).toBe(false);
    expect(queue.count).toBe(100);
    expect(queue.capacity).toBe(100);
    expect(queue.grows).toBe(5);
    sortTranslucent(queue);
    expect(Array.from(queue.order.subarray(0, 5))).toEqual([99, 98, 97, 96, 95]);
    // The draw list grows for the runs too (one per item: they alternate meshes).
    const alternating = createTranslucentQueue(100, 4);
    for (let i = 0; i < 100; i++) addTranslucentItem(alternating, i % 2, 0, i, i, 100 - i);
    sortTranslucent(alternating);
    const list = createDrawList(1);
    appendTranslucentRuns(list, alternating, boxTables(2));
    expect(list.count).toBe(100);
    expect(list.capacity).toBeGreaterThanOrEqual(100);
  });

  it('refuses a bad size', () => {
    expect(() => createTranslucentQueue(0)).toThrow(/maxItems must be a positive integer/);
    expect(() => createTranslucentQueue(8, 1.5)).toThrow(/initialCapacity must be a positive integer/);
  });
});

/**
 * Heap bytes allocated per call of `run` in the steady state: the growth of
 * V8's used heap over a synchronous loop (nothing else runs meanwhile), the
 * median of five rounds after a warm-up (the first rounds also hold the
 * JIT's own allocations). A round a collection interrupted (the heap shrank)
 * is retried.
 */
function bytesPerRun(run: () => void, iterations: number): number {
  for (let i = 0; i < 500; i++) run();
  const rounds: number[] = [];
  for (let tries = 0; tries < 15 && rounds.length < 5; tries++) {
    const before = getHeapStatistics().used_heap_size;
    for (let i = 0; i < iterations; i++) run();
    const grown = getHeapStatistics().used_heap_size - before;
    if (grown >= 0) rounds.push(grown / iterations);
  }
  if (rounds.length < 5) throw new Error(`bytesPerRun: collections interrupted ${15 - rounds.length} of 15 rounds`);
  return rounds.sort((a, b) => a - b)[2];
}

describe('steady state', () => {
  it('collects, sorts, packs and builds the draw list without allocating', () => {
    const objects = Array.from({ length: 12 }, (_, i) => ({
      slot: i % 3, position: [i % 4, 3 + ((i * 7) % 11), 0] as [number, number, number], color: i % 2 === 0 ? HALF_RED : HALF_BLUE,
    }));
    const { batches, streams, tables } = frame(objects);
    const queue = createTranslucentQueue(64 * F, 8);
    const list = createDrawList(1);
    // The camera turns round every frame, so the order reverses.
    const views = [VIEW, mat4.lookAt(new Float32Array(16), [0, 20, 0], [0, 19, 0], [0, 0, 1]) as Float32Array];
    let turn = 0;
    const step = () => {
      collectTranslucent(queue, batches, streams, tables, views[turn++ & 1]);
      sortTranslucent(queue);
      packTranslucent(queue, streams);
      buildDrawList(list, batches, streams, tables, queue);
    };
    step();
    expect(queue.count).toBe(72);
    const grows = queue.grows;
    // (The heap reading itself costs a few hundred bytes a round: well under a byte a frame.)
    expect(bytesPerRun(step, 2000)).toBeLessThan(2);
    expect(queue.grows).toBe(grows);
    // The instrument sees allocation: the same loop making one small array per frame.
    let sink: Float64Array | null = null;
    const allocating = bytesPerRun(() => {
      step();
      sink = new Float64Array(2);
    }, 2000);
    expect(sink).not.toBeNull();
    expect(allocating).toBeGreaterThan(32);
  });
});
