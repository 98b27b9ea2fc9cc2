import { describe, expect, it } from 'vitest';
import { presetSettings } from './presets.ts';
import { validateOverrides, validateSettings } from './validate-settings.ts';

describe('validateSettings', () => {
  it('keeps valid fields and replaces only the bad ones, saying where, what and why', () => {
    const input = presetSettings('High') as unknown as Record<string, Record<string, unknown>>;
    input['rendering']!['drawDistance'] = 'far';
    input['rendering']!['anisotropy'] = 3.5;
    input['rendering']!['maxLocalLights'] = 100; // valid, kept
    input['assets']!['maxTextureSize'] = 3000;
    input['network']!['appendedAcks'] = 'yes';
    input['world'] = 7 as never;
    const { settings, problems } = validateSettings(input, 'Low');

    expect(settings.rendering.maxLocalLights).toBe(100);
    expect(settings.rendering.volumeLodFactor).toBe(2); // the High value from input
    expect(settings.rendering.drawDistance).toBe(64); // Low's default
    expect(settings.rendering.anisotropy).toBe(1);
    expect(settings.assets.maxTextureSize).toBe(1024);
    expect(settings.network.appendedAcks).toBe(true);
    expect(settings.world).toEqual(presetSettings('Low').world);

    expect(problems).toEqual([
      { path: 'rendering.drawDistance', value: 'far', reason: 'must be a number between 16 and 1024' },
      { path: 'rendering.anisotropy', value: 3.5, reason: 'must be an integer between 1 and 16' },
      { path: 'assets.maxTextureSize', value: 3000, reason: 'must be a power of two between 256 and 16384' },
      { path: 'network.appendedAcks', value: 'yes', reason: 'must be true or false' },
      { path: 'world', value: 7, reason: 'must be an object' },
    ]);
  });

  it('reports missing, unknown and enum problems', () => {
    const input = presetSettings('Balanced') as unknown as Record<string, Record<string, unknown>>;
    delete input['memory']!['meshCacheMB'];
    input['rendering']!['shaderTier'] = 'raytraced';
    input['rendering']!['drawDistanse'] = 200;
    const { settings, problems } = validateSettings(input);
    expect(settings.memory.meshCacheMB).toBe(256);
    expect(settings.rendering.shaderTier).toBe('clustered');
    expect(problems).toContainEqual({ path: 'memory.meshCacheMB', value: undefined, reason: 'missing' });
    expect(problems).toContainEqual({ path: 'rendering.shaderTier', value: 'raytraced', reason: "must be one of 'basic', 'clustered'" });
    expect(problems).toContainEqual({ path: 'rendering.drawDistanse', value: 200, reason: 'unknown setting (ignored)' });
  });

  it('refuses non-finite numbers and non-objects', () => {
    const input = presetSettings('Balanced') as unknown as Record<string, Record<string, unknown>>;
    input['rendering']!['renderScale'] = Number.NaN;
    expect(validateSettings(input).problems.map((p) => p.path)).toEqual(['rendering.renderScale']);
    for (const bad of [null, 42, 'x', [1, 2]]) {
      const result = validateSettings(bad);
      expect(result.problems).toEqual([{ path: '', value: bad, reason: 'settings must be an object' }]);
      expect(result.settings).toEqual(presetSettings('Balanced'));
    }
  });

  it('requires the throttle split to sum to 1', () => {
    const input = presetSettings('Balanced');
    input.network.throttleSplit.texture += 0.3;
    const { settings, problems } = validateSettings(input);
    expect(settings.network.throttleSplit).toEqual(presetSettings('Balanced').network.throttleSplit);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe('network.throttleSplit');
    expect(problems[0]!.reason).toMatch(/^fractions must sum to 1 \(they sum to 1\.3\)$/);
  });
});

describe('validateOverrides', () => {
  it('keeps only the valid fields present, without reporting absent ones', () => {
    const { overrides, problems } = validateOverrides(
      { rendering: { drawDistance: 300, hzbOcclusion: 'no' }, network: { throttleKbps: 5 }, world: {} },
      'Balanced',
      'overrides.',
    );
    expect(overrides).toEqual({ rendering: { drawDistance: 300 } });
    expect(problems).toEqual([
      { path: 'overrides.rendering.hzbOcclusion', value: 'no', reason: 'must be true or false' },
      { path: 'overrides.network.throttleKbps', value: 5, reason: 'must be a number between 100 and 10000' },
    ]);
  });

  it('checks a partial throttle split against the base preset', () => {
    const bad = validateOverrides({ network: { throttleSplit: { texture: 0.9 } } }, 'Balanced');
    expect(bad.overrides).toEqual({});
    expect(bad.problems[0]!.path).toBe('network.throttleSplit');
    const whole = { resend: 0.1, land: 0.1, wind: 0.05, cloud: 0.05, task: 0.3, texture: 0.3, asset: 0.1 };
    const good = validateOverrides({ network: { throttleSplit: whole } }, 'Balanced');
    expect(good.problems).toEqual([]);
    expect(good.overrides).toEqual({ network: { throttleSplit: whole } });
  });
});
