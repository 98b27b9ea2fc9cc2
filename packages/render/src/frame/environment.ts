/**
 * Sun, sky, fog, water and the terrain's textures for the frame. The app
 * writes the environment from the simulator's messages
 * (SimulatorViewerTimeMessage's SunDirection, RegionHandshake's WaterHeight
 * and terrain detail textures with their start heights and ranges); the renderer derives its light and sky
 * colours from the sun's elevation each frame into a preallocated
 * SceneLighting. Region frame: x east, y north, z up.
 */

export interface RenderEnvironment {
  /** Unit vector toward the sun (set it with setSunDirection). */
  readonly sunDirection: Float32Array;
  /** Water surface height, metres (RegionHandshake WaterHeight; SL's default is 20). */
  waterHeight: number;
  /** Region index whose terrain is drawn; -1 draws the first region that has terrain. */
  regionIndex: number;
  /** RegionHandshake's TerrainDetail0..3, lowest to highest ('' for none): the terrain's textures. */
  readonly terrainTextures: string[];
  /**
   * Where each texture takes over: at a point, (height - start) × 4 / range
   * picks between them (0..3), start and range interpolated between the
   * region's corners in the order SW, SE, NW, NE (TerrainStartHeight00, 01,
   * 10, 11 and TerrainHeightRange00..11).
   */
  readonly terrainStart: Float32Array;
  readonly terrainRange: Float32Array;
}

export interface SceneLighting {
  /** Direction toward the light that shades the scene: the sun by day, the moon (opposite) by night. */
  readonly lightDirection: Float32Array;
  readonly lightColor: Float32Array;
  readonly ambient: Float32Array;
  /** Clear colour of the sky, and the colour fog fades to. */
  readonly sky: Float32Array;
  /** 0 at night, 1 in full day. */
  daylight: number;
}

/** Mid-morning sun from the south-east, used until the simulator sends one. */
export const DEFAULT_SUN_DIRECTION: readonly [number, number, number] = [0.5, -0.35, 0.79];
export const DEFAULT_WATER_HEIGHT = 20;

export function createEnvironment(): RenderEnvironment {
  const env: RenderEnvironment = {
    sunDirection: new Float32Array(3),
    waterHeight: DEFAULT_WATER_HEIGHT,
    regionIndex: -1,
    terrainTextures: ['', '', '', ''],
    terrainStart: new Float32Array(4),
    terrainRange: new Float32Array(4).fill(1),
  };
  setSunDirection(env, DEFAULT_SUN_DIRECTION[0], DEFAULT_SUN_DIRECTION[1], DEFAULT_SUN_DIRECTION[2]);
  return env;
}

export function createSceneLighting(): SceneLighting {
  return {
    lightDirection: new Float32Array(3),
    lightColor: new Float32Array(3),
    ambient: new Float32Array(3),
    sky: new Float32Array(3),
    daylight: 1,
  };
}

/**
 * Sets the sun direction, normalised. A zero or non-finite vector (a message
 * that never carried one) leaves the default, and says so by returning false.
 */
export function setSunDirection(env: RenderEnvironment, x: number, y: number, z: number): boolean {
  const length = Math.hypot(x, y, z);
  const d = env.sunDirection;
  if (!Number.isFinite(length) || length < 1e-6) {
    const [dx, dy, dz] = DEFAULT_SUN_DIRECTION;
    const l = Math.hypot(dx, dy, dz);
    d[0] = dx / l;
    d[1] = dy / l;
    d[2] = dz / l;
    return false;
  }
  d[0] = x / length;
  d[1] = y / length;
  d[2] = z / length;
  return true;
}

function smoothstep(edge0: number, edge1: number, x: number): number {
  const t = Math.min(Math.max((x - edge0) / (edge1 - edge0), 0), 1);
  return t * t * (3 - 2 * t);
}

function mix3(out: Float32Array, r0: number, g0: number, b0: number, r1: number, g1: number, b1: number, t: number): void {
  out[0] = r0 + (r1 - r0) * t;
  out[1] = g0 + (g1 - g0) * t;
  out[2] = b0 + (b1 - b0) * t;
}

/**
 * Sets the terrain's four textures (lower-case UUID text, '' for none) and
 * their start heights and ranges at the SW, SE, NW and NE corners. A range
 * below 1 cm is taken as 1 cm (a zero range would divide by zero).
 */
export function setTerrainTextures(env: RenderEnvironment, textures: readonly string[], start: ArrayLike<number>, range: ArrayLike<number>): void {
  for (let i = 0; i < 4; i++) {
    env.terrainTextures[i] = (textures[i] ?? '').toLowerCase();
    env.terrainStart[i] = Number.isFinite(start[i]) ? start[i]! : 0;
    env.terrainRange[i] = Number.isFinite(range[i]) ? Math.max(0.01, range[i]!) : 1;
  }
}

/** Derives light, ambient and sky colours from the sun's elevation. Allocates nothing. */
export function computeSceneLighting(out: SceneLighting, env: RenderEnvironment): SceneLighting {
  const sun = env.sunDirection;
  const elevation = sun[2];
  const day = smoothstep(-0.12, 0.3, elevation);
  // Strongest at the horizon, gone 0.3 above or below it.
  const dusk = Math.max(0, 1 - Math.abs(elevation) / 0.3);
  out.daylight = day;
  mix3(out.sky, 0.02, 0.03, 0.08, 0.46, 0.64, 0.88, day);
  out.sky[0] += (0.86 - out.sky[0]) * dusk * 0.6;
  out.sky[1] += (0.5 - out.sky[1]) * dusk * 0.45;
  out.sky[2] += (0.36 - out.sky[2]) * dusk * 0.5;
  mix3(out.ambient, 0.05, 0.06, 0.1, 0.36, 0.38, 0.44, day);
  const dir = out.lightDirection;
  if (elevation >= -0.05) {
    dir[0] = sun[0];
    dir[1] = sun[1];
    dir[2] = sun[2];
    mix3(out.lightColor, 1.0, 0.96, 0.88, 1.0, 0.55, 0.3, dusk);
    const strength = smoothstep(-0.05, 0.15, elevation);
    out.lightColor[0] *= strength;
    out.lightColor[1] *= strength;
    out.lightColor[2] *= strength;
  } else {
    // The moon rides opposite the sun.
    dir[0] = -sun[0];
    dir[1] = -sun[1];
    dir[2] = -sun[2];
    out.lightColor[0] = 0.12;
    out.lightColor[1] = 0.14;
    out.lightColor[2] = 0.22;
  }
  return out;
}
