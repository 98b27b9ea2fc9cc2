/**
 * Start-up: detection runs once, on the first launch, and its choice is
 * saved with userChoseProfile = false. Later launches read the file and never
 * detect again, so a profile the user picked (or even the detected one) is
 * never replaced because the hardware looks different today.
 *
 * A corrupt file is the one exception: the profile is chosen afresh for this
 * session but not saved, so the unreadable file stays on disk for the user
 * to repair until the next explicit save replaces it.
 */
import { chooseProfileWithReason, type ProfileChoice } from './choose-profile.ts';
import type { DetectedHardware } from './detected-hardware.ts';
import {
  CURRENT_SETTINGS_VERSION,
  loadSettings,
  saveSettings,
  settingsFromFile,
  type LoadStatus,
  type SettingsFile,
} from './settings-file.ts';
import type { SettingsStore } from './settings-store.ts';
import type { PerformanceSettings, SettingsProblem } from './settings-types.ts';

export interface InitializedSettings {
  status: LoadStatus;
  /** True when this launch ran detection (first launch, or a corrupt file). */
  detected: boolean;
  /** The detection's verdict, when it ran. */
  choice?: ProfileChoice;
  file: SettingsFile;
  settings: PerformanceSettings;
  problems: SettingsProblem[];
}

export interface InitializeOptions {
  /** Clock for `detectedAt`; defaults to the current time. */
  now?: () => Date;
}

/** Share of detected system memory given to the adaptive scaler's budget. */
export const MEMORY_BUDGET_FRACTION = 0.5;

export function initializeSettings(
  store: SettingsStore,
  detect: () => DetectedHardware,
  options: InitializeOptions = {},
): InitializedSettings {
  const loaded = loadSettings(store);
  if (loaded.status === 'loaded') {
    const problems = loaded.problems;
    // Upgrade an old file on disk once it migrated cleanly.
    if (loaded.migratedFrom !== undefined && problems.length === 0) problems.push(...saveSettings(store, loaded.file));
    return { status: 'loaded', detected: false, file: loaded.file, settings: loaded.settings, problems };
  }

  const problems = loaded.problems;
  let hardware: DetectedHardware;
  try {
    hardware = detect();
  } catch (err) {
    problems.push({ path: 'hardware', value: undefined, reason: `hardware detection failed: ${err instanceof Error ? err.message : String(err)}` });
    hardware = { source: 'none' };
  }
  const choice = chooseProfileWithReason(hardware);
  const file: SettingsFile = {
    version: CURRENT_SETTINGS_VERSION,
    profile: choice.profile,
    overrides: {},
    hardware,
    detectedAt: (options.now ?? (() => new Date()))().toISOString(),
    userChoseProfile: false,
  };
  if (hardware.memoryMB !== undefined) {
    file.overrides.adaptive = { memoryBudgetMB: Math.min(1048576, Math.max(256, Math.round(hardware.memoryMB * MEMORY_BUDGET_FRACTION))) };
  }
  if (loaded.status === 'missing') problems.push(...saveSettings(store, file));
  return { status: loaded.status, detected: true, choice, file, settings: settingsFromFile(file), problems };
}
