/**
 * Hand-written validation: every field is checked on its own, so one bad
 * value costs only that value. Invalid or missing fields fall back to the
 * base preset's value; every valid user field is kept.
 */
import { isPlainObject, resolveSettings } from './merge-settings.ts';
import { presetSettings } from './presets.ts';
import { checkRule, isRule, SETTINGS_SCHEMA, THROTTLE_SPLIT_TOLERANCE } from './settings-schema.ts';
import type { DeepPartial, PerformanceSettings, PresetName, SettingsProblem, ThrottleSplit } from './settings-types.ts';

type Tree = Record<string, unknown>;
type SchemaTree = { readonly [key: string]: unknown };

export interface ValidatedSettings {
  settings: PerformanceSettings;
  problems: SettingsProblem[];
}

export interface ValidatedOverrides {
  overrides: DeepPartial<PerformanceSettings>;
  problems: SettingsProblem[];
}

/**
 * Checks a complete settings object. Missing, mistyped or out-of-range fields
 * are reported and replaced by `base`'s value.
 */
export function validateSettings(input: unknown, base: PresetName = 'Balanced'): ValidatedSettings {
  const settings = presetSettings(base);
  const problems: SettingsProblem[] = [];
  if (!isPlainObject(input)) {
    problems.push({ path: '', value: input, reason: 'settings must be an object' });
    return { settings, problems };
  }
  walkComplete(SETTINGS_SCHEMA, input, settings as unknown as Tree, '', problems);
  const split = settings.network.throttleSplit;
  const reason = splitProblem(split);
  if (reason !== null) {
    problems.push({ path: 'network.throttleSplit', value: foundSplit(input), reason });
    settings.network.throttleSplit = presetSettings(base).network.throttleSplit;
  }
  return { settings, problems };
}

/**
 * Checks a partial settings tree (user overrides). Only fields present are
 * checked; the valid ones are returned. `pathPrefix` is prepended to every
 * problem's path (e.g. 'overrides.').
 */
export function validateOverrides(input: unknown, base: PresetName = 'Balanced', pathPrefix = ''): ValidatedOverrides {
  const overrides: Tree = {};
  const problems: SettingsProblem[] = [];
  if (input === undefined) return { overrides, problems };
  if (!isPlainObject(input)) {
    problems.push({ path: pathPrefix.replace(/\.$/, ''), value: input, reason: 'overrides must be an object' });
    return { overrides, problems };
  }
  walkPartial(SETTINGS_SCHEMA, input, overrides, pathPrefix, problems);
  const network = overrides['network'] as Tree | undefined;
  if (network?.['throttleSplit'] !== undefined) {
    const merged = resolveSettings(base, overrides as DeepPartial<PerformanceSettings>);
    const reason = splitProblem(merged.network.throttleSplit);
    if (reason !== null) {
      problems.push({ path: `${pathPrefix}network.throttleSplit`, value: foundSplit(input), reason });
      delete network['throttleSplit'];
      if (Object.keys(network).length === 0) delete overrides['network'];
    }
  }
  return { overrides: overrides as DeepPartial<PerformanceSettings>, problems };
}

function walkComplete(schema: SchemaTree, input: Tree, target: Tree, prefix: string, problems: SettingsProblem[]): void {
  for (const key of Object.keys(schema)) {
    const node = schema[key];
    const path = prefix + key;
    const value = input[key];
    if (value === undefined) {
      problems.push({ path, value, reason: 'missing' });
    } else if (isRule(node)) {
      const reason = checkRule(node, value);
      if (reason === null) target[key] = value;
      else problems.push({ path, value, reason });
    } else if (!isPlainObject(value)) {
      problems.push({ path, value, reason: 'must be an object' });
    } else {
      walkComplete(node as SchemaTree, value, target[key] as Tree, `${path}.`, problems);
    }
  }
  reportUnknown(schema, input, prefix, problems);
}

/** Returns whether any valid field was copied into `out`. */
function walkPartial(schema: SchemaTree, input: Tree, out: Tree, prefix: string, problems: SettingsProblem[]): boolean {
  let any = false;
  for (const key of Object.keys(schema)) {
    const value = input[key];
    if (value === undefined) continue;
    const node = schema[key];
    const path = prefix + key;
    if (isRule(node)) {
      const reason = checkRule(node, value);
      if (reason === null) {
        out[key] = value;
        any = true;
      } else {
        problems.push({ path, value, reason });
      }
    } else if (!isPlainObject(value)) {
      problems.push({ path, value, reason: 'must be an object' });
    } else {
      const child: Tree = {};
      if (walkPartial(node as SchemaTree, value, child, `${path}.`, problems)) {
        out[key] = child;
        any = true;
      }
    }
  }
  reportUnknown(schema, input, prefix, problems);
  return any;
}

function reportUnknown(schema: SchemaTree, input: Tree, prefix: string, problems: SettingsProblem[]): void {
  for (const key of Object.keys(input)) {
    if (!Object.prototype.hasOwnProperty.call(schema, key)) {
      problems.push({ path: prefix + key, value: input[key], reason: 'unknown setting (ignored)' });
    }
  }
}

function splitProblem(split: ThrottleSplit): string | null {
  let sum = 0;
  for (const value of Object.values(split)) sum += value;
  if (Math.abs(sum - 1) <= THROTTLE_SPLIT_TOLERANCE) return null;
  return `fractions must sum to 1 (they sum to ${Number(sum.toFixed(4))})`;
}

function foundSplit(input: Tree): unknown {
  const network = input['network'];
  return isPlainObject(network) ? network['throttleSplit'] : undefined;
}
