/**
 * Mutators that know where a container format keeps its lengths: pcap record
 * lengths, pcapng block lengths, LLSD binary string/array/map sizes and
 * nesting depth. Each finds the length fields by walking the input, changes
 * one, and leaves the rest as it was.
 */
import type { FuzzRandom } from './fuzz-random.ts';
import { concat, interestingValue, replaceRange, writeUint, type WeightedMutator } from './mutators.ts';

interface NumberSite {
  readonly offset: number;
  readonly width: 1 | 2 | 4;
  readonly littleEndian: boolean;
  /** Bytes from just after the field to the end of the input: a length that would exactly fit. */
  readonly room: number;
}

function readUint(bytes: Uint8Array, at: number, width: 1 | 2 | 4, littleEndian: boolean): number {
  let value = 0;
  for (let k = 0; k < width; k++) value = value * 256 + (bytes[at + (littleEndian ? width - 1 - k : k)] ?? 0);
  return value;
}

function setSite(input: Uint8Array, site: NumberSite, random: FuzzRandom): Uint8Array {
  const out = input.slice();
  const current = readUint(out, site.offset, site.width, site.littleEndian);
  const value = random.chance(0.25) ? site.room + random.between(-1, 1) : interestingValue(random, site.width, current);
  writeUint(out, site.offset, site.width, value >>> 0, site.littleEndian);
  return out;
}

/** The length fields of a pcap file: snaplen and link type, then each record's captured and original length. */
export function pcapLengthSites(bytes: Uint8Array): NumberSite[] {
  if (bytes.length < 24) return [];
  const magicLe = readUint(bytes, 0, 4, true);
  const littleEndian = magicLe === 0xa1b2c3d4 || magicLe === 0xa1b23c4d;
  if (!littleEndian && readUint(bytes, 0, 4, false) !== 0xa1b2c3d4 && readUint(bytes, 0, 4, false) !== 0xa1b23c4d) return [];
  const sites: NumberSite[] = [
    { offset: 16, width: 4, littleEndian, room: bytes.length - 20 },
    { offset: 20, width: 4, littleEndian, room: 0 },
  ];
  for (let at = 24; at + 16 <= bytes.length && sites.length < 256;) {
    const captured = readUint(bytes, at + 8, 4, littleEndian);
    sites.push({ offset: at + 8, width: 4, littleEndian, room: bytes.length - at - 16 });
    sites.push({ offset: at + 12, width: 4, littleEndian, room: captured });
    at += 16 + captured;
  }
  return sites;
}

/** The length fields of a pcapng file: every block's total length (both copies), and EPB captured lengths. */
export function pcapngLengthSites(bytes: Uint8Array): NumberSite[] {
  if (bytes.length < 12 || readUint(bytes, 0, 4, true) !== 0x0a0d0d0a) return [];
  const littleEndian = readUint(bytes, 8, 4, true) === 0x1a2b3c4d;
  const sites: NumberSite[] = [];
  for (let at = 0; at + 12 <= bytes.length && sites.length < 256;) {
    const type = readUint(bytes, at, 4, littleEndian);
    const total = readUint(bytes, at + 4, 4, littleEndian);
    sites.push({ offset: at + 4, width: 4, littleEndian, room: bytes.length - at });
    if (total < 12 || at + total > bytes.length) break;
    sites.push({ offset: at + total - 4, width: 4, littleEndian, room: total });
    if (type === 6 && total >= 32) sites.push({ offset: at + 20, width: 4, littleEndian, room: total - 32 });
    if (type === 1 && total >= 20) sites.push({ offset: at + 8, width: 2, littleEndian, room: 0 });
    at += total;
  }
  return sites;
}

const LLSD_BINARY_SIZED = new Set([0x73 /* s */, 0x62 /* b */, 0x6b /* k */, 0x6c /* l */, 0x5b /* [ */, 0x7b /* { */]);

/** Places in an LLSD binary document where a marker is followed by a 32-bit big-endian size. */
export function llsdBinarySizeSites(bytes: Uint8Array): NumberSite[] {
  const sites: NumberSite[] = [];
  for (let i = 0; i + 5 <= bytes.length && sites.length < 512; i++) {
    if (LLSD_BINARY_SIZED.has(bytes[i]!)) sites.push({ offset: i + 1, width: 4, littleEndian: false, room: bytes.length - i - 5 });
  }
  return sites;
}

