/**
 * @slv/config: the PerformanceSettings resource every system reads, its
 * presets, validation, the settings file, one-time hardware detection and
 * the adaptive scaler. Isomorphic; Node-only parts are in './node.ts'.
 */
export type {
  AdaptiveSettings,
  AssetSettings,
  ClusterGrid,
  DeepPartial,
  MemorySettings,
  NetworkSettings,
  PerformanceProfile,
  PerformanceSettings,
  PresetName,
  RenderingSettings,
  SettingsProblem,
  ShaderTier,
  GlowQuality,
  TextureFiltering,
  ThrottleCategory,
  ThrottleSplit,
  WorldSettings,
} from './settings-types.ts';
export { isPerformanceProfile, isPresetName, PRESET_NAMES, presetLevel, PROFILE_NAMES } from './settings-types.ts';

export { ADAPTIVE_DEFAULTS, cloneSettings, PRESETS, presetSettings } from './presets.ts';
export { createThrottleSplit, THROTTLE_CATEGORIES, throttleSplitFor } from './throttle-split.ts';
export type { BooleanRule, EnumRule, FieldRule, NumberRule, SchemaOf } from './settings-schema.ts';
export { SETTINGS_SCHEMA, THROTTLE_SPLIT_TOLERANCE } from './settings-schema.ts';
export type { ValidatedOverrides, ValidatedSettings } from './validate-settings.ts';
export { validateOverrides, validateSettings } from './validate-settings.ts';
export { applyOverrides, copySettingsInto, diffSettings, resolveSettings } from './merge-settings.ts';

export type { JsonParseResult, JsonSyntaxError } from './json-text.ts';
export { locateJsonError, parseJsonText } from './json-text.ts';
export type { SettingsStore, StorageLike } from './settings-store.ts';
export { DEFAULT_STORAGE_KEY, LocalStorageSettingsStore, MemorySettingsStore } from './settings-store.ts';
export type { LoadedSettings, LoadStatus, SettingsFile } from './settings-file.ts';
export {
  CURRENT_SETTINGS_VERSION,
  defaultSettingsFile,
  loadSettings,
  MAX_SETTINGS_CHARS,
  parseSettingsFile,
  saveSettings,
  serializeSettingsFile,
  settingsFileBase,
  settingsFromFile,
} from './settings-file.ts';
export type { Migration } from './settings-migrations.ts';
export { MIGRATIONS, migrateSettings } from './settings-migrations.ts';

export type { DetectedHardware } from './detected-hardware.ts';
export { validateHardware } from './detected-hardware.ts';
export type { GlInfoSource, NavigatorLike } from './detect-hardware-browser.ts';
export { detectHardwareBrowser } from './detect-hardware-browser.ts';
export type { GpuClass, ProfileChoice } from './choose-profile.ts';
export {
  chooseProfile,
  chooseProfileWithReason,
  classifyGpu,
  HIGH_MIN_MEMORY_MB,
  HIGH_MIN_TEXTURE_SIZE,
  LOW_MAX_CPU_CORES,
  LOW_MAX_MEMORY_MB,
} from './choose-profile.ts';
export type { InitializedSettings, InitializeOptions } from './initialize-settings.ts';
export { initializeSettings, MEMORY_BUDGET_FRACTION } from './initialize-settings.ts';

export type { ChangeCause, ResourceInit, SettingsChange, SettingsListener } from './performance-settings-resource.ts';
export { PerformanceSettingsResource } from './performance-settings-resource.ts';
export type { AdaptiveScaler, AdaptiveScalerOptions, AdaptiveStep } from './adaptive-scaler.ts';
export { ADAPTIVE_SCALER_DEFAULTS, createAdaptiveScaler } from './adaptive-scaler.ts';
