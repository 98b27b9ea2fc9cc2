/**
 * The physical limit the ingest suite compares with: the same fields copied
 * into typed arrays from offsets found beforehand with our decoder (no
 * decode, no lookup, no entity).
 */
import { readerAs } from '@slv/protocol';
import type { PacketDecoder } from '@slv/protocol';
import type { BenchCase } from '../harness.ts';

/** Per-object offsets into the decoded bodies, found once with our decoder, and the output arrays. */
export interface LimitPlan {
  readonly bodies: Uint8Array[];
  readonly views: DataView[];
  /** For each block: body index and the offsets its kind of message needs. */
  readonly rows: Int32Array;
  readonly stride: number;
  readonly count: number;
}

const LIMIT_SLOTS = 256;
const numbersOut = new Float64Array(LIMIT_SLOTS * 64);
const bytesOut = new Uint8Array(LIMIT_SLOTS * 1024);

function decodedBodies(decoder: PacketDecoder, datagrams: readonly Uint8Array[]): { bodies: Uint8Array[]; views: DataView[] } {
  const bodies: Uint8Array[] = [];
  for (const d of datagrams) {
    decoder.decode(d);
    bodies.push(decoder.bytes.slice(0, decoder.bodyEnd));
  }
  return { bodies, views: bodies.map((b) => new DataView(b.buffer)) };
}

function copyBytes(src: Uint8Array, from: number, length: number, slot: number): void {
  const n = length < 1024 ? length : 1024;
  const at = slot * 1024;
  for (let k = 0; k < n; k++) bytesOut[at + k] = src[from + k]!;
}

export function fullLimitPlan(decoder: PacketDecoder, datagrams: readonly Uint8Array[]): LimitPlan {
  const { bodies, views } = decodedBodies(decoder, datagrams);
  const rows: number[] = [];
  datagrams.forEach((d, b) => {
    decoder.decode(d);
    const o = readerAs(decoder, 'ObjectUpdate')!.ObjectData;
    for (let i = 0; i < o.count; i++) {
      rows.push(b, o.segmentStarts[i * 10]!, o.segmentStarts[i * 10 + 1]!, o.ObjectDataOffset(i), o.ObjectDataLength(i),
        o.TextureEntryOffset(i), o.TextureEntryLength(i), o.ExtraParamsOffset(i), o.ExtraParamsLength(i));
    }
  });
  return { bodies, views, rows: Int32Array.from(rows), stride: 9, count: rows.length / 9 };
}

/** ID, State, CRC, PCode, Material, ClickAction, Scale, the motion floats, ParentID, UpdateFlags, 18 shape fields, TE and ExtraParams bytes. */
export function fullLimit(plan: LimitPlan, slot: number, r: number): void {
  const row = r * plan.stride;
  const body = plan.bodies[plan.rows[row]!]!;
  const v = plan.views[plan.rows[row]!]!;
  const o0 = plan.rows[row + 1]!;
  const o1 = plan.rows[row + 2]!;
  const out = slot * 64;
  numbersOut[out] = v.getUint32(o0, true);
  numbersOut[out + 1] = body[o0 + 4]!;
  numbersOut[out + 2] = v.getUint32(o0 + 21, true);
  numbersOut[out + 3] = body[o0 + 25]!;
  numbersOut[out + 4] = body[o0 + 26]!;
  numbersOut[out + 5] = body[o0 + 27]!;
  for (let k = 0; k < 3; k++) numbersOut[out + 6 + k] = v.getFloat32(o0 + 28 + 4 * k, true);
  const motion = plan.rows[row + 3]! + (plan.rows[row + 4]! === 76 ? 16 : 0);
  for (let k = 0; k < 15; k++) numbersOut[out + 9 + k] = v.getFloat32(motion + 4 * k, true);
  numbersOut[out + 24] = v.getUint32(o1, true);
  numbersOut[out + 25] = v.getUint32(o1 + 4, true);
  numbersOut[out + 26] = body[o1 + 8]!;
  numbersOut[out + 27] = body[o1 + 9]!;
  numbersOut[out + 28] = v.getUint16(o1 + 10, true) * 0.00002;
  numbersOut[out + 29] = (50000 - v.getUint16(o1 + 12, true)) * 0.00002;
  for (let k = 0; k < 11; k++) numbersOut[out + 30 + k] = v.getInt8(o1 + 14 + k) * 0.01;
  numbersOut[out + 41] = v.getUint16(o1 + 25, true) * 0.00002;
  numbersOut[out + 42] = v.getUint16(o1 + 27, true) * 0.00002;
  numbersOut[out + 43] = v.getUint16(o1 + 29, true) * 0.00002;
  copyBytes(body, plan.rows[row + 5]!, plan.rows[row + 6]!, slot);
  copyBytes(body, plan.rows[row + 7]!, plan.rows[row + 8]!, (slot + 1) % LIMIT_SLOTS);
}