function siteMutator(name: string, weight: number, find: (bytes: Uint8Array) => NumberSite[]): WeightedMutator {
  return {
    name, weight,
    mutate(input, random) {
      const sites = find(input);
      return sites.length === 0 ? input : setSite(input, random.pick(sites), random);
    },
  };
}

const LLSD_BINARY_HEADER = new TextEncoder().encode('<? LLSD/Binary ?>\n');

/** An LLSD binary document wrapped in one-element arrays, deep enough to meet (and pass) the depth limit. */
const llsdBinaryDepth: WeightedMutator = {
  name: 'llsd-binary-depth', weight: 2,
  mutate(input, random, context) {
    const hasHeader = LLSD_BINARY_HEADER.every((b, i) => input[i] === b);
    const body = hasHeader ? input.subarray(LLSD_BINARY_HEADER.length) : input;
    const depth = 1 + (random.chance(0.5) ? random.small(300) : random.between(250, 2000));
    const open = Uint8Array.of(0x5b, 0, 0, 0, 1);
    const opens = new Uint8Array(open.length * depth);
    for (let d = 0; d < depth; d++) opens.set(open, d * open.length);
    const closes = new Uint8Array(random.chance(0.9) ? depth : random.below(depth)).fill(0x5d);
    return concat(hasHeader ? LLSD_BINARY_HEADER : new Uint8Array(0), opens, body, closes).subarray(0, context.maxLength);
  },
};

export const PCAP_MUTATORS: readonly WeightedMutator[] = [
  siteMutator('pcap-record-lengths', 6, pcapLengthSites),
  siteMutator('pcapng-block-lengths', 6, pcapngLengthSites),
];

export const LLSD_BINARY_MUTATORS: readonly WeightedMutator[] = [
  siteMutator('llsd-binary-sizes', 6, llsdBinarySizeSites),
  llsdBinaryDepth,
];

/** Wraps a random stretch of a text document in `open`×N … `close`×N: nesting depth for XML, notation and JSON. */
export function nestingMutator(name: string, open: string, close: string, weight = 2): WeightedMutator {
  const openBytes = new TextEncoder().encode(open);
  const closeBytes = new TextEncoder().encode(close);
  return {
    name, weight,
    mutate(input, random, context) {
      const depth = 1 + (random.chance(0.6) ? random.small(300) : random.between(250, 3000));
      const opens = new Uint8Array(openBytes.length * depth);
      for (let d = 0; d < depth; d++) opens.set(openBytes, d * openBytes.length);
      const closeCount = random.chance(0.85) ? depth : random.below(depth + 1);
      const closes = new Uint8Array(closeBytes.length * closeCount);
      for (let d = 0; d < closeCount; d++) closes.set(closeBytes, d * closeBytes.length);
      const start = random.below(input.length + 1);
      const end = Math.min(input.length, start + random.small(200));
      const wrapped = concat(opens, input.subarray(start, end), closes);
      return replaceRange(input, start, end, wrapped, context.maxLength);
    },
  };
}

const NUMBER_TEXTS = [
  '0', '-0', '1', '-1', '255', '256', '65535', '65536', '2147483647', '2147483648', '-2147483649', '4294967295', '4294967296',
  '9007199254740993', '1e308', '1e309', '-1e309', '5e-324', 'NaN', 'Infinity', '0x10', '1.5', '00000000000000000000001', '9'.repeat(400),
].map((t) => new TextEncoder().encode(t));

/** Replaces one run of digits in a text document with a boundary number. */
export const numberTextMutator: WeightedMutator = {
  name: 'number-text', weight: 3,
  mutate(input, random, context) {
    const runs: [number, number][] = [];
    for (let i = 0; i < input.length && runs.length < 512; i++) {
      if (input[i]! >= 0x30 && input[i]! <= 0x39) {
        const start = i;
        while (i < input.length && input[i]! >= 0x30 && input[i]! <= 0x39) i++;
        runs.push([start, i]);
      }
    }
    if (runs.length === 0) return input;
    const [start, end] = random.pick(runs);
    return replaceRange(input, start, end, random.pick(NUMBER_TEXTS), context.maxLength);
  },
};
