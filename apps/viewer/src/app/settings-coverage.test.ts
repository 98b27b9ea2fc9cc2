/**
 * Every PerformanceSettings field has a reader: the coverage checks in
 * settings-coverage/ (one table per group of readers, run by the test files
 * beside them) must name every leaf of SETTINGS_SCHEMA, so a new field
 * without a check, and so without a reader shown to act on it, fails here.
 */
import { presetSettings } from '@slv/config';
import { describe, expect, it } from 'vitest';
import { ASSET_CHECKS } from './settings-coverage/asset-checks.test-support.ts';
import { settingsLeafPaths, type FieldChecks } from './settings-coverage/field-checks.test-support.ts';
import { NET_CHECKS } from './settings-coverage/net-checks.test-support.ts';
import { RENDER_CHECKS } from './settings-coverage/render-checks.test-support.ts';
import { ADAPTIVE_CHECKS, WORLD_CHECKS } from './settings-coverage/world-checks.test-support.ts';

const TABLES: Record<string, FieldChecks> = { RENDER_CHECKS, NET_CHECKS, WORLD_CHECKS, ADAPTIVE_CHECKS, ASSET_CHECKS };

/** The dotted paths of every primitive value in `tree`. */
function valuePaths(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? valuePaths(value as object, `${prefix}${key}.`) : [`${prefix}${key}`]);
}

describe('settings coverage', () => {
  it('walks SETTINGS_SCHEMA down to its leaves: the same fields a preset holds, nested groups included', () => {
    const leaves = settingsLeafPaths();
    expect([...leaves].sort()).toEqual(valuePaths(presetSettings('Balanced')).sort());
    expect(leaves).toContain('rendering.clusterGrid.z');
    expect(leaves).toContain('network.throttleSplit.asset');
    expect(leaves).not.toContain('rendering.clusterGrid');
  });

  it('has a check for every field, and a check only for fields that exist', () => {
    const leaves = settingsLeafPaths();
    const checked = Object.values(TABLES).flatMap((table) => Object.keys(table));
    expect(leaves.filter((path) => !checked.includes(path)), 'fields without a check (give each a reader and a check)').toEqual([]);
    expect(checked.filter((path) => !leaves.includes(path)), 'checks of no field').toEqual([]);
  });

  it('checks each field once', () => {
    const owners = new Map<string, string[]>();
    for (const [name, table] of Object.entries(TABLES)) for (const path of Object.keys(table)) owners.set(path, [...(owners.get(path) ?? []), name]);
    expect([...owners].filter(([, names]) => names.length > 1)).toEqual([]);
  });
});
