/**
 * What the fuzz runner and its worker share: the start message, the messages
 * back, and the shared memory the watchdog reads while the worker is busy
 * (a worker stuck in an input cannot post, so it writes each input there
 * before running it, and a counter after).
 */

export interface FuzzWorkerData {
  readonly target: string;
  readonly seed: number;
  /** Index of the first input this worker makes (after a restart, one past the input that hung). */
  readonly firstIndex: number;
  /** Milliseconds of fuzzing after setup. */
  readonly fuzzMs: number;
  /** Stop after this many inputs even when time remains (tests). */
  readonly maxInputs?: number;
  readonly shared: SharedArrayBuffer;
}

export type FuzzWorkerMessage =
  | { readonly type: 'ready'; readonly seeds: number; readonly sources: readonly string[]; readonly stateful: boolean }
  | {
    readonly type: 'crash'; readonly signature: string; readonly errorClass: string; readonly message: string; readonly stack: string;
    readonly index: number; readonly input: Uint8Array;
  }
  /** Further meetings of crashes already posted, by signature, since the last 'repeats'. */
  | { readonly type: 'repeats'; readonly counts: Readonly<Record<string, number>> }
  | { readonly type: 'done'; readonly inputs: number; readonly fuzzMs: number; readonly heapStartMB: number; readonly heapEndMB: number };

/** Int32 slots at the start of the shared buffer. */
export const SLOT_STATE = 0;
export const SLOT_INDEX = 1;
export const SLOT_PROGRESS = 2;
export const SLOT_LENGTH = 3;
export const SHARED_HEADER_BYTES = 16;

export const STATE_SETUP = 0;
export const STATE_FUZZING = 1;
export const STATE_DONE = 2;

export function createSharedState(maxInputBytes: number): SharedArrayBuffer {
  return new SharedArrayBuffer(SHARED_HEADER_BYTES + maxInputBytes);
}
