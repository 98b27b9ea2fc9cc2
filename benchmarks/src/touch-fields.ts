/**
 * Reads every field of a bound message without allocating, the way a consumer
 * that needs all of them would: numbers summed, UUIDs and vectors copied into
 * scratch, Variable data located. This is what our side of a decode benchmark
 * does, so it is compared fairly with a peer that materialises every field.
 */
import { quaternionW, type MessageReader } from '@slv/protocol';

// Case labels are FieldTypeCode values written out: a switch over property loads would load each label.

const uuidScratch = new Uint8Array(16);
const vectorScratch = new Float64Array(4);

/** Returns a checksum of the fields so the reads cannot be optimised away. */
export function touchAllFields(reader: MessageReader): number {
  let sum = 0;
  // One shape for every message type: the walk stays monomorphic across the mix.
  const layout = reader.layout;
  const view = layout.view;
  const bytes = layout.bytes;
  for (let b = 0; b < layout.blockCount; b++) {
    const fields = layout.fields[b]!;
    const starts = layout.starts[b]!;
    const segments = layout.segmentCounts[b]!;
    const count = layout.counts[b]!;
    for (let i = 0; i < count; i++) {
      const base = i * segments;
      for (let f = 0; f < fields.length; f++) {
        const field = fields[f]!;
        const o = starts[base + field.segment]! + field.offset;
        switch (field.typeCode) {
          case 0 /* U8 */: case 10 /* BOOL */: sum += bytes[o]!; break;
          case 4 /* S8 */: sum += view.getInt8(o); break;
          case 1 /* U16 */: sum += view.getUint16(o, true); break;
          case 5 /* S16 */: sum += view.getInt16(o, true); break;
          case 17 /* IPPORT */: sum += view.getUint16(o, false); break;
          case 2 /* U32 */: sum += view.getUint32(o, true); break;
          case 6 /* S32 */: sum += view.getInt32(o, true); break;
          case 16 /* IPADDR */: sum += view.getUint32(o, false); break;
          case 8 /* F32 */: sum += view.getFloat32(o, true); break;
          case 9 /* F64 */: sum += view.getFloat64(o, true); break;
          case 3 /* U64 */: case 7 /* S64 */: sum += view.getUint32(o, true) + view.getUint32(o + 4, true); break;
          case 11 /* LLUUID */:
            for (let k = 0; k < 16; k++) uuidScratch[k] = bytes[o + k]!;
            sum += uuidScratch[0]!;
            break;
          case 12 /* LLVector3 */: case 15 /* LLQuaternion */:
            vectorScratch[0] = view.getFloat32(o, true);
            vectorScratch[1] = view.getFloat32(o + 4, true);
            vectorScratch[2] = view.getFloat32(o + 8, true);
            if (field.typeCode === 15 /* LLQuaternion */) vectorScratch[3] = quaternionW(vectorScratch[0]!, vectorScratch[1]!, vectorScratch[2]!);
            sum += vectorScratch[0]!;
            break;
          case 14 /* LLVector4 */:
            for (let k = 0; k < 4; k++) vectorScratch[k] = view.getFloat32(o + 4 * k, true);
            sum += vectorScratch[0]!;
            break;
          case 13 /* LLVector3d */:
            for (let k = 0; k < 3; k++) vectorScratch[k] = view.getFloat64(o + 8 * k, true);
            sum += vectorScratch[0]!;
            break;
          case 18 /* Fixed */: sum += bytes[o]!; break;
          case 19 /* Variable */: sum += field.size === 1 ? bytes[o]! : view.getUint16(o, true); break;
        }
      }
    }
  }
  return sum;
}
