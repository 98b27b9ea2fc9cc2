import { describe, expect, it } from 'vitest';
import { computeSceneLighting, createEnvironment, createSceneLighting, DEFAULT_SUN_DIRECTION, setSunDirection } from './environment.ts';

describe('environment', () => {
  it('starts with a normalised default sun and SL\'s default water height', () => {
    const env = createEnvironment();
    expect(Math.hypot(...env.sunDirection)).toBeCloseTo(1, 6);
    expect(env.sunDirection[2]).toBeGreaterThan(0.5);
    expect(env.waterHeight).toBe(20);
    expect(env.regionIndex).toBe(-1);
  });

  it('normalises a sun direction and keeps the default for a zero or broken one', () => {
    const env = createEnvironment();
    expect(setSunDirection(env, 0, 0, 5)).toBe(true);
    expect(Array.from(env.sunDirection)).toEqual([0, 0, 1]);
    expect(setSunDirection(env, 0, 0, 0)).toBe(false);
    const l = Math.hypot(...DEFAULT_SUN_DIRECTION);
    expect(env.sunDirection[0]).toBeCloseTo(DEFAULT_SUN_DIRECTION[0] / l, 6);
    expect(setSunDirection(env, Number.NaN, 1, 1)).toBe(false);
  });
});

describe('computeSceneLighting', () => {
  const at = (x: number, y: number, z: number) => {
    const env = createEnvironment();
    setSunDirection(env, x, y, z);
    return computeSceneLighting(createSceneLighting(), env);
  };

  it('lights the day from the sun with a blue sky', () => {
    const noon = at(0, 0, 1);
    expect(noon.daylight).toBe(1);
    expect(Array.from(noon.lightDirection)).toEqual([0, 0, 1]);
    expect(noon.sky[2]).toBeGreaterThan(noon.sky[0]);
    expect(noon.lightColor[0]).toBeGreaterThan(0.9);
  });

  it('reddens the light and sky at sunset', () => {
    const noon = at(0, 0, 1);
    const dusk = at(1, 0, 0.05);
    expect(dusk.lightColor[2] / dusk.lightColor[0]).toBeLessThan(noon.lightColor[2] / noon.lightColor[0]);
    expect(dusk.sky[0] / dusk.sky[2]).toBeGreaterThan(noon.sky[0] / noon.sky[2]);
  });

  it('turns to a dim moon opposite the sun at night', () => {
    const night = at(0.3, 0, -0.95);
    expect(night.daylight).toBe(0);
    expect(night.lightDirection[2]).toBeGreaterThan(0.9);
    expect(night.lightColor[0] + night.lightColor[1] + night.lightColor[2]).toBeLessThan(0.6);
    expect(night.sky[0] + night.sky[1] + night.sky[2]).toBeLessThan(0.2);
  });
});
