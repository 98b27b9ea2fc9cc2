import { describe, expect, it } from 'vitest';
import { GLOW_TAPS, gaussianWeights, glowBlur, glowTargetSize } from './glow-blur.ts';

describe('glowBlur', () => {
  it('blurs wider on the wide quality', () => {
    expect(glowBlur('wide').spread * glowBlur('wide').sigma).toBeGreaterThan(glowBlur('normal').spread * glowBlur('normal').sigma);
  });
});

describe('gaussianWeights', () => {
  it('is normalised (centre plus both sides sum to 1) and falls off from the centre', () => {
    for (const sigma of [0.5, 2, 2.5, 10]) {
      const w = gaussianWeights(sigma);
      expect(w.length).toBe(GLOW_TAPS + 1);
      let sum = w[0];
      for (let i = 1; i <= GLOW_TAPS; i++) {
        sum += 2 * w[i];
        expect(w[i]).toBeLessThan(w[i - 1]);
        expect(w[i]).toBeGreaterThan(0);
      }
      expect(sum).toBeCloseTo(1, 6);
    }
  });

  it('spreads further with a larger sigma', () => {
    expect(gaussianWeights(4)[GLOW_TAPS]).toBeGreaterThan(gaussianWeights(1)[GLOW_TAPS]);
  });

  it('rejects a sigma that is not a positive finite number', () => {
    for (const sigma of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => gaussianWeights(sigma)).toThrow(/sigma must be a positive finite number/);
    }
  });
});

describe('glowTargetSize', () => {
  it('divides rounding up, never below one texel', () => {
    expect(glowTargetSize(160, 2)).toBe(80);
    expect(glowTargetSize(161, 2)).toBe(81);
    expect(glowTargetSize(1, 4)).toBe(1);
    expect(glowTargetSize(0, 2)).toBe(1);
  });
});
