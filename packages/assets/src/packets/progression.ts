/**
 * The order in which a tile's packets follow each other (Annex B.12): one
 * entry per packet as (layer, resolution, component, precinct). The
 * position-driven orders (RPCL, PCRL, CPRL) visit each precinct at its
 * position on the reference grid, so they are built by sorting precincts on
 * that position rather than by stepping over every grid point.
 */
import type { ProgressionOrder } from '../codestream/coding-style.ts';
import { J2cFormatError } from '../errors.ts';
import { precinctPosition } from './tile-geometry.ts';
import type { ComponentGeometry, Rect } from './tile-geometry.ts';

/** A tile with more packets than this is not a texture; its packets are not indexed. */
export const MAX_PACKETS = 1 << 18;

export interface PacketSequence {
  readonly count: number;
  readonly layer: Uint16Array;
  readonly resolution: Uint8Array;
  readonly component: Uint8Array;
  readonly precinct: Uint32Array;
}

interface PrecinctKey {
  readonly c: number;
  readonly r: number;
  readonly p: number;
  readonly x: number;
  readonly y: number;
}

export function packetSequence(order: ProgressionOrder, layers: number, components: readonly ComponentGeometry[], tile: Rect): PacketSequence {
  let precincts = 0;
  for (const comp of components) for (const level of comp.resolutions) precincts += level.precinctsAcross * level.precinctsDown;
  const count = precincts * layers;
  if (count > MAX_PACKETS) throw new J2cFormatError(0, `${count} packets in one tile (at most ${MAX_PACKETS} are indexed)`);
  const seq = { count, layer: new Uint16Array(count), resolution: new Uint8Array(count), component: new Uint8Array(count), precinct: new Uint32Array(count) };
  let n = 0;
  const push = (l: number, r: number, c: number, p: number): void => {
    seq.layer[n] = l;
    seq.resolution[n] = r;
    seq.component[n] = c;
    seq.precinct[n] = p;
    n++;
  };
  const maxResolutions = Math.max(...components.map((c) => c.resolutions.length));
  const precinctsOf = (c: number, r: number): number => {
    const level = components[c]!.resolutions[r];
    return level === undefined ? 0 : level.precinctsAcross * level.precinctsDown;
  };
  if (order === 'LRCP' || order === 'RLCP') {
    const outer = order === 'LRCP' ? layers : maxResolutions;
    const inner = order === 'LRCP' ? maxResolutions : layers;
    for (let a = 0; a < outer; a++) {
      for (let b = 0; b < inner; b++) {
        const [l, r] = order === 'LRCP' ? [a, b] : [b, a];
        for (let c = 0; c < components.length; c++) for (let p = 0; p < precinctsOf(c, r); p++) push(l, r, c, p);
      }
    }
    return seq;
  }
  const keys: PrecinctKey[] = [];
  components.forEach((comp, c) => comp.resolutions.forEach((level, r) => {
    for (let p = 0; p < precinctsOf(c, r); p++) {
      const [x, y] = precinctPosition(comp, level, p, tile);
      keys.push({ c, r, p, x, y });
    }
  }));
  const byPosition = (a: PrecinctKey, b: PrecinctKey): number => a.y - b.y || a.x - b.x;
  keys.sort((a, b) => {
    if (order === 'RPCL') return a.r - b.r || byPosition(a, b) || a.c - b.c;
    if (order === 'PCRL') return byPosition(a, b) || a.c - b.c || a.r - b.r;
    return a.c - b.c || byPosition(a, b) || a.r - b.r; // CPRL
  });
  for (const key of keys) for (let l = 0; l < layers; l++) push(l, key.r, key.c, key.p);
  return seq;
}
