import { MAX_ENTITY_FACES } from '@slv/world';
import { describe, expect, it } from 'vitest';
import { addDrawInstance, createDrawBatches, groupDrawBatches } from './draw-batches.ts';
import { buildDrawList, createDrawList } from './draw-list.ts';
import {
  FACE_RECORD_BYTES, MATRIX_FLOATS, PASS_GLOW_OPAQUE, PASS_GLOW_TRANSLUCENT, PASS_OPAQUE, PASS_TRANSLUCENT, createInstanceStreams,
  packInstanceStreams,
} from './instance-streams.ts';
import { addTestObject, createTestWorld } from '../systems/test-world.test-support.ts';
import { collectTranslucent, createTranslucentQueue, packTranslucent, sortTranslucent } from './translucent-queue.ts';

const F = MAX_ENTITY_FACES;

/** Two mesh slots: slot 0 a six-faced box (TE 0..5), slot 1 a one-faced placeholder (TE 0). */
function faceTables() {
  const faceCount = new Uint8Array(2);
  const faceTe = new Uint8Array(2 * F);
  const faceIndexStart = new Int32Array(2 * F);
  const faceIndexCount = new Int32Array(2 * F);
  faceCount[0] = 6;
  for (let f = 0; f < 6; f++) {
    faceTe[f] = f;
    faceIndexStart[f] = f * 6;
    faceIndexCount[f] = 6;
  }
  faceCount[1] = 1;
  faceTe[F] = 0;
  faceIndexCount[F] = 36;
  return { faceCount, faceTe, faceIndexStart, faceIndexCount };
}

function setup() {
  const t = createTestWorld();
  const red = addTestObject(t, { position: [1, 2, 3], color: [255, 0, 0, 255] });
  const faces = addTestObject(t, {
    position: [4, 5, 6],
    color: [[10, 0, 0, 255], [20, 0, 0, 255], [30, 0, 0, 255], [40, 0, 0, 128], [50, 0, 0, 0], [60, 0, 0, 255]],
  });
  const box = addTestObject(t, { position: [7, 8, 9], color: [0, 0, 255, 255], sculptType: 5 });
  t.components.textures.fullbright[faces * F + 5] = 1;
  t.components.textures.glow[faces * F + 5] = 77;
  const batches = createDrawBatches(8, 2);
  addDrawInstance(batches, red, 0);
  addDrawInstance(batches, box, 1);
  addDrawInstance(batches, faces, 0);
  groupDrawBatches(batches);
  const streams = createInstanceStreams(8, 2);
  const tables = faceTables();
  packInstanceStreams(streams, batches, tables, t.components.world.matrix, t.components.textures);
  return { t, red, faces, box, batches, streams, tables };
}

