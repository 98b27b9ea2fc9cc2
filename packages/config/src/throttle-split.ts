import type { ThrottleCategory, ThrottleSplit } from './settings-types.ts';

/** AgentThrottle's categories in the order they are packed on the wire. */
export const THROTTLE_CATEGORIES: readonly ThrottleCategory[] = [
  'resend',
  'land',
  'wind',
  'cloud',
  'task',
  'texture',
  'asset',
];

// The SL viewer's per-category tables, kbps, in the same order
// (indra/newview/llviewerthrottle.cpp, BW_PRESET_50/300/500/1000). Between two
// tables it interpolates; above the last it extrapolates along the last step,
// which keeps wind and cloud from growing with the total.
const SL_TABLES: readonly (readonly number[])[] = [
  [5, 10, 3, 3, 10, 10, 9],
  [30, 40, 9, 9, 86, 86, 40],
  [50, 70, 14, 14, 136, 136, 80],
  [100, 100, 20, 20, 310, 310, 140],
];

function tableTotal(table: readonly number[]): number {
  let sum = 0;
  for (const v of table) sum += v;
  return sum;
}

export function createThrottleSplit(): ThrottleSplit {
  return { resend: 0, land: 0, wind: 0, cloud: 0, task: 0, texture: 0, asset: 0 };
}

/**
 * The SL viewer's split of a total bandwidth over the seven categories, as
 * fractions that sum to 1. Writes into `out` and returns it.
 */
export function throttleSplitFor(totalKbps: number, out: ThrottleSplit = createThrottleSplit()): ThrottleSplit {
  const total = Number.isFinite(totalKbps) ? totalKbps : 0;
  let upper = 0;
  while (upper < SL_TABLES.length && tableTotal(SL_TABLES[upper]!) <= total) upper++;
  let lo: readonly number[];
  let hi: readonly number[];
  if (upper === 0) {
    lo = hi = SL_TABLES[0]!;
  } else if (upper === SL_TABLES.length) {
    lo = SL_TABLES[upper - 2]!;
    hi = SL_TABLES[upper - 1]!;
  } else {
    lo = SL_TABLES[upper - 1]!;
    hi = SL_TABLES[upper]!;
  }
  // Linear in the total between (or beyond) the two tables' totals.
  const loTotal = tableTotal(lo);
  const span = tableTotal(hi) - loTotal;
  const t = span === 0 ? 0 : (total - loTotal) / span;
  const anchor = upper === SL_TABLES.length ? hi : lo;
  const anchorT = upper === SL_TABLES.length ? t - 1 : t;
  let sum = 0;
  for (let i = 0; i < THROTTLE_CATEGORIES.length; i++) {
    const kbps = anchor[i]! + (hi[i]! - lo[i]!) * anchorT;
    out[THROTTLE_CATEGORIES[i]!] = kbps;
    sum += kbps;
  }
  for (const key of THROTTLE_CATEGORIES) out[key] /= sum;
  return out;
}
