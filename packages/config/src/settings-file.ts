/**
 * The settings file: which profile, the user's overrides, and what
 * first-launch detection saw. Loading never throws: a missing, unreadable,
 * oversized or corrupt file yields defaults plus problems saying where and
 * why; a file with some bad fields keeps every good one.
 */
import { validateHardware, type DetectedHardware } from './detected-hardware.ts';
import { parseJsonText } from './json-text.ts';
import { isEmptyOverrides, isPlainObject, resolveSettings } from './merge-settings.ts';
import { CURRENT_SETTINGS_VERSION, migrateSettings } from './settings-migrations.ts';
import type { SettingsStore } from './settings-store.ts';
import {
  isPerformanceProfile,
  isPresetName,
  type DeepPartial,
  type PerformanceProfile,
  type PerformanceSettings,
  type PresetName,
  type SettingsProblem,
} from './settings-types.ts';
import { validateOverrides } from './validate-settings.ts';

export { CURRENT_SETTINGS_VERSION };

export interface SettingsFile {
  version: number;
  profile: PerformanceProfile;
  /** The preset a Custom profile starts from (ignored for the presets themselves). */
  base?: PresetName;
  overrides: DeepPartial<PerformanceSettings>;
  hardware?: DetectedHardware;
  /** ISO 8601 time of the one-time detection. */
  detectedAt?: string;
  /** False while the profile is the one detection picked; true once the user picks. */
  userChoseProfile: boolean;
}

/** Larger than any settings file we write by two orders of magnitude. */
export const MAX_SETTINGS_CHARS = 1 << 20;

export type LoadStatus = 'missing' | 'loaded' | 'corrupt';

export interface LoadedSettings {
  /** missing: nothing stored; corrupt: stored text unusable, defaults in use; loaded: the file (maybe repaired). */
  status: LoadStatus;
  /** Set when the stored file was an older version and was upgraded in memory. */
  migratedFrom?: number;
  file: SettingsFile;
  /** The effective settings the file stands for. */
  settings: PerformanceSettings;
  problems: SettingsProblem[];
}

export function defaultSettingsFile(profile: PresetName = 'Balanced'): SettingsFile {
  return { version: CURRENT_SETTINGS_VERSION, profile, overrides: {}, userChoseProfile: false };
}

/** The preset a file's settings are built on. */
export function settingsFileBase(file: Pick<SettingsFile, 'profile' | 'base'>): PresetName {
  return isPresetName(file.profile) ? file.profile : (file.base ?? 'Balanced');
}

/** The effective settings of a (validated) file. */
export function settingsFromFile(file: SettingsFile): PerformanceSettings {
  return resolveSettings(settingsFileBase(file), file.overrides);
}

export function serializeSettingsFile(file: SettingsFile): string {
  const out: Record<string, unknown> = { version: file.version, profile: file.profile };
  if (file.profile === 'Custom') out['base'] = file.base ?? 'Balanced';
  out['overrides'] = file.overrides;
  out['userChoseProfile'] = file.userChoseProfile;
  if (file.hardware !== undefined) out['hardware'] = file.hardware;
  if (file.detectedAt !== undefined) out['detectedAt'] = file.detectedAt;
  return `${JSON.stringify(out, null, 2)}\n`;
}

const FILE_KEYS = new Set(['version', 'profile', 'base', 'overrides', 'hardware', 'detectedAt', 'userChoseProfile']);

/** Parses settings-file text: JSON syntax, version and migrations, then field-by-field validation. */
export function parseSettingsFile(text: string): Omit<LoadedSettings, 'settings'> {
  const problems: SettingsProblem[] = [];
  const corrupt = (): Omit<LoadedSettings, 'settings'> => ({ status: 'corrupt', file: defaultSettingsFile(), problems });
  if (text.length > MAX_SETTINGS_CHARS) {
    problems.push({ path: '', value: undefined, reason: `settings file is larger than ${MAX_SETTINGS_CHARS} characters` });
    return corrupt();
  }
  const parsed = parseJsonText(text);
  if (!parsed.ok) {
    const { line, column, reason } = parsed.error;
    problems.push({ path: '', value: undefined, reason: `invalid JSON at line ${line}, column ${column}: ${reason}`, line, column });
    return corrupt();
  }
  if (!isPlainObject(parsed.value)) {
    problems.push({ path: '', value: parsed.value, reason: 'settings file must hold a JSON object' });
    return corrupt();
  }
  let raw: Record<string, unknown> = parsed.value;

  let version = raw['version'];
  if (version === undefined && ('quality' in raw || 'drawDistance' in raw || 'maxLights' in raw)) {
    version = 1; // early v1 builds did not write a version
  }
  let migratedFrom: number | undefined;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    problems.push({ path: 'version', value: version, reason: `must be an integer from 1 to ${CURRENT_SETTINGS_VERSION}; reading as version ${CURRENT_SETTINGS_VERSION}` });
  } else if (version > CURRENT_SETTINGS_VERSION) {
    problems.push({ path: 'version', value: version, reason: `written by a newer version; reading the fields version ${CURRENT_SETTINGS_VERSION} understands` });
  } else if (version < CURRENT_SETTINGS_VERSION) {
    const upgraded = migrateSettings(raw, version, problems);
    if (upgraded === null) return corrupt();
    raw = upgraded;
    migratedFrom = version;
  }

  const file = readCurrentShape(raw, problems);
  const result: Omit<LoadedSettings, 'settings'> = { status: 'loaded', file, problems };
  if (migratedFrom !== undefined) result.migratedFrom = migratedFrom;
  return result;
}

