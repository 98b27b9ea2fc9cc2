import { quaternionW, variableText } from './field-codec.ts';
import type { BlockInfo, MessageInfo } from './message-info.ts';
import { uuidToString } from './uuid.ts';

/** Anything indexable that vectors are written into: Float32Array, number[], a gl-matrix vec3. */
export type NumericArray = { [index: number]: number };

/**
 * Zero-copy readers over a message body.
 *
 * `bind` walks the body once, recording where each segment of each block
 * instance starts (see message-info.ts); accessors then read a field with one
 * typed load at `segmentStarts[i * segments + k] + constant`. Readers and their
 * offset tables are allocated once and reused for every packet, so decoding
 * allocates nothing per message. A reader is valid until the next `bind`.
 *
 * Generated accessors (one subclass per block) take the instance index `i`
 * (default 0) and follow one convention per type: numbers and booleans are
 * returned; vectors and quaternions (x, y, z, w) are written into a caller's
 * array; UUIDs are copied into a caller's bytes, with `…Offset` for the 16 bytes
 * in place and `…String` for text; U64 has `…Low`/`…High` halves beside the
 * bigint; Variable fields have `…Offset`/`…Length` in place, a view, and
 * `…String`. Only the view, bigint and string forms allocate.
 */
export class BlockReader {
  /** Number of instances in the bound packet. */
  count = 0;
  readonly segments: number;
  /** Start offset (in `bytes`) of each segment of each instance: [instance * segments + segment]. */
  readonly segmentStarts: Int32Array;
  bytes: Uint8Array = EMPTY_BYTES;
  view: DataView = EMPTY_VIEW;

  constructor(readonly info: BlockInfo) {
    this.segments = info.segmentFixedBytes.length;
    this.segmentStarts = new Int32Array(info.maxInstances * this.segments);
  }

  /** Offset of the byte `offset` bytes into segment `segment` of instance `i`. */
  at(i: number, segment: number, offset: number): number {
    return this.segmentStarts[i * this.segments + segment]! + offset;
  }

  u8(o: number): number { return this.bytes[o]!; }
  u16(o: number): number { return this.view.getUint16(o, true); }
  u32(o: number): number { return this.view.getUint32(o, true); }
  s8(o: number): number { return this.view.getInt8(o); }
  s16(o: number): number { return this.view.getInt16(o, true); }
  s32(o: number): number { return this.view.getInt32(o, true); }
  f32(o: number): number { return this.view.getFloat32(o, true); }
  f64(o: number): number { return this.view.getFloat64(o, true); }
  u16be(o: number): number { return this.view.getUint16(o, false); }
  u32be(o: number): number { return this.view.getUint32(o, false); }
  bool(o: number): boolean { return this.bytes[o] !== 0; }
  u64(o: number): bigint { return this.view.getBigUint64(o, true); }
  s64(o: number): bigint { return this.view.getBigInt64(o, true); }

  uuid(o: number, out: Uint8Array, outOffset: number): Uint8Array {
    const bytes = this.bytes;
    for (let k = 0; k < 16; k++) out[outOffset + k] = bytes[o + k]!;
    return out;
  }
  uuidString(o: number): string { return uuidToString(this.bytes, o); }

