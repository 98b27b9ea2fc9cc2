/**
 * The simulator's texture library: procedural images, from 32² to 1024², RGB
 * and RGBA (some with cut-out alpha, some translucent). The first six keep
 * the ids every grid has (plywood, blank, the four default terrain
 * textures), so scenes and the region handshake name real textures; the
 * rest have ids derived from their names. Same definition, same pixels.
 */
import { nameUuid } from '../region/name-uuid.ts';

export type TexturePattern =
  | 'plywood' | 'blank' | 'dirt' | 'grass' | 'mountain' | 'rock'
  | 'checker-cutout' | 'bricks' | 'leaves-cutout' | 'glass' | 'tiles' | 'stripes-cutout' | 'rings-translucent' | 'quadrants'
  | 'sculpt-sphere' | 'sculpt-torus';

export interface LibraryTexture {
  /** Lower-case UUID text. */
  readonly id: string;
  readonly name: string;
  /** Square side in pixels, a power of two in 32..1024. */
  readonly size: number;
  /** 3 = RGB, 4 = RGBA. */
  readonly components: 3 | 4;
  readonly pattern: TexturePattern;
}

/** Largest texture side the library makes (Second Life's largest). */
export const MAX_LIBRARY_TEXTURE_SIZE = 1024;

function texture(name: string, size: number, components: 3 | 4, pattern: TexturePattern, id = nameUuid(`slv sim texture ${name}`)): LibraryTexture {
  return Object.freeze({ id, name, size, components, pattern });
}

export const LIBRARY_TEXTURES: readonly LibraryTexture[] = Object.freeze([
  texture('plywood', 512, 3, 'plywood', '89556747-24cb-43ed-920b-47caed15465f'),
  texture('blank', 32, 3, 'blank', '5748decc-f629-461c-9a36-a35a221fe21f'),
  texture('terrain dirt', 256, 3, 'dirt', 'b8d3965a-ad78-bf43-699b-bff8eca6c975'),
  texture('terrain grass', 256, 3, 'grass', 'abb783e6-3e93-26c0-248a-247666855da3'),
  texture('terrain mountain', 256, 3, 'mountain', '179cdabd-398a-9b6b-1391-4dc333ba321f'),
  texture('terrain rock', 256, 3, 'rock', 'beb169c7-11ea-fff2-efe5-0f24dc881df2'),
  texture('checker cutout', 64, 4, 'checker-cutout'),
  texture('bricks', 128, 3, 'bricks'),
  texture('leaves cutout', 128, 4, 'leaves-cutout'),
  texture('glass', 256, 4, 'glass'),
  texture('stripes cutout', 32, 4, 'stripes-cutout'),
  texture('rings translucent', 512, 4, 'rings-translucent'),
  texture('tiles', 1024, 3, 'tiles'),
  texture('quadrants', 256, 3, 'quadrants'),
  // Sculpt maps: each texel's RGB is a point of the surface, -0.5..0.5 of the prim's box as 0..255.
  texture('sculpt sphere', 32, 3, 'sculpt-sphere'),
  texture('sculpt torus', 32, 3, 'sculpt-torus'),
]);

/** Integer hash of a lattice point (for value noise). */
function hash2(x: number, y: number, seed: number): number {
  let h = Math.imul(x, 0x27d4eb2d) ^ Math.imul(y, 0x165667b1) ^ Math.imul(seed, 0x9e3779b9);
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 0x100000000;
}

/** Smooth value noise in 0..1, `octaves` octaves from a cell of `cell` pixels. */
function fbm(x: number, y: number, cell: number, octaves: number, seed: number): number {
  let sum = 0;
  let weight = 0;
  let amplitude = 1;
  for (let o = 0; o < octaves; o++, cell /= 2, amplitude /= 2) {
    const fx = x / cell;
    const fy = y / cell;
    const ix = Math.floor(fx);
    const iy = Math.floor(fy);
    const tx = (fx - ix) * (fx - ix) * (3 - 2 * (fx - ix));
    const ty = (fy - iy) * (fy - iy) * (3 - 2 * (fy - iy));
    const a = hash2(ix, iy, seed + o);
    const b = hash2(ix + 1, iy, seed + o);
    const c = hash2(ix, iy + 1, seed + o);
    const d = hash2(ix + 1, iy + 1, seed + o);
    sum += amplitude * (a + (b - a) * tx + (c - a) * ty + (a - b - c + d) * tx * ty);
    weight += amplitude;
  }
  return sum / weight;
}

type Rgba = [number, number, number, number];

const mix = (a: readonly number[], b: readonly number[], t: number): Rgba =>
  [a[0]! + (b[0]! - a[0]!) * t, a[1]! + (b[1]! - a[1]!) * t, a[2]! + (b[2]! - a[2]!) * t, 255];

