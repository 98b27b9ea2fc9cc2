/**
 * Byte-level mutators and the stacking of mutations into one input. A mutator
 * takes an input and returns a new array (never changing its argument, which
 * may be a seed) no longer than the context's maxLength.
 */
import type { FuzzRandom } from './fuzz-random.ts';

export interface MutationContext {
  /** The target's seeds, for splices and borrowed chunks. */
  readonly corpus: readonly Uint8Array[];
  /** No output is longer than this. */
  readonly maxLength: number;
}

export type Mutator = (input: Uint8Array, random: FuzzRandom, context: MutationContext) => Uint8Array;

/** A mutator with the weight it is picked with. */
export interface WeightedMutator {
  readonly name: string;
  readonly weight: number;
  readonly mutate: Mutator;
}

/** Boundary values that break length checks: 0, 1, sign bits, all ones. */
export const INTERESTING_8 = [0, 1, 2, 0x10, 0x20, 0x40, 0x7e, 0x7f, 0x80, 0x81, 0xfe, 0xff] as const;
export const INTERESTING_16 = [0, 1, 0xff, 0x100, 0x3ff, 0x400, 0x7fff, 0x8000, 0xfffe, 0xffff] as const;
export const INTERESTING_32 = [0, 1, 0xff, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff] as const;

