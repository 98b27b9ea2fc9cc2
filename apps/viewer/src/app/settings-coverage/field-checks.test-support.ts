/**
 * The settings coverage suite's table and runner: for every leaf of
 * SETTINGS_SCHEMA, a check that runs the real code that reads the field
 * (a system through the scheduler, a Circuit, a session, a streamer, the
 * adaptive scaler) and returns what it did as a comparable value. The
 * runner observes under a base preset and under the same preset with only
 * that field changed (PerformanceSettingsResource.update, so the change is
 * validated like a user's), and expects the observations to differ.
 */
import { diffSettings, PerformanceSettingsResource, SETTINGS_SCHEMA, type DeepPartial, type PerformanceSettings, type PresetName } from '@slv/config';
import { describe, expect, it } from 'vitest';

export interface FieldCheck {
  /** What the observation is, in a few words (the test's name). */
  readonly sees: string;
  /** The preset observed as the base (default Balanced). */
  readonly base?: PresetName;
  /** The field's changed value (valid under SETTINGS_SCHEMA, different from the base preset's). */
  readonly to: number | boolean | string;
  /** Runs the field's reader under `settings`; returns what it did. */
  readonly observe: (settings: PerformanceSettingsResource) => unknown;
}

/** Checks by dotted field path, e.g. 'rendering.clusterGrid.x'. */
export type FieldChecks = Readonly<Record<string, FieldCheck>>;

/** Every leaf field of SETTINGS_SCHEMA as a dotted path, in schema order. */
export function settingsLeafPaths(node: object = SETTINGS_SCHEMA, prefix = ''): string[] {
  const out: string[] = [];
  for (const [key, child] of Object.entries(node)) {
    const path = prefix + key;
    const isRule = typeof (child as { kind?: unknown }).kind === 'string';
    if (isRule) out.push(path);
    else out.push(...settingsLeafPaths(child as object, `${path}.`));
  }
  return out;
}

/** The overrides tree that sets only `path` to `value`. */
export function overrideOf(path: string, value: unknown): DeepPartial<PerformanceSettings> {
  const keys = path.split('.');
  let tree: unknown = value;
  for (let i = keys.length - 1; i >= 0; i--) tree = { [keys[i]!]: tree };
  return tree as DeepPartial<PerformanceSettings>;
}

/** The base preset, and the same preset with only `path` changed to `check.to`. */
export function settingsPair(path: string, check: FieldCheck): { base: PerformanceSettingsResource; changed: PerformanceSettingsResource } {
  const preset = check.base ?? 'Balanced';
  const base = new PerformanceSettingsResource({ profile: preset });
  const changed = new PerformanceSettingsResource({ profile: preset });
  const problems = changed.update(overrideOf(path, check.to));
  if (problems.length > 0) throw new Error(`${path} = ${String(check.to)} is refused: ${problems.map((p) => `${p.path} ${p.reason}`).join('; ')}`);
  return { base, changed };
}

/**
 * One test per field of `checks`: the change touches that field alone, and
 * what its reader does under the base and under the change differs.
 */
export function describeFieldChecks(group: string, checks: FieldChecks, timeoutMs = 20_000): void {
  describe(`${group} settings reach their readers`, () => {
    for (const [path, check] of Object.entries(checks)) {
      it(`${path} → ${check.sees}`, async () => {
        const { base, changed } = settingsPair(path, check);
        expect(diffSettings(base.settings, changed.settings)).toEqual(overrideOf(path, check.to));
        const before = await check.observe(base);
        const after = await check.observe(changed);
        expect(after, `${path}: ${check.sees} is the same at ${String(check.to)} as on ${check.base ?? 'Balanced'}`).not.toEqual(before);
      }, timeoutMs);
    }
  });
}
