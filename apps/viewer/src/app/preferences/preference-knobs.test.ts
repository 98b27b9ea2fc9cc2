import { PerformanceSettingsResource, SETTINGS_SCHEMA, presetSettings } from '@slv/config';
import { describe, expect, it } from 'vitest';
import { KNOBS, knobOverride, readKnob } from './preference-knobs.ts';

const knob = (id: string) => KNOBS.find((k) => k.id === id)!;

describe('preference knobs', () => {
  it('cover the main knobs, with the schema ranges', () => {
    expect(KNOBS.map((k) => k.id)).toEqual([
      'draw-distance', 'shader-tier', 'texture-filtering', 'max-lights', 'lod-factor', 'glow', 'impostor-distance', 'full-avatars', 'hzb',
      'virtual-texture-cache', 'texture-ram', 'texture-vram', 'mesh-cache', 'decode-workers', 'mesh-simplification', 'max-texture-size', 'adaptive',
    ]);
    expect(KNOBS.map((k) => k.section)).toEqual([...Array(9).fill('Rendering'), ...Array(4).fill('Memory'), ...Array(3).fill('Assets'), 'Adaptive']);
    expect(knob('mesh-cache')).toMatchObject({ min: SETTINGS_SCHEMA.memory.meshCacheMB.min, max: SETTINGS_SCHEMA.memory.meshCacheMB.max });
    expect(knob('mesh-simplification')).toMatchObject({ min: 0, max: 1 });
    expect(knob('full-avatars')).toMatchObject({ min: SETTINGS_SCHEMA.rendering.maxNonImpostorAvatars.min, step: 1 });
    expect(knob('virtual-texture-cache')).toMatchObject({ min: SETTINGS_SCHEMA.memory.virtualTextureCacheMB.min, max: SETTINGS_SCHEMA.memory.virtualTextureCacheMB.max });
    expect(knob('max-texture-size')).toMatchObject({ kind: 'choice', values: ['256', '512', '1024', '2048', '4096', '8192', '16384'] });
    const distance = knob('draw-distance');
    expect(distance).toMatchObject({ min: SETTINGS_SCHEMA.rendering.drawDistance.min, max: SETTINGS_SCHEMA.rendering.drawDistance.max });
  });

  it('read the preset values', () => {
    const low = presetSettings('Low');
    expect(readKnob(low, knob('draw-distance'))).toBe(64);
    expect(readKnob(low, knob('shader-tier'))).toBe('basic');
    expect(readKnob(low, knob('hzb'))).toBe(false);
    expect(readKnob(low, knob('glow'))).toBe('off');
    expect(readKnob(low, knob('adaptive'))).toBe(true);
  });

  it('turn control values into overrides the resource accepts and applies in place', () => {
    const resource = new PerformanceSettingsResource({ profile: 'Balanced' });
    const rendering = resource.settings.rendering;
    for (const [id, raw] of [
      ['draw-distance', '200'], ['shader-tier', 'basic'], ['max-lights', '12.4'], ['lod-factor', '3'], ['glow', 'wide'], ['hzb', false],
      ['impostor-distance', '40'], ['full-avatars', '5'], ['mesh-cache', '100'], ['mesh-simplification', '0.9'],
    ] as const) {
      const override = knobOverride(knob(id), raw);
      if (override instanceof Error) throw override;
      expect(resource.update(override)).toEqual([]);
    }
    expect(resource.profile).toBe('Custom');
    expect(resource.settings.rendering).toBe(rendering);
    expect(rendering).toMatchObject({
      drawDistance: 200, shaderTier: 'basic', maxLocalLights: 12, volumeLodFactor: 3, glow: 'wide', hzbOcclusion: false, impostorDistance: 40, maxNonImpostorAvatars: 5,
    });
    expect(resource.settings.memory.meshCacheMB).toBe(100);
    expect(resource.settings.assets.simplificationAggressiveness).toBe(0.9);
    // The adaptive switch is policy, not a profile value: it does not make a preset Custom.
    const other = new PerformanceSettingsResource({ profile: 'High' });
    const off = knobOverride(knob('adaptive'), false);
    if (off instanceof Error) throw off;
    other.update(off);
    expect(other.profile).toBe('High');
    expect(other.settings.adaptive.enabled).toBe(false);
  });

  it('set the memory and assets fields the texture pipeline reads, as Custom values', () => {
    const resource = new PerformanceSettingsResource({ profile: 'Balanced' });
    expect(readKnob(resource.settings, knob('max-texture-size'))).toBe('2048');
    for (const [id, raw] of [['virtual-texture-cache', '300'], ['texture-ram', '128'], ['texture-vram', '512'], ['decode-workers', '3'], ['max-texture-size', '1024']] as const) {
      const override = knobOverride(knob(id), raw);
      if (override instanceof Error) throw override;
      expect(resource.update(override)).toEqual([]);
    }
    expect(resource.profile).toBe('Custom');
    expect(resource.settings.memory).toMatchObject({ virtualTextureCacheMB: 300, textureCacheRamMB: 128, textureCacheVramMB: 512 });
    expect(resource.settings.assets).toMatchObject({ decodeWorkers: 3, maxTextureSize: 1024 });
    expect(String(knobOverride(knob('max-texture-size'), '1000'))).toMatch(/not one of 256, 512/);
  });

  it('clamp numbers to the range and refuse what is not a value', () => {
    expect(knobOverride(knob('draw-distance'), '99999')).toEqual({ rendering: { drawDistance: SETTINGS_SCHEMA.rendering.drawDistance.max } });
    expect(knobOverride(knob('draw-distance'), '-5')).toEqual({ rendering: { drawDistance: SETTINGS_SCHEMA.rendering.drawDistance.min } });
    expect(String(knobOverride(knob('draw-distance'), 'far'))).toMatch(/Draw distance: "far" is not a number/);
    expect(String(knobOverride(knob('draw-distance'), ''))).toMatch(/not a number/);
    expect(String(knobOverride(knob('shader-tier'), 'ultra'))).toMatch(/not one of basic, clustered/);
    expect(String(knobOverride(knob('hzb'), 'yes'))).toMatch(/expected on or off/);
    expect(String(knobOverride(knob('lod-factor'), true))).toMatch(/expected text/);
  });
});
