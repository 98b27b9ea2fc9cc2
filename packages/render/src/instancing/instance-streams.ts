/**
 * Per-instance GPU data, packed from the components after batching. Two
 * streams: world matrices (16 floats per instance, in batch order, so a
 * batch's instances are one contiguous range), and face records (8 bytes:
 * TextureEntry RGBA, fullbright, glow, two spare) laid out per batch as
 * [face 0: every instance][face 1: every instance]... so the draw of
 * (mesh, face) reads one contiguous range with divisor 1. Each (batch, face)
 * also gets a pass mask: which of the opaque and translucent passes has an
 * instance to draw (alpha 0 faces are in neither), and in which of them an
 * instance glows (TextureEntry glow > 0), for the glow pass.
 */
import { MAX_ENTITY_FACES } from '@slv/world';
import type { TextureEntryComponent } from '@slv/world';
import type { DrawBatches } from './draw-batches.ts';

export const MATRIX_FLOATS = 16;
export const FACE_RECORD_BYTES = 8;
export const PASS_OPAQUE = 1;
export const PASS_TRANSLUCENT = 2;
/** An opaque instance of the (mesh, face) glows. */
export const PASS_GLOW_OPAQUE = 4;
/** A translucent instance of the (mesh, face) glows. */
export const PASS_GLOW_TRANSLUCENT = 8;

/** Faces of each mesh slot and the TextureEntry face each one takes its colour from. */
export interface MeshFaceTable {
  /** Faces per slot. */
  readonly faceCount: Uint8Array;
  /** TE face index of face f of slot s at [s * MAX_ENTITY_FACES + f]. */
  readonly faceTe: Uint8Array;
}

export interface InstanceStreams {
  readonly capacity: number;
  readonly matrices: Float32Array;
  readonly faceRecords: Uint8Array;
  /** Face records written this frame. */
  faceRecordCount: number;
  /** First face record of each batch. */
  readonly batchFaceBase: Int32Array;
  /** PASS_* bits per (batch, face) at [batch * MAX_ENTITY_FACES + face]. */
  readonly passMask: Uint8Array;
}

export function createInstanceStreams(capacity: number, batchCapacity: number): InstanceStreams {
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`createInstanceStreams: capacity must be a positive integer, got ${capacity}`);
  return {
    capacity,
    matrices: new Float32Array(capacity * MATRIX_FLOATS),
    faceRecords: new Uint8Array(capacity * MAX_ENTITY_FACES * FACE_RECORD_BYTES),
    faceRecordCount: 0,
    batchFaceBase: new Int32Array(batchCapacity),
    passMask: new Uint8Array(batchCapacity * MAX_ENTITY_FACES),
  };
}

/**
 * Fills the streams for grouped `batches`: matrices from `worldMatrix`
 * (16 floats per entity), face records from `textures` through each slot's
 * face → TE table. Allocates nothing.
 */
export function packInstanceStreams(
  streams: InstanceStreams,
  batches: DrawBatches,
  faces: MeshFaceTable,
  worldMatrix: Float32Array,
  textures: TextureEntryComponent,
): void {
  if (batches.count > streams.capacity) {
    throw new RangeError(`packInstanceStreams: ${batches.count} instances exceed the streams' capacity ${streams.capacity}`);
  }
  const { matrices, faceRecords, batchFaceBase, passMask } = streams;
  const { sortedEid, batchStart, batchSize, batchSlot } = batches;
  const color = textures.color;
  const fullbright = textures.fullbright;
  const glow = textures.glow;
  const F = MAX_ENTITY_FACES;
  let record = 0;
  for (let b = 0; b < batches.batchCount; b++) {
    const start = batchStart[b];
    const size = batchSize[b];
    const slot = batchSlot[b];
    for (let i = 0; i < size; i++) {
      const eid = sortedEid[start + i];
      const src = eid * MATRIX_FLOATS;
      const dst = (start + i) * MATRIX_FLOATS;
      for (let k = 0; k < MATRIX_FLOATS; k++) matrices[dst + k] = worldMatrix[src + k];
    }
    batchFaceBase[b] = record;
    const faceCount = faces.faceCount[slot];
    for (let f = 0; f < faceCount; f++) {
      const te = faces.faceTe[slot * F + f];
      let mask = 0;
      for (let i = 0; i < size; i++) {
        const eid = sortedEid[start + i];
        const face = eid * F + te;
        const o = record * FACE_RECORD_BYTES;
        const alpha = color[face * 4 + 3];
        const g = glow[face];
        faceRecords[o] = color[face * 4];
        faceRecords[o + 1] = color[face * 4 + 1];
        faceRecords[o + 2] = color[face * 4 + 2];
        faceRecords[o + 3] = alpha;
        faceRecords[o + 4] = fullbright[face] !== 0 ? 255 : 0;
        faceRecords[o + 5] = g;
        faceRecords[o + 6] = 0;
        faceRecords[o + 7] = 0;
        if (alpha === 255) mask |= g === 0 ? PASS_OPAQUE : PASS_OPAQUE | PASS_GLOW_OPAQUE;
        else if (alpha !== 0) mask |= g === 0 ? PASS_TRANSLUCENT : PASS_TRANSLUCENT | PASS_GLOW_TRANSLUCENT;
        record++;
      }
      passMask[b * F + f] = mask;
    }
    for (let f = faceCount; f < F; f++) passMask[b * F + f] = 0;
  }
  streams.faceRecordCount = record;
}
