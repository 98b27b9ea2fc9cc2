/**
 * The viewer's settings: read from localStorage (LocalStorageSettingsStore),
 * hardware detected once on the first launch to pick the starting profile,
 * one live PerformanceSettingsResource every system reads, saved back after
 * every change the user makes (never after an adaptive step, which is for
 * this session only), and the adaptive scaler fed once per frame.
 */
import {
  LocalStorageSettingsStore, PerformanceSettingsResource, createAdaptiveScaler, detectHardwareBrowser, initializeSettings, saveSettings,
  type AdaptiveScaler, type DetectedHardware, type InitializedSettings, type SettingsProblem, type SettingsStore, type StorageLike,
} from '@slv/config';

export interface ViewerSettings {
  readonly resource: PerformanceSettingsResource;
  readonly store: SettingsStore;
  readonly initialized: InitializedSettings;
  readonly scaler: AdaptiveScaler;
  /** Problems from loading, detection and the last save, for the Preferences window. */
  readonly problems: SettingsProblem[];
  /** Stops saving and the scaler. */
  dispose(): void;
}

export interface ViewerSettingsOptions {
  /** Default: globalThis.localStorage. */
  storage?: StorageLike;
  /** Default: detectHardwareBrowser() (a throwaway WebGL context, WEBGL_debug_renderer_info, navigator). */
  detect?: () => DetectedHardware;
}

export function createViewerSettings(options: ViewerSettingsOptions = {}): ViewerSettings {
  const store = new LocalStorageSettingsStore(undefined, options.storage);
  const initialized = initializeSettings(store, options.detect ?? (() => detectHardwareBrowser()));
  const resource = new PerformanceSettingsResource(initialized.file);
  const problems: SettingsProblem[] = [...initialized.problems, ...resource.problems];
  const scaler = createAdaptiveScaler(resource);
  const unsubscribe = resource.subscribe((change) => {
    if (change.cause !== 'user') return;
    const failed = saveSettings(store, resource.toFile(initialized.file));
    problems.length = 0;
    problems.push(...failed);
  });
  return {
    resource,
    store,
    initialized,
    scaler,
    problems,
    dispose: () => {
      unsubscribe();
      scaler.dispose();
    },
  };
}
