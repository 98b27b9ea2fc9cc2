/**
 * `slv fuzz` through the built CLI: every target runs for a couple of seconds
 * with inputs > 0, no crash and no hang (CI's smoke run of the fuzzer), the
 * JSON shape, --help, and refusals that name the flag and the value.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@slv/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { FUZZ_TARGETS } from '../fuzz/targets.ts';

const CLI = join(repoRoot, 'apps/slv/dist/slv.js');
const scratch = mkdtempSync(join(tmpdir(), 'slv-fuzz-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function slv(args: string[], timeout = 60_000) {
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd: repoRoot, encoding: 'utf8', timeout });
  expect(run.error).toBeUndefined();
  return run;
}

interface JsonReport {
  seed: number;
  outDir: string;
  targets: { target: string; inputs: number; inputsPerSecond: number; crashes: number; hangs: number; heapGrowthMB: number; seeds: number }[];
}

describe('slv fuzz', () => {
  it('runs every target for 2 s: inputs > 0, no crash, no hang, exit 0', () => {
    const out = join(scratch, 'all');
    const run = slv(['fuzz', 'all', '--seconds', '2', '--seed', '12', '--json', '--out', out], 300_000);
    expect(run.stderr).not.toMatch(/crash ×|hang: input|setup failed/);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.seed).toBe(12);
    expect(report.targets.map((t) => t.target)).toEqual(FUZZ_TARGETS.map((t) => t.name));
    for (const target of report.targets) {
      expect(target.inputs, target.target).toBeGreaterThan(0);
      expect(target.seeds, target.target).toBeGreaterThan(0);
      expect(target.crashes, target.target).toBe(0);
      expect(target.hangs, target.target).toBe(0);
      expect(Number.isFinite(target.heapGrowthMB), target.target).toBe(true);
    }
    expect(readdirSync(scratch)).not.toContain('all'); // nothing found, nothing written
  }, 300_000);

  it('--inputs stops a target at that many inputs, before --seconds is up', () => {
    const run = slv(['fuzz', 'mesh', '--seconds', '120', '--inputs', '3000', '--json', '--out', join(scratch, 'inputs')]);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as JsonReport & { maxInputs: number };
    expect(report.maxInputs).toBe(3000);
    expect(report.targets[0]!.inputs).toBe(3000);
    expect(slv(['fuzz', 'mesh', '--inputs', '0']).stderr).toContain('--inputs must be an integer from 1');
  });

  it('prints a table without --json', () => {
    const run = slv(['fuzz', 'settings', '--seconds', '1', '--out', join(scratch, 'table')]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^target\s+inputs\s+inputs\/s\s+crashes\s+hangs/);
    expect(run.stdout).toMatch(/\nsettings\s+\d+\s+\d+\s+0\s+0/);
  });

  it('--help lists the targets and exits 0', () => {
    const run = slv(['fuzz', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('usage: slv fuzz TARGET|all');
    for (const target of FUZZ_TARGETS) expect(run.stdout).toContain(target.name);
  });

  it.each([
    [['fuzz'], 'needs one TARGET'],
    [['fuzz', 'bogus'], 'no target "bogus"'],
    [['fuzz', 'datagram', '--seconds', '0'], '--seconds must be an integer from 1 to 604800, got "0"'],
    [['fuzz', 'datagram', '--seed', '-1'], '--seed must be an integer from 0 to 4294967295, got "-1"'],
    [['fuzz', 'datagram', '--hang-ms', 'x'], '--hang-ms must be an integer from 100 to 600000, got "x"'],
  ])('refuses %j naming the problem (exit 2)', (args, message) => {
    const run = slv(args);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
  });
});