  vec3<T extends NumericArray>(o: number, out: T): T {
    const v = this.view;
    out[0] = v.getFloat32(o, true); out[1] = v.getFloat32(o + 4, true); out[2] = v.getFloat32(o + 8, true);
    return out;
  }
  vec4<T extends NumericArray>(o: number, out: T): T {
    const v = this.view;
    out[0] = v.getFloat32(o, true); out[1] = v.getFloat32(o + 4, true);
    out[2] = v.getFloat32(o + 8, true); out[3] = v.getFloat32(o + 12, true);
    return out;
  }
  vec3d<T extends NumericArray>(o: number, out: T): T {
    const v = this.view;
    out[0] = v.getFloat64(o, true); out[1] = v.getFloat64(o + 8, true); out[2] = v.getFloat64(o + 16, true);
    return out;
  }
  quat<T extends NumericArray>(o: number, out: T): T {
    const v = this.view;
    const x = v.getFloat32(o, true); const y = v.getFloat32(o + 4, true); const z = v.getFloat32(o + 8, true);
    out[0] = x; out[1] = y; out[2] = z; out[3] = quaternionW(x, y, z);
    return out;
  }
  ipString(o: number): string {
    const b = this.bytes;
    return `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
  }
  fixedBytes(o: number, size: number): Uint8Array { return this.bytes.subarray(o, o + size); }
  varLength(o: number, width: number): number {
    return width === 1 ? this.bytes[o]! : this.view.getUint16(o, true);
  }
  varBytes(o: number, width: number): Uint8Array {
    return this.bytes.subarray(o + width, o + width + this.varLength(o, width));
  }
  varString(o: number, width: number): string {
    return variableText(this.bytes, o + width, this.varLength(o, width));
  }

  /** Absolute offset of field `fieldIndex` of instance `i`. */
  fieldOffset(i: number, fieldIndex: number): number {
    const field = this.info.fields[fieldIndex]!;
    return this.segmentStarts[i * this.segments + field.segment]! + field.offset;
  }
}

const EMPTY_BYTES = new Uint8Array(0);
const EMPTY_VIEW = new DataView(EMPTY_BYTES.buffer);

export class MessageReader {
  readonly blocks: BlockReader[];
  bytes: Uint8Array = EMPTY_BYTES;
  view: DataView = EMPTY_VIEW;
  /** First body byte after the message number, and one past the last. */
  start = 0;
  end = 0;
  /** Bytes after the last block that the template does not describe (reported, not fatal). */
  trailing = 0;
  /** Trailing Variable blocks absent from the body (read as count 0). */
  absentBlocks = 0;
  /** Why the last bind failed; '' after a successful bind. */
  error = '';

  constructor(readonly info: MessageInfo, blocks?: BlockReader[]) {
    this.blocks = blocks ?? info.blocks.map((b) => new BlockReader(b));
  }

  /**
   * Walks the body `bytes[start, end)`. Returns false (with `error` set) when the
   * body is malformed. A Variable block whose count byte lies past the end has
   * count 0: simulators omit trailing blocks that a newer template added.
   */
  bind(bytes: Uint8Array, view: DataView, start: number, end: number): boolean {
    this.bytes = bytes;
    this.view = view;
    this.start = start;
    this.end = end;
    this.trailing = 0;
    this.absentBlocks = 0;
    this.error = '';
    const blocks = this.blocks;
    let pos = start;
    for (let b = 0; b < blocks.length; b++) {
      const block = blocks[b]!;
      const info = block.info;
      block.bytes = bytes;
      block.view = view;
      let count: number;
      if (info.kind === 'Variable') {
        if (pos >= end) {
          count = 0;
          this.absentBlocks++;
        } else {
          count = bytes[pos++]!;
        }
      } else {
        count = info.count;
      }
      block.count = count;
      const segments = block.segments;
      const fixed = info.segmentFixedBytes;
      const widths = info.segmentVariableWidths;
      const starts = block.segmentStarts;
      for (let i = 0; i < count; i++) {
        let base = i * segments;
        for (let s = 0; s < segments; s++) {
          const segmentStart = pos;
          starts[base++] = pos;
          pos += fixed[s]!;
          if (s < widths.length) {
            const width = widths[s]!;
            if (pos + width > end) return this.fail(info, i, s, segmentStart, end);
            const length = width === 1 ? bytes[pos]! : bytes[pos]! | (bytes[pos + 1]! << 8);
            pos += width + length;
          }
          if (pos > end) return this.fail(info, i, s, segmentStart, end);
        }
      }
    }
    this.trailing = end - pos;
    return true;
  }

  private fail(info: BlockInfo, instance: number, segment: number, segmentStart: number, end: number): false {
    // Name the first field of the segment that does not fit.
    let culprit = info.fields[0]!;
    let needed = segmentStart;
    for (const field of info.fields) {
      if (field.segment !== segment) continue;
      culprit = field;
      needed = segmentStart + field.offset + field.size;
      if (needed > end) break;
      if (field.type === 'Variable') {
        const at = segmentStart + field.offset;
        needed += field.size === 1 ? this.bytes[at]! : this.bytes[at]! | (this.bytes[at + 1]! << 8);
      }
    }
    this.error =
      `${this.info.name}: block ${info.name}[${instance}] field ${culprit.name} runs past the end of the body ` +
      `(needs ${needed - this.start} bytes, body has ${end - this.start})`;
    for (const block of this.blocks) block.count = 0;
    return false;
  }
}
