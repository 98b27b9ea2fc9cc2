/**
 * Local lights as a structure of typed arrays, in world space: position,
 * radius of influence (metres), colour (linear 0..1), intensity and falloff
 * exponent, all indexed by light (`x[i]`).
 */

/** Largest light count one call takes: indices must stay exact in the sort keys. */
export const MAX_LIGHT_COUNT = 1 << 24;

export interface LightArrays {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly z: Float32Array;
  readonly radius: Float32Array;
  readonly red: Float32Array;
  readonly green: Float32Array;
  readonly blue: Float32Array;
  readonly intensity: Float32Array;
  readonly falloff: Float32Array;
}

export function createLightArrays(capacity: number): LightArrays {
  if (!Number.isInteger(capacity) || capacity < 0 || capacity > MAX_LIGHT_COUNT) {
    throw new RangeError(`createLightArrays: capacity must be an integer in 0..${MAX_LIGHT_COUNT}, got ${capacity}`);
  }
  const f = () => new Float32Array(capacity);
  return { x: f(), y: f(), z: f(), radius: f(), red: f(), green: f(), blue: f(), intensity: f(), falloff: f() };
}

/** The length every array of `lights` has at least. */
export function lightArraysLength(lights: LightArrays): number {
  return Math.min(
    lights.x.length, lights.y.length, lights.z.length, lights.radius.length, lights.red.length,
    lights.green.length, lights.blue.length, lights.intensity.length, lights.falloff.length,
  );
}
