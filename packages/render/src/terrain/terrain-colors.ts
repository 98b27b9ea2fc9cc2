/**
 * The terrain's colour ramp: by height above the water and by slope, the
 * way SL's terrain blends its four detail textures by elevation (sand at the
 * shore, grass, rock on steep faces, snow up high). Colours are bytes.
 */

function smoothstep(edge0: number, edge1: number, x: number): number {
  const t = Math.min(Math.max((x - edge0) / (edge1 - edge0), 0), 1);
  return t * t * (3 - 2 * t);
}

const SAND = [194, 178, 128];
const MUD = [110, 98, 74];
const GRASS = [82, 128, 52];
const HIGH_GRASS = [96, 112, 60];
const ROCK = [116, 108, 100];
const SNOW = [240, 242, 248];

/** Metres above the water where snow starts and where it is complete. */
export const SNOW_START = 70;
export const SNOW_FULL = 95;

/**
 * Writes the RGBA colour of terrain at `height` with a normal whose z is
 * `normalZ` (1 = flat) into out[offset..offset+4).
 */
export function terrainColor(out: Uint8Array, offset: number, height: number, normalZ: number, waterHeight: number): void {
  const above = height - waterHeight;
  // Underwater mud → shore sand → grass, then a drier grass higher up.
  const shore = smoothstep(-1.5, 0, above);
  const grass = smoothstep(1, 3, above);
  const high = smoothstep(20, 50, above);
  const rock = smoothstep(0.85, 0.6, normalZ);
  const snow = smoothstep(SNOW_START, SNOW_FULL, above);
  for (let c = 0; c < 3; c++) {
    let v = MUD[c] + (SAND[c] - MUD[c]) * shore;
    const g = GRASS[c] + (HIGH_GRASS[c] - GRASS[c]) * high;
    v += (g - v) * grass;
    v += (ROCK[c] - v) * rock;
    v += (SNOW[c] - v) * snow * (1 - rock * 0.6);
    out[offset + c] = Math.round(v);
  }
  out[offset + 3] = 255;
}