export function clampLength(bytes: Uint8Array, maxLength: number): Uint8Array {
  return bytes.length <= maxLength ? bytes : bytes.slice(0, maxLength);
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** `input` with `insert` written in place of [start, end). */
export function replaceRange(input: Uint8Array, start: number, end: number, insert: Uint8Array, maxLength: number): Uint8Array {
  return clampLength(concat(input.subarray(0, start), insert, input.subarray(end)), maxLength);
}

export function writeUint(bytes: Uint8Array, at: number, width: 1 | 2 | 4, value: number, littleEndian: boolean): void {
  for (let k = 0; k < width; k++) {
    if (at + k >= bytes.length) return;
    const shift = 8 * (littleEndian ? k : width - 1 - k);
    bytes[at + k] = (value >>> shift) & 0xff;
  }
}

export function interestingValue(random: FuzzRandom, width: 1 | 2 | 4, current: number): number {
  const max = width === 4 ? 0xffffffff : (1 << (8 * width)) - 1;
  switch (random.below(4)) {
    case 0: return (current + random.between(-4, 4)) & max;
    case 1: return random.below(max + 1) >>> 0;
    default: return width === 1 ? random.pick(INTERESTING_8) : width === 2 ? random.pick(INTERESTING_16) : random.pick(INTERESTING_32);
  }
}

const flipBit: Mutator = (input, random) => {
  if (input.length === 0) return input;
  const out = input.slice();
  out[random.below(out.length)]! ^= 1 << random.below(8);
  return out;
};

const setByte: Mutator = (input, random) => {
  if (input.length === 0) return input;
  const out = input.slice();
  const at = random.below(out.length);
  out[at] = random.chance(0.5) ? random.pick(INTERESTING_8) : random.byte();
  return out;
};

const addToByte: Mutator = (input, random) => {
  if (input.length === 0) return input;
  const out = input.slice();
  const at = random.below(out.length);
  out[at] = (out[at]! + random.between(-16, 16)) & 0xff;
  return out;
};

const setWord: Mutator = (input, random) => {
  if (input.length < 2) return input;
  const out = input.slice();
  const width = random.chance(0.5) ? 2 : 4;
  writeUint(out, random.below(out.length - 1), width, interestingValue(random, width, 0), random.chance(0.5));
  return out;
};

const insertBytes: Mutator = (input, random, context) => {
  const count = 1 + random.small(64);
  const fill = new Uint8Array(count);
  if (random.chance(0.5)) fill.fill(random.pick(INTERESTING_8));
  else for (let i = 0; i < count; i++) fill[i] = random.byte();
  const at = random.below(input.length + 1);
  return replaceRange(input, at, at, fill, context.maxLength);
};

const deleteRange: Mutator = (input, random) => {
  if (input.length === 0) return input;
  const start = random.below(input.length);
  const end = Math.min(input.length, start + 1 + random.small(Math.max(1, input.length >> 2)));
  return concat(input.subarray(0, start), input.subarray(end));
};

/** A chunk copied elsewhere in the input: repeats fields, records and nested structures. */
const duplicateRange: Mutator = (input, random, context) => {
  if (input.length === 0) return input;
  const start = random.below(input.length);
  const end = Math.min(input.length, start + 1 + random.small(Math.max(1, input.length >> 1)));
  const at = random.below(input.length + 1);
  return replaceRange(input, at, at, input.slice(start, end), context.maxLength);
};

const truncate: Mutator = (input, random) => (input.length === 0 ? input : input.slice(0, random.below(input.length)));

/** A chunk of another seed written over or into this input. */
const borrowChunk: Mutator = (input, random, context) => {
  const other = random.pick(context.corpus);
  if (other === undefined || other.length === 0) return input;
  const from = random.below(other.length);
  const chunk = other.subarray(from, Math.min(other.length, from + 1 + random.small(256)));
  const at = random.below(input.length + 1);
  const end = random.chance(0.5) ? Math.min(input.length, at + chunk.length) : at;
  return replaceRange(input, at, end, chunk, context.maxLength);
};

/** The head of this input and the tail of another seed. */
const splice: Mutator = (input, random, context) => {
  const other = random.pick(context.corpus);
  if (other === undefined) return input;
  return clampLength(concat(input.subarray(0, random.below(input.length + 1)), other.subarray(random.below(other.length + 1))), context.maxLength);
};

/** The generic mutators every target gets. */
export const BYTE_MUTATORS: readonly WeightedMutator[] = [
  { name: 'flip-bit', weight: 4, mutate: flipBit },
  { name: 'set-byte', weight: 4, mutate: setByte },
  { name: 'add-to-byte', weight: 2, mutate: addToByte },
  { name: 'set-word', weight: 3, mutate: setWord },
  { name: 'insert-bytes', weight: 2, mutate: insertBytes },
  { name: 'delete-range', weight: 2, mutate: deleteRange },
  { name: 'duplicate-range', weight: 2, mutate: duplicateRange },
  { name: 'truncate', weight: 1, mutate: truncate },
  { name: 'borrow-chunk', weight: 2, mutate: borrowChunk },
  { name: 'splice', weight: 2, mutate: splice },
];

/** Inserts or overwrites with one of `tokens` (keywords, tags, markers of the format). */
export function dictionaryMutator(name: string, tokens: readonly (string | Uint8Array)[], weight = 3): WeightedMutator {
  const encoded = tokens.map((t) => (typeof t === 'string' ? new TextEncoder().encode(t) : t));
  return {
    name, weight,
    mutate(input, random, context) {
      const token = random.pick(encoded);
      const at = random.below(input.length + 1);
      const end = random.chance(0.3) ? Math.min(input.length, at + token.length) : at;
      return replaceRange(input, at, end, token, context.maxLength);
    },
  };
}

/**
 * The input made by `random` from the target's seeds: one seed, then one to
 * five stacked mutations picked by weight; never longer than maxLength.
 */
export function mutateInput(random: FuzzRandom, context: MutationContext, mutators: readonly WeightedMutator[]): Uint8Array {
  let input = context.corpus.length === 0 ? new Uint8Array(0) : random.pick(context.corpus);
  let total = 0;
  for (const m of mutators) total += m.weight;
  const rounds = 1 + random.small(4);
  for (let round = 0; round < rounds; round++) {
    let ticket = random.below(total);
    let chosen = mutators[0]!;
    for (const m of mutators) {
      if (ticket < m.weight) {
        chosen = m;
        break;
      }
      ticket -= m.weight;
    }
    input = chosen.mutate(input, random, context);
  }
  return clampLength(input, context.maxLength);
}
