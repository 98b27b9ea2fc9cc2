/**
 * A first-in first-out log of byte records in one fixed buffer: each record is
 * a contiguous run of bytes plus a few numbers about it, appended at the head
 * and released from the tail. Both the pending-creation queue (update bytes
 * kept until their entity can be created) and the object cache (update bytes
 * kept for ObjectUpdateCached) are one of these: the queue releases records as
 * it creates entities, the cache by evicting its oldest when it needs room.
 * Sized once; nothing allocates afterwards.
 */

export interface RecordRing {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly maxRecords: number;
  /** Per record slot. */
  readonly offset: Int32Array;
  readonly length: Int32Array;
  /** What the bytes are (the owner's codes); 0 = released. */
  readonly kind: Uint8Array;
  /** 1 while the record is the current one for its key; superseded or cancelled records stay in the log as 0. */
  readonly live: Uint8Array;
  /** The owner's key words and numbers. */
  readonly key0: Uint32Array;
  readonly key1: Uint32Array;
  readonly key2: Uint32Array;
  readonly crc: Uint32Array;
  readonly flags: Uint32Array;
  /** Bumped each time a slot takes a new record, so (slot, generation) names one record for good. */
  readonly generation: Uint32Array;
  /** Oldest record slot, next slot to write, records in the log. */
  tail: number;
  head: number;
  count: number;
  /** Bytes in use run from byteTail to byteHead, wrapping at wrapEnd when `wrapped`. */
  byteTail: number;
  byteHead: number;
  wrapEnd: number;
  wrapped: boolean;
}

export function createRecordRing(byteCapacity: number, maxRecords: number): RecordRing {
  if (!Number.isInteger(byteCapacity) || byteCapacity < 64 || byteCapacity > 2 ** 30) {
    throw new RangeError(`createRecordRing: byteCapacity must be an integer in 64..${2 ** 30}, got ${byteCapacity}`);
  }
  if (!Number.isInteger(maxRecords) || maxRecords < 1 || maxRecords > 1 << 24) {
    throw new RangeError(`createRecordRing: maxRecords must be an integer in 1..${1 << 24}, got ${maxRecords}`);
  }
  const bytes = new Uint8Array(byteCapacity);
  return {
    bytes,
    view: new DataView(bytes.buffer),
    maxRecords,
    offset: new Int32Array(maxRecords),
    length: new Int32Array(maxRecords),
    kind: new Uint8Array(maxRecords),
    live: new Uint8Array(maxRecords),
    key0: new Uint32Array(maxRecords),
    key1: new Uint32Array(maxRecords),
    key2: new Uint32Array(maxRecords),
    crc: new Uint32Array(maxRecords),
    flags: new Uint32Array(maxRecords),
    generation: new Uint32Array(maxRecords),
    tail: 0,
    head: 0,
    count: 0,
    byteTail: 0,
    byteHead: 0,
    wrapEnd: 0,
    wrapped: false,
  };
}

/** Byte offset where `length` bytes fit without releasing anything, or -1. */
function findRoom(r: RecordRing, length: number): number {
  if (r.count === r.maxRecords) return -1;
  if (r.count === 0) return length <= r.bytes.length ? 0 : -1;
  if (!r.wrapped) {
    if (r.byteHead + length <= r.bytes.length) return r.byteHead;
    return length <= r.byteTail ? 0 : -1;
  }
  return r.byteHead + length <= r.byteTail ? r.byteHead : -1;
}

/**
 * Appends a record of `length` bytes and returns its slot (the caller fills
 * bytes[offset[slot], +length) and the record's numbers), or -1 when it does
 * not fit until older records are released.
 */
export function appendRecord(r: RecordRing, length: number, kind: number): number {
  if (!Number.isInteger(length) || length < 0) throw new RangeError(`appendRecord: length must be an integer ≥ 0, got ${length}`);
  if (kind < 1 || kind > 255) throw new RangeError(`appendRecord: kind must be in 1..255, got ${kind}`);
  const at = findRoom(r, length);
  if (at < 0) return -1;
  if (r.count === 0) {
    r.byteTail = 0;
    r.wrapped = false;
  } else if (!r.wrapped && at === 0) {
    r.wrapped = true;
    r.wrapEnd = r.byteHead;
  }
  r.byteHead = at + length;
  const slot = r.head;
  r.head = slot + 1 === r.maxRecords ? 0 : slot + 1;
  r.count++;
  r.offset[slot] = at;
  r.length[slot] = length;
  r.kind[slot] = kind;
  r.live[slot] = 1;
  r.key0[slot] = 0;
  r.key1[slot] = 0;
  r.key2[slot] = 0;
  r.crc[slot] = 0;
  r.flags[slot] = 0;
  r.generation[slot]++;
  return slot;
}

/** True when a record of `length` bytes could ever fit (the buffer is big enough). */
export function recordFitsAtAll(r: RecordRing, length: number): boolean {
  return length <= r.bytes.length;
}

/** The oldest record's slot, or -1 when the log is empty. */
export function oldestRecord(r: RecordRing): number {
  return r.count === 0 ? -1 : r.tail;
}

/** Releases the oldest record (its bytes become free); returns its slot, or -1 when empty. */
export function releaseOldest(r: RecordRing): number {
  if (r.count === 0) return -1;
  const slot = r.tail;
  r.tail = slot + 1 === r.maxRecords ? 0 : slot + 1;
  r.count--;
  r.kind[slot] = 0;
  r.live[slot] = 0;
  if (r.count === 0) {
    r.byteTail = 0;
    r.byteHead = 0;
    r.wrapped = false;
    return slot;
  }
  r.byteTail = r.offset[slot] + r.length[slot];
  // The next oldest record starts at 0 once the segment before the wrap is used up.
  if (r.wrapped && r.byteTail >= r.wrapEnd) {
    r.wrapped = false;
    r.byteTail = 0;
  }
  return slot;
}

/** Releases every record. */
export function clearRecords(r: RecordRing): void {
  r.kind.fill(0);
  r.live.fill(0);
  r.tail = 0;
  r.head = 0;
  r.count = 0;
  r.byteTail = 0;
  r.byteHead = 0;
  r.wrapped = false;
}

/** Bytes held by records in the log, wasted wrap space excluded. */
export function recordBytesInUse(r: RecordRing): number {
  if (r.count === 0) return 0;
  return r.wrapped ? r.wrapEnd - r.byteTail + r.byteHead : r.byteHead - r.byteTail;
}
