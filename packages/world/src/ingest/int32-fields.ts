/**
 * The u32 fields ingestion passes around (CRC, UpdateFlags) read as int32.
 * A u32 above 2^31 is no small integer to V8: every call it is passed to
 * would box it on the heap, once per update. As int32 it stays unboxed;
 * stored into a Uint32Array it becomes the same u32 again. Offsets are those
 * of the generated accessors (message-readers.ts).
 */
import type { ObjectUpdateCached_ObjectData, ObjectUpdateCompressed_ObjectData, ObjectUpdate_ObjectData } from '@slv/protocol';

/** ObjectUpdate ObjectData CRC, 16 bytes after FullID. */
export function fullUpdateCrc(block: ObjectUpdate_ObjectData, i: number): number {
  return block.view.getInt32(block.FullIDOffset(i) + 16, true);
}

/** ObjectUpdate ObjectData UpdateFlags, after ParentID at the start of the second segment. */
export function fullUpdateFlags(block: ObjectUpdate_ObjectData, i: number): number {
  return block.view.getInt32(block.segmentStarts[i * block.segments + 1] + 4, true);
}

export function cachedCrc(block: ObjectUpdateCached_ObjectData, i: number): number {
  return block.view.getInt32(block.segmentStarts[i] + 4, true);
}

export function cachedUpdateFlags(block: ObjectUpdateCached_ObjectData, i: number): number {
  return block.view.getInt32(block.segmentStarts[i] + 8, true);
}

export function compressedUpdateFlags(block: ObjectUpdateCompressed_ObjectData, i: number): number {
  return block.view.getInt32(block.segmentStarts[i * block.segments], true);
}
