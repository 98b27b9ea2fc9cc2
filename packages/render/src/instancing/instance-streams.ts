/**
 * Per-instance GPU data, packed from the components after batching. Two
 * streams: world matrices (16 floats per instance, in batch order, so a
 * batch's instances are one contiguous range), and face records laid out
 * per batch as [face 0: every instance][face 1: every instance]... so the
 * draw of (mesh, face) reads one contiguous range with divisor 1. A face
 * record (FACE_RECORD_BYTES):
 *
 *   0..3    TextureEntry RGBA                          u8
 *   4..7    fullbright, glow, blend, planar mapping    u8 (blend: alpha < 1 or a texture with alpha)
 *   8..23   repeats S, T, offsets S, T                 f32
 *   24..31  rotation (radians), page-table row + 1     f32 (0: no texture resident yet)
 *
 * Each (batch, face) also gets a pass mask: which of the opaque and
 * translucent passes has an instance to draw (alpha 0 faces are in
 * neither), and in which of them an instance glows (TextureEntry glow > 0),
 * for the glow pass.
 */
import { MAX_ENTITY_FACES } from '@slv/world';
import type { TextureEntryComponent } from '@slv/world';
import type { DrawBatches } from './draw-batches.ts';

export const MATRIX_FLOATS = 16;
export const FACE_RECORD_BYTES = 32;
/** Byte of a face record that is 255 when the face is blended (the translucent pass). */
export const FACE_BLEND_BYTE = 6;
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

/** The virtual texture's row of each interned texture UUID, and whether the row's texture has alpha. */
export interface TextureRows {
  /** Row + 1 by UUID index; 0: none. */
  readonly rowOfUuid: Int32Array;
  /** 255 where the row's texture has alpha. */
  readonly rowAlpha: Uint8Array;
}

export interface InstanceStreams {
  readonly capacity: number;
  readonly matrices: Float32Array;
  readonly faceRecords: Uint8Array;
  /** The same bytes as floats, for the records' float fields. */
  readonly faceFloats: Float32Array;
  /** Face records written this frame. */
  faceRecordCount: number;
  /** First face record of each batch. */
  readonly batchFaceBase: Int32Array;
  /** PASS_* bits per (batch, face) at [batch * MAX_ENTITY_FACES + face]. */
  readonly passMask: Uint8Array;
}

export function createInstanceStreams(capacity: number, batchCapacity: number): InstanceStreams {
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`createInstanceStreams: capacity must be a positive integer, got ${capacity}`);
  const faceRecords = new Uint8Array(capacity * MAX_ENTITY_FACES * FACE_RECORD_BYTES);
  return {
    capacity,
    matrices: new Float32Array(capacity * MATRIX_FLOATS),
    faceRecords,
    faceFloats: new Float32Array(faceRecords.buffer),
    faceRecordCount: 0,
    batchFaceBase: new Int32Array(batchCapacity),
    passMask: new Uint8Array(batchCapacity * MAX_ENTITY_FACES),
  };
}

/**
 * Fills the streams for grouped `batches`: matrices from `worldMatrix`
 * (16 floats per entity), face records from `textures` through each slot's
 * face → TE table, with each face's virtual-texture row from `rows` (null:
 * no textures). Allocates nothing.
 */
export function packInstanceStreams(
  streams: InstanceStreams,
  batches: DrawBatches,
  faces: MeshFaceTable,
  worldMatrix: Float32Array,
  textures: TextureEntryComponent,
  rows: TextureRows | null = null,
): void {
  if (batches.count > streams.capacity) {
    throw new RangeError(`packInstanceStreams: ${batches.count} instances exceed the streams' capacity ${streams.capacity}`);
  }
  const { matrices, faceRecords, faceFloats, batchFaceBase, passMask } = streams;
  const { sortedEid, batchStart, batchSize, batchSlot } = batches;
  const { color, fullbright, glow, texGen, textureIndex, scaleS, scaleT, offsetS, offsetT, rotation } = textures;
  const F = MAX_ENTITY_FACES;
  const B = FACE_RECORD_BYTES;
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
        const o = record * B;
        const alpha = color[face * 4 + 3];
        const g = glow[face];
        const row = rows === null ? 0 : rows.rowOfUuid[textureIndex[face]];
        const blend = alpha !== 0 && (alpha !== 255 || (row !== 0 && rows!.rowAlpha[row - 1] !== 0));
        faceRecords[o] = color[face * 4];
        faceRecords[o + 1] = color[face * 4 + 1];
        faceRecords[o + 2] = color[face * 4 + 2];
        faceRecords[o + 3] = alpha;
        faceRecords[o + 4] = fullbright[face] !== 0 ? 255 : 0;
        faceRecords[o + 5] = g;
        faceRecords[o + FACE_BLEND_BYTE] = blend ? 255 : 0;
        faceRecords[o + 7] = texGen[face] !== 0 ? 255 : 0;
        const fo = record * (B / 4) + 2;
        faceFloats[fo] = scaleS[face];
        faceFloats[fo + 1] = scaleT[face];
        faceFloats[fo + 2] = offsetS[face];
        faceFloats[fo + 3] = offsetT[face];
        faceFloats[fo + 4] = rotation[face];
        faceFloats[fo + 5] = row;
        if (alpha !== 0) {
          if (!blend) mask |= g === 0 ? PASS_OPAQUE : PASS_OPAQUE | PASS_GLOW_OPAQUE;
          else mask |= g === 0 ? PASS_TRANSLUCENT : PASS_TRANSLUCENT | PASS_GLOW_TRANSLUCENT;
        }
        record++;
      }
      passMask[b * F + f] = mask;
    }
    for (let f = faceCount; f < F; f++) passMask[b * F + f] = 0;
  }
  streams.faceRecordCount = record;
}
