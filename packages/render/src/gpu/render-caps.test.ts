import { PerformanceSettingsResource } from '@slv/config';
import { describe, expect, it } from 'vitest';
import { effectiveAnisotropy, hzbAllowed } from './render-caps.ts';
import type { RenderCaps } from './render-caps.ts';

const WEBGL2: RenderCaps = { webgl2: true, floatTextures: true, maxAnisotropy: 8, uintIndices: true, maxTextureSize: 4096 };
const WEBGL1: RenderCaps = { webgl2: false, floatTextures: true, maxAnisotropy: 1, uintIndices: true, maxTextureSize: 4096 };

describe('effectiveAnisotropy', () => {
  it('is 1 unless filtering is anisotropic and the device has the extension', () => {
    expect(effectiveAnisotropy('trilinear', 16, 16)).toBe(1);
    expect(effectiveAnisotropy('bilinear', 16, 16)).toBe(1);
    expect(effectiveAnisotropy('anisotropic', 4, 1)).toBe(1);
    expect(effectiveAnisotropy('anisotropic', 4, 16)).toBe(4);
    expect(effectiveAnisotropy('anisotropic', 32, 16)).toBe(16);
    expect(effectiveAnisotropy('anisotropic', Number.NaN, 16)).toBe(1);
  });

  it('clamps High\'s request to the device', () => {
    const { rendering } = new PerformanceSettingsResource({ profile: 'High' }).settings;
    expect(effectiveAnisotropy(rendering.textureFiltering, rendering.anisotropy, WEBGL2.maxAnisotropy)).toBe(8);
    expect(effectiveAnisotropy(rendering.textureFiltering, rendering.anisotropy, WEBGL1.maxAnisotropy)).toBe(1);
  });
});

describe('hzbAllowed', () => {
  it('keeps HZB off without WebGL2 however settings ask', () => {
    const { rendering } = new PerformanceSettingsResource({ profile: 'High' }).settings;
    expect(rendering.hzbOcclusion).toBe(true);
    expect(hzbAllowed(rendering.hzbOcclusion, WEBGL2)).toBe(true);
    expect(hzbAllowed(rendering.hzbOcclusion, WEBGL1)).toBe(false);
    expect(hzbAllowed(false, WEBGL2)).toBe(false);
  });
});
