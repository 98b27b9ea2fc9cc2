import type { BlockInfo, FieldInfo, MessageInfo } from './message-info.ts';

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
 * What `bind` needs and what it found, in one object of one shape for every
 * message type: the scan loop, and generic consumers that walk every field
 * (`reader.layout`), then run on monomorphic data however many reader classes
 * pass through them.
 */
export interface ReaderLayout {
  readonly blockCount: number;
  /** Instances of each block in the bound packet. */
  readonly counts: Int32Array;
  /** Segments per instance of each block. */
  readonly segmentCounts: Int32Array;
  /** Each block's segment start offsets: [instance * segments + segment]. */
  readonly starts: readonly Int32Array[];
  readonly fields: readonly (readonly FieldInfo[])[];
  readonly bytes: Uint8Array;
  readonly view: DataView;
}

class BindPlan implements ReaderLayout {
  readonly blockCount: number;
  /** 1 = Variable (count on the wire), else the fixed count. */
  readonly variable: Uint8Array;
  readonly fixedCounts: Int32Array;
  readonly segmentCounts: Int32Array;
  readonly segmentFixed: Int32Array[];
  readonly segmentWidths: Int32Array[];
  readonly starts: Int32Array[];
  readonly counts: Int32Array;
  readonly blocks: readonly BlockReader[];
  readonly fields: readonly (readonly FieldInfo[])[];
  bytes: Uint8Array = EMPTY_BYTES;
  view: DataView = EMPTY_VIEW;
  start = 0;
  end = 0;
  trailing = 0;
  absentBlocks = 0;
  error = '';

  constructor(blocks: readonly BlockReader[]) {
    this.blocks = blocks;
    this.fields = blocks.map((b) => b.info.fields);
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
  /**
   * Per-packet state lives in the plan, one shape for every message type, so
   * `bind` touches this reader (whose class differs per message) only once.
   */
  private readonly plan: BindPlan;

  constructor(readonly info: MessageInfo, blocks?: BlockReader[]) {
    this.blocks = blocks ?? info.blocks.map((b) => new BlockReader(b));
    this.plan = new BindPlan(this.blocks);
  }

  /** The bound packet's layout in one monomorphic shape, for code that walks every field of any message. */
  get layout(): ReaderLayout { return this.plan; }

  /** First body byte after the message number. */
  get start(): number { return this.plan.start; }
  /** One past the last body byte. */
  get end(): number { return this.plan.end; }
  /** Bytes after the last block that the template does not describe (reported, not fatal). */
  get trailing(): number { return this.plan.trailing; }
  /** Trailing Variable blocks absent from the body (read as count 0). */
  get absentBlocks(): number { return this.plan.absentBlocks; }
  /** Why the last bind failed; '' after a successful bind. */
  get error(): string { return this.plan.error; }

  /**
   * Walks the body `bytes[start, end)`. Returns false (with `error` set) when the
   * body is malformed. A Variable block whose count byte lies past the end has
   * count 0: simulators omit trailing blocks that a newer template added.
   */
  bind(bytes: Uint8Array, view: DataView, start: number, end: number): boolean {
    const plan = this.plan;
    if (plan.bytes !== bytes) this.rebind(bytes, view);
    return bindPlan(plan, this.info, bytes, start, end);
  }

  /** Points the reader and its blocks at another buffer (once per decoder, not per packet). */
  rebind(bytes: Uint8Array, view: DataView): void {
    const plan = this.plan;
    plan.bytes = bytes;
    plan.view = view;
    this.bytes = bytes;
    this.view = view;
    for (const block of plan.blocks) {
      block.bytes = bytes;
      block.view = view;
    }
  }
}

/**
 * The scan itself, on the monomorphic plan: callers that keep plans (the packet
 * decoder) reach it without touching the per-message reader class at all.
 */
export function bindPlan(plan: ReaderLayout, info: MessageInfo, bytes: Uint8Array, start: number, end: number): boolean {
  const p = plan as BindPlan;
  p.start = start;
  p.end = end;
  const counts = p.counts;
  let absent = 0;
  let pos = start;
  for (let b = 0; b < p.blockCount; b++) {
    let count: number;
    if (p.variable[b] === 1) {
      if (pos >= end) {
        count = 0;
        absent++;
      } else {
        count = bytes[pos++]!;
      }
    } else {
      count = p.fixedCounts[b]!;
    }
    counts[b] = count;
    const segments = p.segmentCounts[b]!;
    const fixed = p.segmentFixed[b]!;
    const widths = p.segmentWidths[b]!;
    const starts = p.starts[b]!;
    let slot = 0;
    for (let i = 0; i < count; i++) {
      for (let s = 0; s < segments; s++) {
        const segmentStart = pos;
        starts[slot++] = pos;
        pos += fixed[s]!;
        const width = widths[s]!;
        if (width !== 0) {
          if (pos + width > end) return fail(p, info, b, i, s, segmentStart, end);
          pos += width + (width === 1 ? bytes[pos]! : bytes[pos]! | (bytes[pos + 1]! << 8));
        }
        if (pos > end) return fail(p, info, b, i, s, segmentStart, end);
      }
    }
  }
  const blocks = p.blocks;
  for (let b = 0; b < p.blockCount; b++) blocks[b]!.count = counts[b]!;
  p.trailing = end - pos;
  p.absentBlocks = absent;
  if (p.error !== '') p.error = '';
  return true;
}

function fail(plan: BindPlan, message: MessageInfo, blockIndex: number, instance: number, segment: number, segmentStart: number, end: number): false {
  const info: BlockInfo = plan.blocks[blockIndex]!.info;
  const bytes = plan.bytes;
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
      needed += field.size === 1 ? bytes[at]! : bytes[at]! | (bytes[at + 1]! << 8);
    }
  }
  plan.error =
    `${message.name}: block ${info.name}[${instance}] field ${culprit.name} runs past the end of the body ` +
    `(needs ${needed - plan.start} bytes, body has ${end - plan.start})`;
  for (const block of plan.blocks) block.count = 0;
  plan.trailing = 0;
  plan.absentBlocks = 0;
  return false;
}
