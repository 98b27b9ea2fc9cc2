/**
 * The live settings every system reads, e.g.
 * `resources.settings.settings.rendering.drawDistance`, each frame.
 *
 * Changes are applied in place: the `settings` object and each nested group
 * (`settings.rendering`, `settings.network.throttleSplit`, ...) keep their
 * identity for the resource's whole life and only their fields are
 * overwritten. A system may therefore cache any of those references once;
 * after `setProfile`, `update` or `load` it sees the new values on its very
 * next read, i.e. on the next frame, without re-subscribing. Systems that
 * derive expensive state (cluster buffers, cache sizes) compare `revision`
 * with the one they last built for, which is a single integer compare per
 * frame; `subscribe` is for the rare listener that must act immediately
 * (saving the file, resizing a pool).
 *
 * State: an active preset (`base`), optionally a Custom layer of user
 * overrides on top of a remembered preset, and the adaptive policy's own
 * overrides. The adaptive policy (`settings.adaptive`) moves between presets,
 * so it is kept across profile switches and editing it does not make the
 * profile Custom.
 */
import { copySettingsInto, isEmptyOverrides, mergeOverrides, cloneOverrides, resolveSettings } from './merge-settings.ts';
import { presetSettings } from './presets.ts';
import { hasProfileOverrides, type SettingsFile } from './settings-file.ts';
import { CURRENT_SETTINGS_VERSION } from './settings-migrations.ts';
import {
  isPerformanceProfile,
  isPresetName,
  type AdaptiveSettings,
  type DeepPartial,
  type PerformanceProfile,
  type PerformanceSettings,
  type PresetName,
  type SettingsProblem,
} from './settings-types.ts';
import { validateOverrides } from './validate-settings.ts';

/** Who made a change: the user (preferences UI, API), the adaptive scaler, or loading a file. */
export type ChangeCause = 'user' | 'adaptive' | 'load';

export interface SettingsChange {
  revision: number;
  profile: PerformanceProfile;
  previousProfile: PerformanceProfile;
  cause: ChangeCause;
}

export type SettingsListener = (change: SettingsChange) => void;

/** What a resource starts from; a `SettingsFile` fits. */
export interface ResourceInit {
  profile?: PerformanceProfile;
  base?: PresetName;
  overrides?: DeepPartial<PerformanceSettings>;
  userChoseProfile?: boolean;
}

type Overrides = DeepPartial<PerformanceSettings>;

export class PerformanceSettingsResource {
  /** The live settings; never replaced, only written into (see the file comment). */
  readonly settings: PerformanceSettings;
  #revision = 0;
  #base: PresetName = 'Balanced';
  #chosenBase: PresetName = 'Balanced';
  #isCustom = false;
  #customBase: PresetName = 'Balanced';
  #custom: Overrides = {};
  #adaptive: DeepPartial<AdaptiveSettings> = {};
  #userChoseProfile = false;
  #problems: SettingsProblem[] = [];
  readonly #listeners = new Set<SettingsListener>();

