/**
 * Reads every field of a bound message without allocating, the way a consumer
 * that needs all of them would: numbers summed, UUIDs and vectors copied into
 * scratch, Variable data located. This is what our side of a decode benchmark
 * does, so it is compared fairly with a peer that materialises every field.
 */
import { quaternionW, type MessageReader } from '@slv/protocol';

const uuidScratch = new Uint8Array(16);
const vectorScratch = new Float64Array(4);

/** Returns a checksum of the fields so the reads cannot be optimised away. */
export function touchAllFields(reader: MessageReader): number {
  let sum = 0;
  for (const block of reader.blocks) {
    const view = block.view;
    const bytes = block.bytes;
    const fields = block.info.fields;
    for (let i = 0; i < block.count; i++) {
      for (let f = 0; f < fields.length; f++) {
        const field = fields[f]!;
        const o = block.fieldOffset(i, f);
        switch (field.type) {
          case 'U8': case 'BOOL': sum += bytes[o]!; break;
          case 'S8': sum += view.getInt8(o); break;
          case 'U16': sum += view.getUint16(o, true); break;
          case 'S16': sum += view.getInt16(o, true); break;
          case 'IPPORT': sum += view.getUint16(o, false); break;
          case 'U32': sum += view.getUint32(o, true); break;
          case 'S32': sum += view.getInt32(o, true); break;
          case 'IPADDR': sum += view.getUint32(o, false); break;
          case 'F32': sum += view.getFloat32(o, true); break;
          case 'F64': sum += view.getFloat64(o, true); break;
          case 'U64': case 'S64': sum += view.getUint32(o, true) + view.getUint32(o + 4, true); break;
          case 'LLUUID':
            for (let k = 0; k < 16; k++) uuidScratch[k] = bytes[o + k]!;
            sum += uuidScratch[0]!;
            break;
          case 'LLVector3': case 'LLQuaternion':
            vectorScratch[0] = view.getFloat32(o, true);
            vectorScratch[1] = view.getFloat32(o + 4, true);
            vectorScratch[2] = view.getFloat32(o + 8, true);
            if (field.type === 'LLQuaternion') vectorScratch[3] = quaternionW(vectorScratch[0]!, vectorScratch[1]!, vectorScratch[2]!);
            sum += vectorScratch[0]!;
            break;
          case 'LLVector4':
            for (let k = 0; k < 4; k++) vectorScratch[k] = view.getFloat32(o + 4 * k, true);
            sum += vectorScratch[0]!;
            break;
          case 'LLVector3d':
            for (let k = 0; k < 3; k++) vectorScratch[k] = view.getFloat64(o + 8 * k, true);
            sum += vectorScratch[0]!;
            break;
          case 'Fixed': sum += bytes[o]!; break;
          case 'Variable': sum += field.size === 1 ? bytes[o]! : view.getUint16(o, true); break;
        }
      }
    }
  }
  return sum;
}
