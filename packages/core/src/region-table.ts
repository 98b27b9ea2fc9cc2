/**
 * A small table of the regions an engine world knows, each a 64-bit region
 * handle kept as two u32 halves and given a compact region index that the
 * object registry uses in its keys. A viewer sees a handful of regions at a
 * time, so lookups scan linearly.
 */
import { CapacityError } from './errors.ts';

export interface RegionTable {
  readonly maxRegions: number;
  readonly handleHi: Uint32Array;
  readonly handleLo: Uint32Array;
  /** 1 where the index is in use. */
  readonly used: Uint8Array;
  count: number;
}

export const DEFAULT_MAX_REGIONS = 64;
export const MAX_REGIONS = 4096;

export function createRegionTable(maxRegions: number = DEFAULT_MAX_REGIONS): RegionTable {
  if (!Number.isInteger(maxRegions) || maxRegions < 1 || maxRegions > MAX_REGIONS) {
    throw new RangeError(`createRegionTable: maxRegions must be an integer in 1..${MAX_REGIONS}, got ${maxRegions}`);
  }
  return {
    maxRegions,
    handleHi: new Uint32Array(maxRegions),
    handleLo: new Uint32Array(maxRegions),
    used: new Uint8Array(maxRegions),
    count: 0,
  };
}

export function regionTableFind(t: RegionTable, hi: number, lo: number): number {
  for (let i = 0; i < t.maxRegions; i++) {
    if (t.used[i] === 1 && t.handleHi[i] === hi && t.handleLo[i] === lo) return i;
  }
  return -1;
}

/** Index for the handle, adding it when new. */
export function regionTableAdd(t: RegionTable, hi: number, lo: number): number {
  if (hi >>> 0 !== hi || lo >>> 0 !== lo) {
    throw new RangeError(`addRegion: handle halves must be u32 integers, got (${hi}, ${lo})`);
  }
  const existing = regionTableFind(t, hi, lo);
  if (existing >= 0) return existing;
  for (let i = 0; i < t.maxRegions; i++) {
    if (t.used[i] === 0) {
      t.used[i] = 1;
      t.handleHi[i] = hi;
      t.handleLo[i] = lo;
      t.count++;
      return i;
    }
  }
  throw new CapacityError(`addRegion: all ${t.maxRegions} region slots are in use`, t.maxRegions, t.count + 1);
}

export function regionTableHas(t: RegionTable, index: number): boolean {
  return Number.isInteger(index) && index >= 0 && index < t.maxRegions && t.used[index] === 1;
}

export function regionTableRemove(t: RegionTable, index: number): void {
  if (!regionTableHas(t, index)) throw new RangeError(`removeRegion: region index ${index} is not in use`);
  t.used[index] = 0;
  t.count--;
}