/** A point in -1..1 of the unit box as sculpt-map colour bytes. */
function sculptPoint(x: number, y: number, z: number): Rgba {
  return [(x * 0.5 + 0.5) * 255, (y * 0.5 + 0.5) * 255, (z * 0.5 + 0.5) * 255, 255];
}

/** One pixel of a pattern at (x, y) on a side of `size`; coordinates are scaled so each pattern looks alike at every size. */
function shade(pattern: TexturePattern, x: number, y: number, size: number): Rgba {
  const u = (x / size) * 256;
  const v = (y / size) * 256;
  switch (pattern) {
    case 'plywood': {
      const grain = Math.sin((u + 18 * fbm(u, v * 0.15, 64, 3, 1)) * 0.35) * 0.5 + 0.5;
      return mix([196, 154, 100], [150, 104, 60], grain * 0.7 + fbm(u, v, 8, 2, 2) * 0.3);
    }
    case 'blank': return [255, 255, 255, 255];
    case 'dirt': return mix([120, 86, 56], [72, 50, 32], fbm(u, v, 32, 4, 3));
    case 'grass': return mix([88, 140, 52], [40, 92, 30], fbm(u, v, 24, 4, 4));
    case 'mountain': return mix([130, 128, 110], [84, 96, 72], fbm(u, v, 48, 4, 5));
    case 'rock': return mix([150, 148, 144], [90, 88, 86], fbm(u, v, 40, 5, 6));
    case 'checker-cutout': {
      const on = ((Math.floor(u / 32) + Math.floor(v / 32)) & 1) === 0;
      return on ? [230, 60, 40, 255] : [40, 60, 230, 0];
    }
    case 'bricks': {
      const row = Math.floor(v / 32);
      const bx = (u + (row & 1) * 32) % 64;
      const mortar = v % 32 < 3 || bx < 3;
      return mortar ? [200, 196, 186, 255] : mix([170, 70, 50], [120, 44, 34], fbm(u, v, 16, 3, 7));
    }
    case 'leaves-cutout': {
      const n = fbm(u, v, 28, 4, 8);
      return [40 + n * 60, 110 + n * 90, 30, n > 0.5 ? 255 : 0];
    }
    case 'glass': {
      const edge = Math.min(u, v, 256 - u, 256 - v) < 10;
      return edge ? [60, 70, 80, 255] : [150, 200, 230, 70 + (v / 256) * 110];
    }
    case 'tiles': {
      const joint = u % 32 < 1.5 || v % 32 < 1.5;
      const hue = hash2(Math.floor(u / 32), Math.floor(v / 32), 9);
      return joint ? [50, 50, 50, 255] : mix([220, 210, 190], [120, 150, 190], hue * 0.6 + fbm(u, v, 6, 2, 10) * 0.2);
    }
    case 'stripes-cutout': {
      const on = Math.floor((u + v) / 32) % 2 === 0;
      return on ? [250, 210, 40, 255] : [20, 20, 20, 0];
    }
    case 'quadrants': {
      // Red, green / blue, yellow from the top-left: tests can tell which way up and round a face shows it.
      const quadrant = (v < 128 ? 0 : 2) + (u < 128 ? 0 : 1);
      return ([[220, 30, 30, 255], [30, 190, 40, 255], [30, 50, 220, 255], [230, 210, 30, 255]] as Rgba[])[quadrant]!;
    }
    case 'sculpt-sphere': {
      const lon = (2 * Math.PI * x) / (size - 1);
      const lat = (Math.PI * y) / (size - 1);
      return sculptPoint(Math.sin(lat) * Math.cos(lon), Math.sin(lat) * Math.sin(lon), Math.cos(lat));
    }
    case 'sculpt-torus': {
      const around = (2 * Math.PI * x) / (size - 1);
      const tube = (2 * Math.PI * y) / (size - 1);
      const ring = 0.62 + 0.36 * Math.cos(tube);
      return sculptPoint(ring * Math.cos(around), ring * Math.sin(around), 0.36 * Math.sin(tube));
    }
    case 'rings-translucent': {
      const r = Math.hypot(u - 128, v - 128);
      const ring = Math.sin(r * 0.25) * 0.5 + 0.5;
      return [80 + 170 * ring, 60, 200 - 120 * ring, 60 + 195 * ring];
    }
  }
}

/** The texture's pixels: size² interleaved 8-bit samples of `components` each. */
export function texturePixels(texture: LibraryTexture): Uint8Array {
  const { size, components, pattern } = texture;
  const out = new Uint8Array(size * size * components);
  for (let y = 0, o = 0; y < size; y++) {
    for (let x = 0; x < size; x++, o += components) {
      const p = shade(pattern, x, y, size);
      for (let c = 0; c < components; c++) out[o + c] = Math.max(0, Math.min(255, Math.round(p[c]!)));
    }
  }
  return out;
}