describe('packInstanceStreams', () => {
  it('writes world matrices in batch order', () => {
    const { t, red, faces, box, streams } = setup();
    const m = t.components.world.matrix;
    expect(Array.from(streams.matrices.subarray(0, 16))).toEqual(Array.from(m.subarray(red * 16, red * 16 + 16)));
    expect(Array.from(streams.matrices.subarray(16, 32))).toEqual(Array.from(m.subarray(faces * 16, faces * 16 + 16)));
    expect(Array.from(streams.matrices.subarray(32, 48))).toEqual(Array.from(m.subarray(box * 16, box * 16 + 16)));
    expect(streams.matrices[MATRIX_FLOATS + 12]).toBe(4);
  });

  it('lays face records out face by face, each instance taking its own TE colour', () => {
    const { streams } = setup();
    const record = (r: number) => Array.from(streams.faceRecords.subarray(r * FACE_RECORD_BYTES, r * FACE_RECORD_BYTES + 8));
    // Batch 0 (the six-faced mesh, 2 instances): face f of instance i at 2f + i.
    expect(record(0)).toEqual([255, 0, 0, 255, 0, 0, 0, 0]);
    expect(record(1)).toEqual([10, 0, 0, 255, 0, 0, 0, 0]);
    expect(record(3)).toEqual([20, 0, 0, 255, 0, 0, 0, 0]);
    expect(record(7)).toEqual([40, 0, 0, 128, 0, 0, 255, 0]);
    expect(record(11)).toEqual([60, 0, 0, 255, 255, 77, 0, 0]);
    // Batch 1 (the placeholder) starts after 6 faces × 2 instances.
    expect(streams.batchFaceBase[1]).toBe(12);
    expect(record(12)).toEqual([0, 0, 255, 255, 0, 0, 0, 0]);
    expect(streams.faceRecordCount).toBe(13);
    // No texture row without a virtual texture.
    expect(streams.faceFloats[7]).toBe(0);
  });

  it('names each face\'s virtual-texture row and its transform, and blends faces whose texture has alpha', () => {
    const { t, red, batches, streams, tables } = setup();
    const te = t.components.textures;
    te.textureIndex[red * F + 0] = 5;
    te.textureIndex[red * F + 1] = 6;
    te.scaleS[red * F + 0] = 2;
    te.offsetT[red * F + 0] = 0.25;
    te.rotation[red * F + 0] = 1.5;
    const rowOfUuid = new Int32Array(8);
    rowOfUuid[5] = 3; // row 2
    rowOfUuid[6] = 4; // row 3, with alpha
    const rowAlpha = new Uint8Array(4);
    rowAlpha[3] = 255;
    packInstanceStreams(streams, batches, tables, t.components.world.matrix, te, { rowOfUuid, rowAlpha });
    const floats = (r: number) => Array.from(streams.faceFloats.subarray(r * (FACE_RECORD_BYTES / 4) + 2, r * (FACE_RECORD_BYTES / 4) + 8));
    // red is instance 0 of batch 0: face f at record 2f.
    expect(floats(0)).toEqual([2, 0, 0, 0.25, 1.5, 3]);
    expect(floats(2)[5]).toBe(4);
    expect(streams.faceRecords[0 * FACE_RECORD_BYTES + 6]).toBe(0);
    expect(streams.faceRecords[2 * FACE_RECORD_BYTES + 6]).toBe(255);
    expect(streams.passMask[1] & PASS_TRANSLUCENT).toBe(PASS_TRANSLUCENT);
  });

  it('marks which passes each (mesh, face) needs', () => {
    const { streams } = setup();
    expect(streams.passMask[3]).toBe(PASS_OPAQUE | PASS_TRANSLUCENT); // one opaque, one half transparent
    expect(streams.passMask[4]).toBe(PASS_OPAQUE); // the invisible face draws nothing
    expect(streams.passMask[0]).toBe(PASS_OPAQUE);
    expect(streams.passMask[6]).toBe(0);
    expect(streams.passMask[F]).toBe(PASS_OPAQUE);
  });
});

/** The translucent queue of a frame seen through an identity view. */
function sortedQueue(batches: ReturnType<typeof setup>['batches'], streams: ReturnType<typeof setup>['streams'], tables: ReturnType<typeof faceTables>) {
  const queue = createTranslucentQueue(64);
  collectTranslucent(queue, batches, streams, tables, new Float32Array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]));
  sortTranslucent(queue);
  packTranslucent(queue, streams);
  return queue;
}

describe('buildDrawList', () => {
  it('issues one draw per (mesh, face) with instances, however many objects, then the translucent runs', () => {
    const { batches, streams, tables } = setup();
    const list = buildDrawList(createDrawList(2), batches, streams, tables, sortedQueue(batches, streams, tables));
    // Six faces of the box mesh + one placeholder face, and one translucent face.
    expect(list.opaqueCount).toBe(7);
    expect(list.count).toBe(8);
    expect(list.pass[7]).toBe(PASS_TRANSLUCENT);
    expect(list.face[7]).toBe(3);
    // The translucent run reads the queue's streams: its one item is at 0.
    expect(list.firstRecord[7]).toBe(0);
    expect(list.firstInstance[7]).toBe(0);
    expect(list.instances[7]).toBe(1);
    expect(list.instances[0]).toBe(2);
    // The opaque draw submits both instances (the translucent one is discarded in its shader); the run only its own.
    expect(list.triangles).toBe(6 * 2 * 2 + 12 + 2 * 1);
  });

  it('keeps the draw count at distinct (mesh, face) pairs as objects multiply', () => {
    const t = createTestWorld(1024);
    const batches = createDrawBatches(1024, 2);
    for (let i = 0; i < 1000; i++) addDrawInstance(batches, addTestObject(t, { position: [i, 0, 0] }), i % 2);
    groupDrawBatches(batches);
    const streams = createInstanceStreams(1024, 2);
    const tables = faceTables();
    packInstanceStreams(streams, batches, tables, t.components.world.matrix, t.components.textures);
    const list = buildDrawList(createDrawList(2), batches, streams, tables, sortedQueue(batches, streams, tables));
    expect(list.count).toBe(6 + 1);
    expect(list.triangles).toBe(500 * 12 + 500 * 12);
  });
});