function readCurrentShape(raw: Record<string, unknown>, problems: SettingsProblem[]): SettingsFile {
  let profile: PerformanceProfile = 'Balanced';
  if (isPerformanceProfile(raw['profile'])) profile = raw['profile'];
  else problems.push({ path: 'profile', value: raw['profile'], reason: "must be one of 'Low', 'Balanced', 'High', 'Custom'; using 'Balanced'" });

  let base: PresetName | undefined;
  if (raw['base'] !== undefined) {
    if (isPresetName(raw['base'])) base = raw['base'];
    else problems.push({ path: 'base', value: raw['base'], reason: "must be one of 'Low', 'Balanced', 'High'; using 'Balanced'" });
  }
  const presetBase: PresetName = isPresetName(profile) ? profile : (base ?? 'Balanced');
  const { overrides, problems: overrideProblems } = validateOverrides(raw['overrides'] ?? {}, presetBase, 'overrides.');
  problems.push(...overrideProblems);
  // A preset with overrides beyond the adaptive policy is a Custom profile on that preset.
  if (isPresetName(profile) && hasProfileOverrides(overrides)) {
    base = profile;
    profile = 'Custom';
  }

  let userChoseProfile = true;
  if (typeof raw['userChoseProfile'] === 'boolean') userChoseProfile = raw['userChoseProfile'];
  else problems.push({ path: 'userChoseProfile', value: raw['userChoseProfile'], reason: 'must be true or false; assuming the user chose the profile' });

  const file: SettingsFile = { version: CURRENT_SETTINGS_VERSION, profile, overrides, userChoseProfile };
  if (profile === 'Custom') file.base = base ?? 'Balanced';

  const { hardware, problems: hardwareProblems } = validateHardware(raw['hardware']);
  problems.push(...hardwareProblems);
  if (hardware !== undefined) file.hardware = hardware;

  const detectedAt = raw['detectedAt'];
  if (detectedAt !== undefined) {
    if (typeof detectedAt === 'string' && detectedAt.length <= 64 && !Number.isNaN(Date.parse(detectedAt))) file.detectedAt = detectedAt;
    else problems.push({ path: 'detectedAt', value: detectedAt, reason: 'must be an ISO 8601 date string' });
  }
  for (const key of Object.keys(raw)) {
    if (!FILE_KEYS.has(key)) problems.push({ path: key, value: raw[key], reason: 'unknown field (ignored)' });
  }
  return file;
}

/** True when overrides touch anything but the adaptive policy. */
export function hasProfileOverrides(overrides: DeepPartial<PerformanceSettings>): boolean {
  for (const [key, value] of Object.entries(overrides)) {
    if (key !== 'adaptive' && value !== undefined && !isEmptyOverrides(value as object)) return true;
  }
  return false;
}

/** Reads, migrates and validates the store's settings. Never throws. */
export function loadSettings(store: SettingsStore): LoadedSettings {
  let text: string | null;
  try {
    text = store.read();
  } catch (err) {
    const file = defaultSettingsFile();
    const reason = `could not read settings: ${err instanceof Error ? err.message : String(err)}`;
    return { status: 'corrupt', file, settings: settingsFromFile(file), problems: [{ path: '', value: undefined, reason }] };
  }
  if (text === null) {
    const file = defaultSettingsFile();
    return { status: 'missing', file, settings: settingsFromFile(file), problems: [] };
  }
  const parsed = parseSettingsFile(text);
  return { ...parsed, settings: settingsFromFile(parsed.file) };
}

/**
 * Writes the file. Returns the problems met (an I/O failure such as a full
 * disk or exhausted storage quota) instead of throwing.
 */
export function saveSettings(store: SettingsStore, file: SettingsFile): SettingsProblem[] {
  try {
    store.write(serializeSettingsFile(file));
    return [];
  } catch (err) {
    return [{ path: '', value: undefined, reason: `could not write settings: ${err instanceof Error ? err.message : String(err)}` }];
  }
}
