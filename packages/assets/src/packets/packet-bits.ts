/**
 * The two small decoders of JPEG2000 packet headers (Annex B.10): a bit
 * reader with the standard's bit stuffing (after a 0xFF byte only 7 bits
 * follow), and tag trees. Past the end of the data the reader yields zero
 * bits, as OpenJPEG's does, and says so through `overrun`.
 */

export interface BitReader {
  readonly bytes: Uint8Array;
  /** Next byte to load. */
  position: number;
  readonly end: number;
  buffer: number;
  bitsLeft: number;
  overrun: boolean;
}

export function createBitReader(bytes: Uint8Array, start: number, end: number): BitReader {
  return { bytes, position: start, end, buffer: 0, bitsLeft: 0, overrun: false };
}

function loadByte(reader: BitReader): void {
  reader.bitsLeft = (reader.buffer & 0xff) === 0xff ? 7 : 8;
  if (reader.position < reader.end) {
    reader.buffer = reader.bytes[reader.position++]!;
  } else {
    reader.buffer = 0;
    reader.position++;
    reader.overrun = true;
  }
}

export function readBit(reader: BitReader): number {
  if (reader.bitsLeft === 0) loadByte(reader);
  reader.bitsLeft--;
  return (reader.buffer >> reader.bitsLeft) & 1;
}

export function readBits(reader: BitReader, count: number): number {
  let value = 0;
  for (let i = 0; i < count; i++) value = value * 2 + readBit(reader);
  return value;
}

/** Ends the header: a header whose last byte is 0xFF is followed by one stuffed byte. */
export function alignToByte(reader: BitReader): void {
  if ((reader.buffer & 0xff) === 0xff && reader.bitsLeft < 8) loadByte(reader);
  reader.bitsLeft = 0;
}

/** A tag tree over a width x height grid of leaves: each node's known lower bound and value (-1 while unknown). */
export interface TagTree {
  readonly parents: Int32Array;
  readonly lows: Int32Array;
  readonly values: Int32Array;
  /** Leaf index to node index (leaves are the first width*height nodes). */
  readonly leafCount: number;
  readonly path: Int32Array;
}

export function createTagTree(width: number, height: number): TagTree {
  const levelSizes: [number, number][] = [];
  let w = width;
  let h = height;
  let total = 0;
  for (;;) {
    levelSizes.push([w, h]);
    total += w * h;
    if (w * h <= 1) break;
    w = Math.ceil(w / 2);
    h = Math.ceil(h / 2);
  }
  const parents = new Int32Array(total).fill(-1);
  let levelStart = 0;
  for (let level = 0; level + 1 < levelSizes.length; level++) {
    const [lw, lh] = levelSizes[level]!;
    const nextStart = levelStart + lw * lh;
    const nextWidth = levelSizes[level + 1]![0];
    for (let y = 0; y < lh; y++) {
      for (let x = 0; x < lw; x++) parents[levelStart + y * lw + x] = nextStart + (y >> 1) * nextWidth + (x >> 1);
    }
    levelStart = nextStart;
  }
  return { parents, lows: new Int32Array(total), values: new Int32Array(total).fill(-1), leafCount: width * height, path: new Int32Array(levelSizes.length) };
}

/**
 * Decodes the leaf's value as far as `threshold`: true when the value is
 * below it. Reads bits only for nodes still undecided, as the standard says.
 */
export function decodeTagTree(tree: TagTree, reader: BitReader, leaf: number, threshold: number): boolean {
  let depth = 0;
  for (let node = leaf; node !== -1; node = tree.parents[node]!) tree.path[depth++] = node;
  let low = 0;
  for (let i = depth - 1; i >= 0; i--) {
    const node = tree.path[i]!;
    if (low > tree.lows[node]!) tree.lows[node] = low;
    else low = tree.lows[node]!;
    while (low < threshold && tree.values[node] === -1) {
      if (readBit(reader) === 1) tree.values[node] = low;
      else low++;
    }
    tree.lows[node] = low;
    if (tree.values[node] !== -1 && tree.values[node]! >= threshold) return false;
  }
  const value = tree.values[leaf]!;
  return value !== -1 && value < threshold;
}
