import { describe, expect, it } from 'vitest';
import { PRESETS, presetSettings } from './presets.ts';
import { PRESET_NAMES } from './settings-types.ts';
import { THROTTLE_CATEGORIES, throttleSplitFor } from './throttle-split.ts';
import { validateSettings } from './validate-settings.ts';

describe('presets', () => {
  it('carry the SL viewer anchors', () => {
    expect(PRESETS.Low.rendering.drawDistance).toBe(64);
    expect(PRESETS.Low.rendering.maxLocalLights).toBe(8);
    expect(PRESETS.Low.rendering.volumeLodFactor).toBe(1.125);
    expect(PRESETS.Balanced.rendering.drawDistance).toBe(128);
    expect(PRESETS.Balanced.rendering.maxLocalLights).toBe(512);
    expect(PRESETS.High.rendering.drawDistance).toBe(256);
    expect(PRESETS.High.rendering.maxLocalLights).toBe(8192);
    expect(PRESETS.High.rendering.volumeLodFactor).toBe(2);
  });

  it('are monotonic from Low to Balanced to High', () => {
    const [low, mid, high] = PRESET_NAMES.map((n) => PRESETS[n]);
    const rising = (pick: (s: typeof low) => number): void => {
      expect(pick(low!)).toBeLessThanOrEqual(pick(mid!));
      expect(pick(mid!)).toBeLessThanOrEqual(pick(high!));
      expect(pick(low!)).toBeLessThan(pick(high!));
    };
    rising((s) => s.rendering.drawDistance);
    rising((s) => s.rendering.maxLocalLights);
    rising((s) => s.rendering.volumeLodFactor);
    rising((s) => s.rendering.maxNonImpostorAvatars);
    rising((s) => s.rendering.impostorDistance);
    rising((s) => s.rendering.anisotropy);
    rising((s) => s.memory.textureCacheVramMB);
    rising((s) => s.memory.meshCacheMB);
    rising((s) => s.assets.maxTextureSize);
    rising((s) => s.network.throttleKbps);
    rising((s) => s.world.entityCapacity);
    // Cheaper is "more" on Low for these two.
    rising((s) => -s.assets.simplificationAggressiveness);
    rising((s) => -s.network.ackCollectionMs);
  });

  it('each pass validation unchanged', () => {
    for (const name of PRESET_NAMES) {
      const { settings, problems } = validateSettings(PRESETS[name], name === 'Low' ? 'High' : 'Low');
      expect(problems).toEqual([]);
      expect(settings).toEqual(PRESETS[name]);
    }
  });

  it('share one adaptive policy', () => {
    expect(PRESETS.Low.adaptive).toEqual(PRESETS.Balanced.adaptive);
    expect(PRESETS.High.adaptive).toEqual(PRESETS.Balanced.adaptive);
  });

  it('are frozen, and presetSettings hands out independent copies', () => {
    expect(Object.isFrozen(PRESETS.High.rendering.clusterGrid)).toBe(true);
    const a = presetSettings('High');
    a.rendering.clusterGrid.x = 1;
    a.network.throttleSplit.task = 0;
    expect(PRESETS.High.rendering.clusterGrid.x).toBe(16);
    expect(presetSettings('High').network.throttleSplit.task).toBeGreaterThan(0);
  });
});

describe('throttleSplitFor', () => {
  it('reproduces the SL viewer 1000 kbps table', () => {
    const split = throttleSplitFor(1000);
    expect(split.resend).toBeCloseTo(0.1, 12);
    expect(split.wind).toBeCloseTo(0.02, 12);
    expect(split.task).toBeCloseTo(0.31, 12);
    expect(split.texture).toBeCloseTo(0.31, 12);
    expect(split.asset).toBeCloseTo(0.14, 12);
  });

  it('interpolates between tables and extrapolates past the last', () => {
    // Halfway between the 300 and 500 tables: land = (40 + 70) / 2 = 55 of 400.
    expect(throttleSplitFor(400).land).toBeCloseTo(55 / 400, 12);
    // 3000 kbps: wind = 20 + 4 × (20 − 14) = 44; texture = 310 + 4 × 174 = 1006.
    const split = throttleSplitFor(3000);
    expect(split.wind).toBeCloseTo(44 / 3000, 12);
    expect(split.texture).toBeCloseTo(1006 / 3000, 12);
  });

  it('always sums to 1', () => {
    for (const kbps of [0, 50, 120, 300, 777, 1000, 2500, 10000]) {
      const split = throttleSplitFor(kbps);
      let sum = 0;
      for (const c of THROTTLE_CATEGORIES) {
        expect(split[c]).toBeGreaterThan(0);
        sum += split[c];
      }
      expect(sum).toBeCloseTo(1, 12);
    }
  });
});