  constructor(init: ResourceInit = {}) {
    this.settings = presetSettings('Balanced');
    this.#problems = this.#load(init);
    copySettingsInto(this.settings, this.#effective());
  }

  /** Bumped on every change that alters the profile or any value. */
  get revision(): number {
    return this.#revision;
  }

  get profile(): PerformanceProfile {
    return this.#isCustom ? 'Custom' : this.#base;
  }

  /** The preset the current values are built on (a Custom profile's starting point). */
  get base(): PresetName {
    return this.#isCustom ? this.#customBase : this.#base;
  }

  get userChoseProfile(): boolean {
    return this.#userChoseProfile;
  }

  /** Problems from the last `load` or `update` (or the constructor's input). */
  get problems(): readonly SettingsProblem[] {
    return this.#problems;
  }

  /**
   * Switches profile. A preset replaces every value with its table (the
   * adaptive policy stays); 'Custom' returns to the user's last custom
   * values. Adaptive steps (`cause` 'adaptive') are for this session only:
   * `toFile` keeps recording what the user chose.
   */
  setProfile(profile: PerformanceProfile, cause: ChangeCause = 'user'): void {
    if (!isPerformanceProfile(profile)) throw new TypeError(`unknown performance profile ${String(profile)}`);
    const previous = this.profile;
    if (profile === 'Custom') {
      // With no custom values remembered, Custom starts as a copy of the current preset.
      if (!this.#isCustom && isEmptyOverrides(this.#custom)) this.#customBase = this.#base;
      this.#isCustom = true;
      this.#base = this.#customBase;
    } else {
      this.#isCustom = false;
      this.#base = profile;
      if (cause !== 'adaptive') this.#chosenBase = profile;
    }
    if (cause === 'user') this.#userChoseProfile = true;
    this.#commit(previous, cause);
  }

  /**
   * Overrides some fields; invalid ones are refused and returned as
   * problems, valid ones kept. Anything beyond the adaptive policy makes the
   * profile Custom, starting from the current preset's values.
   */
  update(partial: Overrides, cause: ChangeCause = 'user'): SettingsProblem[] {
    const previous = this.profile;
    const target = this.#isCustom ? this.#customBase : this.#base;
    const first = validateOverrides(partial, target);
    const { adaptive, ...rest } = first.overrides;
    const problems = first.problems;
    if (adaptive !== undefined) Object.assign(this.#adaptive, adaptive);
    if (hasProfileOverrides(rest)) {
      const trial = this.#isCustom ? cloneOverrides(this.#custom) : {};
      mergeOverrides(trial, rest);
      // Re-check the combination (e.g. a throttle split half edited now, half before).
      const second = validateOverrides(trial, target);
      problems.push(...second.problems);
      if (!this.#isCustom) {
        this.#customBase = this.#base;
        this.#isCustom = true;
      }
      this.#custom = second.overrides;
      if (cause === 'user') this.#userChoseProfile = true;
    }
    this.#problems = problems;
    this.#commit(previous, cause);
    return problems;
  }

  /** Replaces the whole state, e.g. from a freshly loaded settings file. */
  load(init: ResourceInit): SettingsProblem[] {
    const previous = this.profile;
    this.#problems = this.#load(init);
    this.#commit(previous, 'load');
    return this.#problems;
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: SettingsListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** The current overrides (Custom values and adaptive policy), as stored in a file. */
  overrides(): Overrides {
    const out: Overrides = this.#isCustom ? cloneOverrides(this.#custom) : {};
    if (!isEmptyOverrides(this.#adaptive)) out.adaptive = { ...this.#adaptive };
    return out;
  }

  /** The settings file for this state; hardware and detection time are carried over from `previous`. */
  toFile(previous?: Partial<SettingsFile>): SettingsFile {
    const file: SettingsFile = {
      version: CURRENT_SETTINGS_VERSION,
      profile: this.#isCustom ? 'Custom' : this.#chosenBase,
      overrides: this.overrides(),
      userChoseProfile: this.#userChoseProfile,
    };
    if (this.#isCustom) file.base = this.#customBase;
    if (previous?.hardware !== undefined) file.hardware = previous.hardware;
    if (previous?.detectedAt !== undefined) file.detectedAt = previous.detectedAt;
    return file;
  }

  #load(init: ResourceInit): SettingsProblem[] {
    const problems: SettingsProblem[] = [];
    let profile: PerformanceProfile = 'Balanced';
    if (init.profile !== undefined) {
      if (isPerformanceProfile(init.profile)) profile = init.profile;
      else problems.push({ path: 'profile', value: init.profile, reason: "must be one of 'Low', 'Balanced', 'High', 'Custom'" });
    }
    let base: PresetName = isPresetName(profile) ? profile : 'Balanced';
    if (profile === 'Custom' && init.base !== undefined) {
      if (isPresetName(init.base)) base = init.base;
      else problems.push({ path: 'base', value: init.base, reason: "must be one of 'Low', 'Balanced', 'High'" });
    }
    const validated = validateOverrides(init.overrides ?? {}, base, 'overrides.');
    problems.push(...validated.problems);
    const { adaptive, ...rest } = validated.overrides;
    this.#adaptive = adaptive ?? {};
    this.#custom = rest;
    this.#isCustom = profile === 'Custom' || hasProfileOverrides(rest);
    this.#customBase = base;
    this.#base = base;
    this.#chosenBase = base;
    this.#userChoseProfile = init.userChoseProfile ?? false;
    return problems;
  }

  #effective(): PerformanceSettings {
    const settings = resolveSettings(this.#base, this.#isCustom ? this.#custom : {});
    Object.assign(settings.adaptive, this.#adaptive);
    return settings;
  }

  #commit(previousProfile: PerformanceProfile, cause: ChangeCause): void {
    const changed = copySettingsInto(this.settings, this.#effective());
    const profile = this.profile;
    if (!changed && profile === previousProfile) return;
    this.#revision++;
    const change: SettingsChange = { revision: this.#revision, profile, previousProfile, cause };
    let firstError: unknown;
    let failed = false;
    for (const listener of [...this.#listeners]) {
      try {
        listener(change);
      } catch (err) {
        if (!failed) firstError = err;
        failed = true;
      }
    }
    // Every listener has run; the first failure still surfaces to the caller.
    if (failed) throw firstError;
  }
}
