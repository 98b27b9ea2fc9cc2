/**
 * How an object update is kept as bytes, for the creation queue and the object
 * cache: one ObjectUpdate ObjectData block (kept as a whole one-block message
 * body, so a dedicated reader binds to it and replays it through the same
 * code as a live packet), or one ObjectUpdateCompressed blob (UpdateFlags
 * beside it in the record's numbers).
 */
import { MessageIndex, defaultRegistry } from '@slv/protocol';
import type { ObjectUpdateReader, ObjectUpdate_ObjectData } from '@slv/protocol';

export const RecordKind = {
  /** An ObjectUpdate body holding one ObjectData block. */
  FullUpdate: 1,
  /** An ObjectUpdateCompressed Data blob. */
  Compressed: 2,
} as const;
export type RecordKind = (typeof RecordKind)[keyof typeof RecordKind];

/** ObjectUpdate's RegionData block: RegionHandle U64 + TimeDilation U16. */
const REGION_DATA_BYTES = 10;

/** A full-update record's bytes before its ObjectData block: RegionData and the block count. */
export const FULL_RECORD_PREFIX_BYTES = REGION_DATA_BYTES + 1;

/** First byte and one past the last byte of ObjectData block instance `i` in the bound packet. */
function instanceStart(block: ObjectUpdate_ObjectData, i: number): number {
  return block.segmentStarts[i * block.segments];
}

function instanceEnd(block: ObjectUpdate_ObjectData, i: number): number {
  const last = block.segments - 1;
  return block.segmentStarts[i * block.segments + last] + block.info.segmentFixedBytes[last];
}

/** Bytes the record of block instance `i` takes. */
export function fullUpdateRecordLength(block: ObjectUpdate_ObjectData, i: number): number {
  return REGION_DATA_BYTES + 1 + instanceEnd(block, i) - instanceStart(block, i);
}

/** Writes block instance `i` as a one-block ObjectUpdate body at out[at..]; returns the bytes written. */
export function writeFullUpdateRecord(block: ObjectUpdate_ObjectData, i: number, out: Uint8Array, at: number): number {
  const start = instanceStart(block, i);
  const end = instanceEnd(block, i);
  out.fill(0, at, at + REGION_DATA_BYTES);
  out[at + REGION_DATA_BYTES] = 1;
  const bytes = block.bytes;
  const to = at + REGION_DATA_BYTES + 1 - start;
  for (let k = start; k < end; k++) out[to + k] = bytes[k];
  return REGION_DATA_BYTES + 1 + end - start;
}

const replayReader = defaultRegistry.createReader(MessageIndex.ObjectUpdate) as ObjectUpdateReader;

/**
 * Binds the replay reader to a full-update record; returns its ObjectData
 * block (instance 0), or null with `replayError()` saying why when the bytes
 * do not parse. Valid until the next bind.
 */
export function bindFullUpdateRecord(bytes: Uint8Array, view: DataView, offset: number, length: number): ObjectUpdate_ObjectData | null {
  if (!replayReader.bind(bytes, view, offset, offset + length) || replayReader.ObjectData.count !== 1) return null;
  return replayReader.ObjectData;
}

export function replayError(): string {
  return replayReader.error === '' ? 'the record does not hold exactly one ObjectData block' : replayReader.error;
}