describe('glow pass entries', () => {
  it('marks the pass in which an instance glows; an invisible face never glows', () => {
    const { t, faces, batches, streams, tables } = setup();
    // Face 5 of `faces` glows and is opaque (set up so).
    expect(streams.passMask[5]).toBe(PASS_OPAQUE | PASS_GLOW_OPAQUE);
    t.components.textures.glow[faces * F + 3] = 255; // half transparent
    t.components.textures.glow[faces * F + 4] = 255; // alpha 0
    packInstanceStreams(streams, batches, tables, t.components.world.matrix, t.components.textures);
    expect(streams.passMask[3]).toBe(PASS_OPAQUE | PASS_TRANSLUCENT | PASS_GLOW_TRANSLUCENT);
    expect(streams.passMask[4]).toBe(PASS_OPAQUE);
    expect(streams.passMask[0]).toBe(PASS_OPAQUE);
  });

  it('lists the opaque entries and translucent runs with a glowing instance, in draw order', () => {
    const { t, faces, batches, streams, tables } = setup();
    const list = buildDrawList(createDrawList(2), batches, streams, tables, sortedQueue(batches, streams, tables));
    // Only the opaque draw of face 5 glows; the translucent run of face 3 does not.
    expect(Array.from(list.glowEntries.subarray(0, list.glowCount))).toEqual([5]);
    t.components.textures.glow[faces * F + 3] = 1;
    packInstanceStreams(streams, batches, tables, t.components.world.matrix, t.components.textures);
    buildDrawList(list, batches, streams, tables, sortedQueue(batches, streams, tables));
    expect(list.glowCount).toBe(2);
    expect(list.glowEntries[0]).toBe(5);
    expect(list.pass[list.glowEntries[1]]).toBe(PASS_TRANSLUCENT);
    expect(list.face[list.glowEntries[1]]).toBe(3);
  });

  it('lists nothing (the pass is skipped) when no face glows', () => {
    const t = createTestWorld(64);
    const batches = createDrawBatches(64, 2);
    for (let i = 0; i < 20; i++) addDrawInstance(batches, addTestObject(t, { position: [i, 0, 0], color: [9, 9, 9, i % 2 === 0 ? 255 : 100] }), i % 2);
    groupDrawBatches(batches);
    const streams = createInstanceStreams(64, 2);
    const tables = faceTables();
    packInstanceStreams(streams, batches, tables, t.components.world.matrix, t.components.textures);
    const list = buildDrawList(createDrawList(2), batches, streams, tables, sortedQueue(batches, streams, tables));
    expect(list.count).toBeGreaterThan(list.opaqueCount);
    expect(list.glowCount).toBe(0);
  });

  it('keeps its glow entries when the list grows for many translucent runs', () => {
    const t = createTestWorld(256);
    const batches = createDrawBatches(256, 2);
    // Alternating slots along the view axis: every translucent item is its own run.
    for (let i = 0; i < 100; i++) {
      const eid = addTestObject(t, { position: [0, 0, -1 - i], color: [9, 9, 9, 100] });
      t.components.textures.glow[eid * F] = i % 3 === 0 ? 200 : 0;
      addDrawInstance(batches, eid, i % 2);
    }
    groupDrawBatches(batches);
    const streams = createInstanceStreams(256, 2);
    const tables = faceTables();
    packInstanceStreams(streams, batches, tables, t.components.world.matrix, t.components.textures);
    const queue = createTranslucentQueue(256);
    collectTranslucent(queue, batches, streams, tables, new Float32Array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]));
    sortTranslucent(queue);
    packTranslucent(queue, streams);
    const list = buildDrawList(createDrawList(1), batches, streams, tables, queue);
    expect(list.capacity).toBeGreaterThan(2 * F);
    let expected = 0;
    for (let k = list.opaqueCount; k < list.count; k++) {
      let glows = false;
      for (let i = 0; i < list.instances[k]; i++) if (queue.faceRecords[(list.firstRecord[k] + i) * FACE_RECORD_BYTES + 5] !== 0) glows = true;
      if (glows) expect(list.glowEntries[expected++]).toBe(k);
    }
    expect(expected).toBeGreaterThan(0);
    expect(list.glowCount).toBe(expected);
  });
});
