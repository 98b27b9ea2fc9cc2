import type { BlockInfo, MessageInfo } from './message-info.ts';

/** Anything indexable that vectors are written into: Float32Array, number[], a gl-matrix vec3. */
export type NumericArray = { [index: number]: number };

const EMPTY_BYTES = new Uint8Array(0);
const EMPTY_VIEW = new DataView(EMPTY_BYTES.buffer);

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
 *
 * Every generated accessor reads only its own instance's fields, so its
 * property loads stay monomorphic however many message types flow through.
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

  /** Absolute offset of field `fieldIndex` of instance `i` (generic; generated accessors inline this). */
  fieldOffset(i: number, fieldIndex: number): number {
    const field = this.info.fields[fieldIndex]!;
    return this.segmentStarts[i * this.segments + field.segment]! + field.offset;
  }
}

/**
 * What `bind` needs, in one object of one shape for every message type: the
 * scan loop then runs on monomorphic data no matter how many reader classes
 * pass through it.
 */
class BindPlan {
  readonly blockCount: number;
  /** 1 = Variable (count on the wire), else the fixed count. */
  readonly variable: Uint8Array;
  readonly fixedCounts: Int32Array;
  readonly segmentCounts: Int32Array;
  readonly segmentFixed: Int32Array[];
  readonly segmentWidths: Int32Array[];
  readonly starts: Int32Array[];
  readonly counts: Int32Array;
  bytes: Uint8Array = EMPTY_BYTES;

  constructor(blocks: readonly BlockReader[]) {
    this.blockCount = blocks.length;
    this.variable = Uint8Array.from(blocks, (b) => (b.info.kind === 'Variable' ? 1 : 0));
    this.fixedCounts = Int32Array.from(blocks, (b) => b.info.count);
    this.segmentCounts = Int32Array.from(blocks, (b) => b.segments);
    this.segmentFixed = blocks.map((b) => Int32Array.from(b.info.segmentFixedBytes));
    // One extra 0 so the loop can read a width for the last segment too.
    this.segmentWidths = blocks.map((b) => Int32Array.from([...b.info.segmentVariableWidths, 0]));
    this.starts = blocks.map((b) => b.segmentStarts);
    this.counts = new Int32Array(blocks.length);
  }
}

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
  private readonly plan: BindPlan;

  constructor(readonly info: MessageInfo, blocks?: BlockReader[]) {
    this.blocks = blocks ?? info.blocks.map((b) => new BlockReader(b));
    this.plan = new BindPlan(this.blocks);
  }

  /**
   * Walks the body `bytes[start, end)`. Returns false (with `error` set) when the
   * body is malformed. A Variable block whose count byte lies past the end has
   * count 0: simulators omit trailing blocks that a newer template added.
   */
  bind(bytes: Uint8Array, view: DataView, start: number, end: number): boolean {
    const plan = this.plan;
    const blocks = this.blocks;
    if (plan.bytes !== bytes) {
      plan.bytes = bytes;
      this.bytes = bytes;
      this.view = view;
      for (const block of blocks) {
        block.bytes = bytes;
        block.view = view;
      }
    }
    this.start = start;
    this.end = end;
    const counts = plan.counts;
    let absent = 0;
    let pos = start;
    for (let b = 0; b < plan.blockCount; b++) {
      let count: number;
      if (plan.variable[b] === 1) {
        if (pos >= end) {
          count = 0;
          absent++;
        } else {
          count = bytes[pos++]!;
        }
      } else {
        count = plan.fixedCounts[b]!;
      }
      counts[b] = count;
      const segments = plan.segmentCounts[b]!;
      const fixed = plan.segmentFixed[b]!;
      const widths = plan.segmentWidths[b]!;
      const starts = plan.starts[b]!;
      let slot = 0;
      for (let i = 0; i < count; i++) {
        for (let s = 0; s < segments; s++) {
          const segmentStart = pos;
          starts[slot++] = pos;
          pos += fixed[s]!;
          const width = widths[s]!;
          if (width !== 0) {
            if (pos + width > end) return this.fail(b, i, s, segmentStart, end);
            pos += width + (width === 1 ? bytes[pos]! : bytes[pos]! | (bytes[pos + 1]! << 8));
          }
          if (pos > end) return this.fail(b, i, s, segmentStart, end);
        }
      }
    }
    for (let b = 0; b < plan.blockCount; b++) blocks[b]!.count = counts[b]!;
    this.trailing = end - pos;
    this.absentBlocks = absent;
    if (this.error !== '') this.error = '';
    return true;
  }

  private fail(blockIndex: number, instance: number, segment: number, segmentStart: number, end: number): false {
    const info: BlockInfo = this.blocks[blockIndex]!.info;
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
    this.trailing = 0;
    this.absentBlocks = 0;
    return false;
  }
}
