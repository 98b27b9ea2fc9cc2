import { PerformanceSettingsResource } from '@slv/config';
import { describe, expect, it } from 'vitest';
import {
  CONFIG_ALL, CONFIG_CLUSTERS, CONFIG_DISTANCE, CONFIG_FILTERING, CONFIG_HZB, CONFIG_SHADER, createRenderConfig, effectiveAnisotropy,
  readRenderConfig,
} from './render-config.ts';
import type { RenderCaps } from './render-config.ts';

const WEBGL2: RenderCaps = { webgl2: true, floatTextures: true, maxAnisotropy: 8, uintIndices: true, maxTextureSize: 4096 };
const WEBGL1: RenderCaps = { webgl2: false, floatTextures: true, maxAnisotropy: 1, uintIndices: true, maxTextureSize: 4096 };

describe('readRenderConfig', () => {
  it('takes each preset\'s tier, filtering and grid', () => {
    const resource = new PerformanceSettingsResource({ profile: 'Low' });
    const config = createRenderConfig();
    expect(readRenderConfig(config, resource.settings.rendering, WEBGL2)).toBe(CONFIG_ALL);
    expect(config.shaderTier).toBe('basic');
    expect(config.drawDistance).toBe(64);
    expect(config.textureFiltering).toBe('bilinear');
    expect(config.hzb).toBe(false);
    resource.setProfile('Balanced');
    readRenderConfig(config, resource.settings.rendering, WEBGL2);
    expect(config.textureFiltering).toBe('trilinear');
    expect(config.anisotropy).toBe(1);
    resource.setProfile('High');
    readRenderConfig(config, resource.settings.rendering, WEBGL2);
    expect(config.shaderTier).toBe('clustered');
    expect(config.textureFiltering).toBe('anisotropic');
    expect(config.anisotropy).toBe(8); // 16 asked, the device stops at 8
    expect([config.clusterX, config.clusterY, config.clusterZ]).toEqual([16, 9, 32]);
    expect(config.lightsPerCluster).toBe(64);
    expect(config.hzb).toBe(true);
  });

  it('takes the glow quality from the settings (off on Low, normal on Balanced, wide on High), flagged as a shader change', () => {
    const resource = new PerformanceSettingsResource({ profile: 'Low' });
    const config = createRenderConfig();
    readRenderConfig(config, resource.settings.rendering, WEBGL1);
    expect(config.glow).toBe('off');
    resource.setProfile('Balanced');
    expect(readRenderConfig(config, resource.settings.rendering, WEBGL1) & CONFIG_SHADER).toBe(CONFIG_SHADER);
    expect(config.glow).toBe('normal');
    resource.setProfile('High');
    readRenderConfig(config, resource.settings.rendering, WEBGL1);
    expect(config.glow).toBe('wide');
    // Its own setting, whatever the tier: a Custom profile may glow on the basic tier.
    resource.update({ rendering: { shaderTier: 'basic', glow: 'normal' } });
    expect(readRenderConfig(config, resource.settings.rendering, WEBGL1) & CONFIG_SHADER).toBe(CONFIG_SHADER);
    expect(config.glow).toBe('normal');
  });

  it('reports nothing changed when settings did not move', () => {
    const resource = new PerformanceSettingsResource({ profile: 'Balanced' });
    const config = createRenderConfig();
    readRenderConfig(config, resource.settings.rendering, WEBGL2);
    expect(readRenderConfig(config, resource.settings.rendering, WEBGL2)).toBe(0);
    expect(config.changes).toBe(0);
  });

  it('sees a profile switch on the next read, with only the affected parts flagged', () => {
    const resource = new PerformanceSettingsResource({ profile: 'Balanced' });
    const config = createRenderConfig();
    readRenderConfig(config, resource.settings.rendering, WEBGL2);
    resource.setProfile('Low');
    const changed = readRenderConfig(config, resource.settings.rendering, WEBGL2);
    expect(changed & CONFIG_SHADER).toBe(CONFIG_SHADER);
    expect(changed & CONFIG_FILTERING).toBe(CONFIG_FILTERING);
    expect(changed & CONFIG_DISTANCE).toBe(CONFIG_DISTANCE);
    expect(changed & CONFIG_HZB).toBe(CONFIG_HZB);
    expect(config.shaderTier).toBe('basic');
    expect(config.changes).toBe(1);

    // A draw distance edit alone touches distance and clusters, not shaders or samplers.
    resource.update({ rendering: { drawDistance: 96 } });
    const only = readRenderConfig(config, resource.settings.rendering, WEBGL2);
    expect(only & (CONFIG_SHADER | CONFIG_FILTERING)).toBe(0);
    expect(only & CONFIG_DISTANCE).toBe(CONFIG_DISTANCE);
    expect(only & CONFIG_CLUSTERS).toBe(CONFIG_CLUSTERS);
    expect(config.drawDistance).toBe(96);
  });

  it('keeps HZB off without WebGL2 however settings ask', () => {
    const resource = new PerformanceSettingsResource({ profile: 'High' });
    const config = createRenderConfig();
    readRenderConfig(config, resource.settings.rendering, WEBGL1);
    expect(resource.settings.rendering.hzbOcclusion).toBe(true);
    expect(config.hzb).toBe(false);
    expect(config.anisotropy).toBe(1);
  });
});

describe('effectiveAnisotropy', () => {
  it('is 1 unless filtering is anisotropic and the device has the extension', () => {
    expect(effectiveAnisotropy('trilinear', 16, 16)).toBe(1);
    expect(effectiveAnisotropy('bilinear', 16, 16)).toBe(1);
    expect(effectiveAnisotropy('anisotropic', 4, 1)).toBe(1);
    expect(effectiveAnisotropy('anisotropic', 4, 16)).toBe(4);
    expect(effectiveAnisotropy('anisotropic', 32, 16)).toBe(16);
    expect(effectiveAnisotropy('anisotropic', Number.NaN, 16)).toBe(1);
  });
});