export function terseLimitPlan(decoder: PacketDecoder, datagrams: readonly Uint8Array[]): LimitPlan {
  const { bodies, views } = decodedBodies(decoder, datagrams);
  const rows: number[] = [];
  datagrams.forEach((d, b) => {
    decoder.decode(d);
    const o = readerAs(decoder, 'ImprovedTerseObjectUpdate')!.ObjectData;
    for (let i = 0; i < o.count; i++) rows.push(b, o.DataOffset(i), o.DataLength(i));
  });
  return { bodies, views, rows: Int32Array.from(rows), stride: 3, count: rows.length / 3 };
}

/** LocalID, State, position, and the 13 quantized components turned into floats. */
export function terseLimit(plan: LimitPlan, slot: number, r: number): void {
  const row = r * plan.stride;
  const body = plan.bodies[plan.rows[row]!]!;
  const v = plan.views[plan.rows[row]!]!;
  const o = plan.rows[row + 1]!;
  const out = slot * 64;
  numbersOut[out] = v.getUint32(o, true);
  numbersOut[out + 1] = body[o + 4]!;
  const at = o + 6 + (plan.rows[row + 2]! === 60 ? 16 : 0);
  for (let k = 0; k < 3; k++) numbersOut[out + 2 + k] = v.getFloat32(at + 4 * k, true);
  for (let k = 0; k < 13; k++) numbersOut[out + 5 + k] = (v.getUint16(at + 12 + 2 * k, true) / 65535) * 256 - 128;
}

export function compressedLimitPlan(decoder: PacketDecoder, datagrams: readonly Uint8Array[]): LimitPlan {
  const { bodies, views } = decodedBodies(decoder, datagrams);
  const rows: number[] = [];
  datagrams.forEach((d, b) => {
    decoder.decode(d);
    const o = readerAs(decoder, 'ObjectUpdateCompressed')!.ObjectData;
    for (let i = 0; i < o.count; i++) rows.push(b, o.DataOffset(i), o.DataLength(i));
  });
  return { bodies, views, rows: Int32Array.from(rows), stride: 3, count: rows.length / 3 };
}

/** The fixed header's numbers (ids, CRC, scale, position, rotation, flags) and the rest of the blob copied. */
export function compressedLimit(plan: LimitPlan, slot: number, r: number): void {
  const row = r * plan.stride;
  const body = plan.bodies[plan.rows[row]!]!;
  const v = plan.views[plan.rows[row]!]!;
  const o = plan.rows[row + 1]!;
  const out = slot * 64;
  numbersOut[out] = v.getUint32(o + 16, true);
  numbersOut[out + 1] = body[o + 20]!;
  numbersOut[out + 2] = body[o + 21]!;
  numbersOut[out + 3] = v.getUint32(o + 22, true);
  numbersOut[out + 4] = body[o + 26]!;
  numbersOut[out + 5] = body[o + 27]!;
  for (let k = 0; k < 9; k++) numbersOut[out + 6 + k] = v.getFloat32(o + 28 + 4 * k, true);
  numbersOut[out + 15] = v.getUint32(o + 64, true);
  copyBytes(body, o + 84, plan.rows[row + 2]! - 84, slot);
}

export function limitCase(name: string, plan: LimitPlan, write: (plan: LimitPlan, slot: number, row: number) => void): BenchCase {
  return {
    name: `typed-array write: ${name}`,
    unit: 'obj/s',
    run(iterations) {
      let r = 0;
      for (let i = 0; i < iterations; i++) {
        write(plan, i & (LIMIT_SLOTS - 2), r);
        if (++r === plan.count) r = 0;
      }
      return numbersOut[iterations & 63]!;
    },
  };
}
