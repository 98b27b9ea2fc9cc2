/**
 * COD and COC marker segments: how a tile-component is coded. The packet
 * index needs every field; the decoder itself needs only a few.
 */
import { J2cFormatError } from '../errors.ts';

export type ProgressionOrder = 'LRCP' | 'RLCP' | 'RPCL' | 'PCRL' | 'CPRL';
export const PROGRESSION_ORDERS: readonly ProgressionOrder[] = ['LRCP', 'RLCP', 'RPCL', 'PCRL', 'CPRL'];

/** Code-block style bits (Table A.19) that change how packet headers split lengths. */
export const CODE_BLOCK_BYPASS = 0x01;
export const CODE_BLOCK_TERMINATE_ALL = 0x04;

/** Per tile-component: the COD fields COC may override. */
export interface ComponentCoding {
  readonly decompositions: number;
  /** Resolution levels = decompositions + 1. */
  readonly resolutions: number;
  readonly codeBlockWidthExp: number;
  readonly codeBlockHeightExp: number;
  readonly codeBlockStyle: number;
  readonly reversible: boolean;
  /** Per resolution level (0 = lowest): log2 of precinct width and height; 15 when not user defined. */
  readonly precinctWidthExps: readonly number[];
  readonly precinctHeightExps: readonly number[];
}

/** The COD fields that are the same for every component of a tile. */
export interface CodingStyle {
  readonly progression: ProgressionOrder;
  readonly layers: number;
  readonly multipleComponentTransform: boolean;
  readonly sopMarkers: boolean;
  readonly ephMarkers: boolean;
  readonly userPrecincts: boolean;
  readonly component: ComponentCoding;
}

/** Reads SPcod/SPcoc starting at `at`; `end` is the segment end. */
function readComponentCoding(bytes: Uint8Array, at: number, end: number, userPrecincts: boolean): ComponentCoding {
  if (at + 5 > end) throw new J2cFormatError(at, 'COD/COC segment too short for its coding parameters');
  const decompositions = bytes[at]!;
  if (decompositions > 32) throw new J2cFormatError(at, `${decompositions} decomposition levels (at most 32)`);
  const codeBlockWidthExp = (bytes[at + 1]! & 0x0f) + 2;
  const codeBlockHeightExp = (bytes[at + 2]! & 0x0f) + 2;
  if (codeBlockWidthExp > 10 || codeBlockHeightExp > 10 || codeBlockWidthExp + codeBlockHeightExp > 12) {
    throw new J2cFormatError(at + 1, `code-block size 2^${codeBlockWidthExp}x2^${codeBlockHeightExp} is outside the standard's limits`);
  }
  const codeBlockStyle = bytes[at + 3]!;
  const transform = bytes[at + 4]!;
  if (transform > 1) throw new J2cFormatError(at + 4, `unknown wavelet transform ${transform}`);
  const resolutions = decompositions + 1;
  const precinctWidthExps: number[] = [];
  const precinctHeightExps: number[] = [];
  for (let r = 0; r < resolutions; r++) {
    if (userPrecincts) {
      const p = at + 5 + r;
      if (p >= end) throw new J2cFormatError(p, `precinct sizes missing for resolution ${r}`);
      const ppx = bytes[p]! & 0x0f;
      const ppy = bytes[p]! >> 4;
      if (r > 0 && (ppx === 0 || ppy === 0)) throw new J2cFormatError(p, `precinct size 2^${ppx}x2^${ppy} at resolution ${r}`);
      precinctWidthExps.push(ppx);
      precinctHeightExps.push(ppy);
    } else {
      precinctWidthExps.push(15);
      precinctHeightExps.push(15);
    }
  }
  return { decompositions, resolutions, codeBlockWidthExp, codeBlockHeightExp, codeBlockStyle, reversible: transform === 1, precinctWidthExps, precinctHeightExps };
}

/** COD: `at` is the first byte after Lcod. */
export function readCod(bytes: Uint8Array, at: number, end: number): CodingStyle {
  if (at + 5 > end) throw new J2cFormatError(at, 'COD segment too short');
  const scod = bytes[at]!;
  const order = bytes[at + 1]!;
  const progression = PROGRESSION_ORDERS[order];
  if (progression === undefined) throw new J2cFormatError(at + 1, `unknown progression order ${order}`);
  const layers = (bytes[at + 2]! << 8) | bytes[at + 3]!;
  if (layers === 0) throw new J2cFormatError(at + 2, 'zero quality layers');
  const mct = bytes[at + 4]!;
  const userPrecincts = (scod & 1) !== 0;
  return {
    progression,
    layers,
    multipleComponentTransform: mct === 1,
    sopMarkers: (scod & 2) !== 0,
    ephMarkers: (scod & 4) !== 0,
    userPrecincts,
    component: readComponentCoding(bytes, at + 5, end, userPrecincts),
  };
}

/** COC: returns the component index and its coding. */
export function readCoc(bytes: Uint8Array, at: number, end: number, componentCount: number): { component: number; coding: ComponentCoding } {
  const wide = componentCount >= 257;
  const component = wide ? (bytes[at]! << 8) | bytes[at + 1]! : bytes[at]!;
  if (component >= componentCount) throw new J2cFormatError(at, `COC for component ${component} of ${componentCount}`);
  const p = at + (wide ? 2 : 1);
  const scoc = bytes[p]!;
  return { component, coding: readComponentCoding(bytes, p + 1, end, (scoc & 1) !== 0) };
}
