/**
 * Upgrades of older settings files, one step per version. Each step takes the
 * parsed JSON object of version N and returns the object of version N + 1;
 * validation of the result happens afterwards, on the current shape only.
 *
 * Version 1 (the first preferences window) stored a flat object:
 *
 *   { "version": 1, "quality": "low" | "mid" | "ultra" | "custom",
 *     "drawDistance": 128, "maxLights": 512, "textureMemoryMB": 1024,
 *     "bandwidthKbps": 3000, "autoDetected": true, "detectedGpu": "..." }
 *
 * Every field was written on every save, whether the user touched it or not.
 */
import { isPlainObject } from './merge-settings.ts';
import { PRESETS } from './presets.ts';
import type { PresetName, SettingsProblem } from './settings-types.ts';

type Json = Record<string, unknown>;
export type Migration = (old: Json, problems: SettingsProblem[]) => Json;

const V1_QUALITY: Record<string, PresetName> = { low: 'Low', mid: 'Balanced', ultra: 'High' };

/**
 * v1 → v2: `quality` becomes a profile ('mid' is the SL viewer's standard
 * preset, our Balanced); the flat numbers become overrides, but only where
 * they differ from that preset, since v1 saved them all; `autoDetected`
 * inverts into `userChoseProfile` (absent counts as chosen, so a migration
 * can never take a choice away); `detectedGpu` becomes the hardware record.
 */
function v1ToV2(old: Json, problems: SettingsProblem[]): Json {
  const quality = old['quality'];
  let base: PresetName = 'Balanced';
  let custom = false;
  if (typeof quality === 'string' && Object.hasOwn(V1_QUALITY, quality)) {
    base = V1_QUALITY[quality]!;
  } else if (quality === 'custom') {
    custom = true; // v1 did not record what a custom setup started from
  } else if (quality !== undefined) {
    problems.push({ path: 'quality', value: quality, reason: "v1 quality must be 'low', 'mid', 'ultra' or 'custom'" });
  }
  const preset = PRESETS[base];
  const rendering: Json = {};
  const memory: Json = {};
  const network: Json = {};
  const carry = (from: string, group: Json, to: string, presetValue: number): void => {
    const value = old[from];
    if (value !== undefined && value !== presetValue) group[to] = value;
  };
  carry('drawDistance', rendering, 'drawDistance', preset.rendering.drawDistance);
  carry('maxLights', rendering, 'maxLocalLights', preset.rendering.maxLocalLights);
  carry('textureMemoryMB', memory, 'textureCacheVramMB', preset.memory.textureCacheVramMB);
  carry('bandwidthKbps', network, 'throttleKbps', preset.network.throttleKbps);
  const overrides: Json = {};
  if (Object.keys(rendering).length > 0) overrides['rendering'] = rendering;
  if (Object.keys(memory).length > 0) overrides['memory'] = memory;
  if (Object.keys(network).length > 0) overrides['network'] = network;
  if (Object.keys(overrides).length > 0) custom = true;

  const next: Json = {
    version: 2,
    profile: custom ? 'Custom' : base,
    overrides,
    userChoseProfile: old['autoDetected'] !== true,
  };
  if (custom) next['base'] = base;
  if (typeof old['detectedGpu'] === 'string') next['hardware'] = { source: 'webgl', gpuRenderer: old['detectedGpu'] };
  const known = new Set(['version', 'quality', 'drawDistance', 'maxLights', 'textureMemoryMB', 'bandwidthKbps', 'autoDetected', 'detectedGpu']);
  for (const key of Object.keys(old)) {
    if (!known.has(key)) problems.push({ path: key, value: old[key], reason: 'unknown v1 setting (dropped in migration)' });
  }
  return next;
}

/** `MIGRATIONS[n]` upgrades version n to n + 1. */
export const MIGRATIONS: Readonly<Record<number, Migration>> = { 1: v1ToV2 };

export const CURRENT_SETTINGS_VERSION = 2;

/**
 * Runs the steps from `version` up to the current one. Returns the upgraded
 * object, or null (with a problem) when `version` has no path forward.
 */
export function migrateSettings(raw: Json, version: number, problems: SettingsProblem[]): Json | null {
  let current = raw;
  for (let v = version; v < CURRENT_SETTINGS_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (step === undefined) {
      problems.push({ path: 'version', value: version, reason: `no migration from version ${v}` });
      return null;
    }
    current = step(current, problems);
    if (!isPlainObject(current)) return null;
  }
  return current;
}
