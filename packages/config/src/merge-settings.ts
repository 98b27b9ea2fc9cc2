/**
 * Combining presets and overrides. These walk plain nested objects of the
 * settings' shape; callers validate overrides first (validate-settings.ts).
 */
import { presetSettings } from './presets.ts';
import type { DeepPartial, PerformanceSettings, PresetName } from './settings-types.ts';

type Tree = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Writes every field present in `overrides` into `target` (same shape). */
export function applyOverrides(target: PerformanceSettings, overrides: DeepPartial<PerformanceSettings>): PerformanceSettings {
  applyTree(target as unknown as Tree, overrides as Tree);
  return target;
}

function applyTree(target: Tree, source: Tree): void {
  for (const key of Object.keys(source)) {
    if (!Object.hasOwn(target, key)) continue;
    const from = source[key];
    const to = target[key];
    if (isPlainObject(to)) {
      if (isPlainObject(from)) applyTree(to, from);
    } else if (from !== undefined && !isPlainObject(from)) {
      target[key] = from;
    }
  }
}

/** A preset with overrides applied: the settings a profile stands for. */
export function resolveSettings(base: PresetName, overrides: DeepPartial<PerformanceSettings> = {}): PerformanceSettings {
  return applyOverrides(presetSettings(base), overrides);
}

/**
 * Copies every leaf of `source` into `target` without replacing any nested
 * object, so references systems hold to `settings.rendering` etc. stay live.
 * Returns whether any value changed.
 */
export function copySettingsInto(target: PerformanceSettings, source: Readonly<PerformanceSettings>): boolean {
  return copyTree(target as unknown as Tree, source as unknown as Tree);
}

function copyTree(target: Tree, source: Tree): boolean {
  let changed = false;
  for (const key of Object.keys(target)) {
    const to = target[key];
    const from = source[key];
    if (isPlainObject(to)) {
      if (isPlainObject(from) && copyTree(to, from)) changed = true;
    } else if (to !== from) {
      target[key] = from;
      changed = true;
    }
  }
  return changed;
}

/** Merges `source` overrides into `target` overrides (later wins); returns target. */
export function mergeOverrides(
  target: DeepPartial<PerformanceSettings>,
  source: DeepPartial<PerformanceSettings>,
): DeepPartial<PerformanceSettings> {
  mergeTree(target as Tree, source as Tree);
  return target;
}

function mergeTree(target: Tree, source: Tree): void {
  for (const key of Object.keys(source)) {
    // JSON.parse makes "__proto__" an own key; assigning it would replace target's prototype.
    if (key === '__proto__') continue;
    const from = source[key];
    if (isPlainObject(from)) {
      const to = isPlainObject(target[key]) ? (target[key] as Tree) : (target[key] = {});
      mergeTree(to as Tree, from);
    } else if (from !== undefined) {
      target[key] = from;
    }
  }
}

/** A deep copy of an overrides tree (plain JSON values only). */
export function cloneOverrides<T>(overrides: DeepPartial<T>): DeepPartial<T> {
  const out: Tree = {};
  mergeTree(out, overrides as Tree);
  return out as DeepPartial<T>;
}

/** True when the tree holds no leaf value. */
export function isEmptyOverrides(overrides: object): boolean {
  for (const value of Object.values(overrides)) {
    if (isPlainObject(value) ? !isEmptyOverrides(value) : value !== undefined) return false;
  }
  return true;
}

/** The leaves of `settings` that differ from `base`, as an overrides tree. */
export function diffSettings(
  base: Readonly<PerformanceSettings>,
  settings: Readonly<PerformanceSettings>,
): DeepPartial<PerformanceSettings> {
  return diffTree(base as unknown as Tree, settings as unknown as Tree) as DeepPartial<PerformanceSettings>;
}

function diffTree(base: Tree, value: Tree): Tree {
  const out: Tree = {};
  for (const key of Object.keys(base)) {
    const b = base[key];
    const v = value[key];
    if (isPlainObject(b) && isPlainObject(v)) {
      const child = diffTree(b, v);
      if (Object.keys(child).length > 0) out[key] = child;
    } else if (b !== v && v !== undefined) {
      out[key] = v;
    }
  }
  return out;
}
