/**
 * Where a tile's packets come from (Annex B.5-B.7): per component and
 * resolution level, the precinct grid, and per precinct and sub-band, how
 * many code-blocks it holds. Arithmetic follows the standard's ceil/floor
 * rules on the reference grid, the same way OpenJPEG sizes its precincts.
 */
import type { CodestreamHeader } from '../codestream/codestream-header.ts';
import type { ComponentCoding } from '../codestream/coding-style.ts';

export interface Rect {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

export interface ResolutionGeometry {
  readonly resolution: number;
  /** Resolution-level rectangle in its own coordinates. */
  readonly rect: Rect;
  readonly precinctWidthExp: number;
  readonly precinctHeightExp: number;
  readonly precinctsAcross: number;
  readonly precinctsDown: number;
  /** Sub-bands of this level: LL alone at level 0, then HL, LH, HH. */
  readonly bands: readonly Rect[];
  readonly codeBlockWidthExp: number;
  readonly codeBlockHeightExp: number;
}

export interface ComponentGeometry {
  readonly coding: ComponentCoding;
  /** Tile-component rectangle. */
  readonly rect: Rect;
  readonly dx: number;
  readonly dy: number;
  readonly resolutions: readonly ResolutionGeometry[];
}

const pow2 = (n: number): number => 2 ** n;
const ceilDiv = (a: number, d: number): number => Math.ceil(a / d);
const floorDiv = (a: number, d: number): number => Math.floor(a / d);

export function tileRect(header: CodestreamHeader, tile: number): Rect {
  const p = tile % header.tilesAcross;
  const q = Math.floor(tile / header.tilesAcross);
  return {
    x0: Math.max(header.tileX0 + p * header.tileWidth, header.imageX0),
    y0: Math.max(header.tileY0 + q * header.tileHeight, header.imageY0),
    x1: Math.min(header.tileX0 + (p + 1) * header.tileWidth, header.imageX1),
    y1: Math.min(header.tileY0 + (q + 1) * header.tileHeight, header.imageY1),
  };
}

export function componentGeometry(tile: Rect, coding: ComponentCoding, dx: number, dy: number): ComponentGeometry {
  const rect = { x0: ceilDiv(tile.x0, dx), y0: ceilDiv(tile.y0, dy), x1: ceilDiv(tile.x1, dx), y1: ceilDiv(tile.y1, dy) };
  const levels = coding.decompositions;
  const resolutions: ResolutionGeometry[] = [];
  for (let r = 0; r <= levels; r++) {
    const scale = pow2(levels - r);
    const res = { x0: ceilDiv(rect.x0, scale), y0: ceilDiv(rect.y0, scale), x1: ceilDiv(rect.x1, scale), y1: ceilDiv(rect.y1, scale) };
    const ppx = coding.precinctWidthExps[r]!;
    const ppy = coding.precinctHeightExps[r]!;
    const precinctsAcross = res.x1 > res.x0 ? ceilDiv(res.x1, pow2(ppx)) - floorDiv(res.x0, pow2(ppx)) : 0;
    const precinctsDown = res.y1 > res.y0 ? ceilDiv(res.y1, pow2(ppy)) - floorDiv(res.y0, pow2(ppy)) : 0;
    const bands: Rect[] = [];
    if (r === 0) {
      bands.push(res);
    } else {
      const nb = levels - r + 1;
      for (const [xob, yob] of [[1, 0], [0, 1], [1, 1]] as const) {
        bands.push({
          x0: ceilDiv(rect.x0 - xob * pow2(nb - 1), pow2(nb)), y0: ceilDiv(rect.y0 - yob * pow2(nb - 1), pow2(nb)),
          x1: ceilDiv(rect.x1 - xob * pow2(nb - 1), pow2(nb)), y1: ceilDiv(rect.y1 - yob * pow2(nb - 1), pow2(nb)),
        });
      }
    }
    const bandPrecinctW = r === 0 ? ppx : ppx - 1;
    const bandPrecinctH = r === 0 ? ppy : ppy - 1;
    resolutions.push({
      resolution: r, rect: res, precinctWidthExp: ppx, precinctHeightExp: ppy, precinctsAcross, precinctsDown, bands,
      codeBlockWidthExp: Math.min(coding.codeBlockWidthExp, bandPrecinctW),
      codeBlockHeightExp: Math.min(coding.codeBlockHeightExp, bandPrecinctH),
    });
  }
  return { coding, rect, dx, dy, resolutions };
}

/** Code-blocks across and down that precinct `precinct` holds in band `band` (0x0 for an empty band). */
export function precinctCodeBlocks(level: ResolutionGeometry, band: number, precinct: number): [number, number] {
  const b = level.bands[band]!;
  if (b.x1 <= b.x0 || b.y1 <= b.y0) return [0, 0];
  const i = precinct % level.precinctsAcross;
  const j = Math.floor(precinct / level.precinctsAcross);
  const halve = level.resolution === 0 ? 1 : 2;
  const startX = (floorDiv(level.rect.x0, pow2(level.precinctWidthExp)) + i) * pow2(level.precinctWidthExp) / halve;
  const startY = (floorDiv(level.rect.y0, pow2(level.precinctHeightExp)) + j) * pow2(level.precinctHeightExp) / halve;
  const x0 = Math.max(startX, b.x0);
  const y0 = Math.max(startY, b.y0);
  const x1 = Math.min(startX + pow2(level.precinctWidthExp) / halve, b.x1);
  const y1 = Math.min(startY + pow2(level.precinctHeightExp) / halve, b.y1);
  const cw = pow2(level.codeBlockWidthExp);
  const ch = pow2(level.codeBlockHeightExp);
  return [Math.max(0, ceilDiv(x1, cw) - floorDiv(x0, cw)), Math.max(0, ceilDiv(y1, ch) - floorDiv(y0, ch))];
}

/** A precinct's position on the reference grid, the key of the position-driven progression orders. */
export function precinctPosition(component: ComponentGeometry, level: ResolutionGeometry, precinct: number, tile: Rect): [number, number] {
  const i = precinct % level.precinctsAcross;
  const j = Math.floor(precinct / level.precinctsAcross);
  const scale = pow2(component.coding.decompositions - level.resolution);
  const x = (floorDiv(level.rect.x0, pow2(level.precinctWidthExp)) + i) * pow2(level.precinctWidthExp) * scale * component.dx;
  const y = (floorDiv(level.rect.y0, pow2(level.precinctHeightExp)) + j) * pow2(level.precinctHeightExp) * scale * component.dy;
  return [Math.max(x, tile.x0), Math.max(y, tile.y0)];
}
