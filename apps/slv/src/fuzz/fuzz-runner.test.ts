/**
 * The runner's watchdog and crash records, with a test worker whose targets
 * hang, crash and die on purpose: a hang is detected, its input saved, and
 * the run goes on in a fresh worker from the next input.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFuzzTarget } from './fuzz-runner.ts';

let workerUrl: URL;
const outDir = mkdtempSync(join(tmpdir(), 'slv-fuzz-runner-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

beforeAll(() => {
  // Worker threads do not run TypeScript: bundle the test worker into a data: URL.
  const built = buildSync({
    entryPoints: [fileURLToPath(new URL('./watchdog-worker.test-support.ts', import.meta.url))],
    bundle: true, format: 'esm', platform: 'node', target: 'node20', write: false, logLevel: 'silent',
  });
  workerUrl = new URL(`data:text/javascript;base64,${Buffer.from(built.outputFiles[0]!.contents).toString('base64')}`);
});

describe('fuzz runner watchdog', () => {
  it('records a hanging input, restarts the worker and goes on from the next input', async () => {
    const report = await runFuzzTarget('test-hang-and-crash', { seed: 1, seconds: 60, maxInputs: 700, outDir, hangMs: 400, workerUrl, maxInputBytes: 64 });
    // Each worker hangs on its 300th input: inputs 299 and 599 (0-based: the second worker starts at 300) of the run.
    expect(report.hangs).toBe(2);
    expect(report.hangList.map((h) => h.index)).toEqual([299, 599]);
    expect(report.restarts).toBe(2);
    expect(report.inputs).toBe(700);
    for (const hang of report.hangList) {
      expect(existsSync(hang.file)).toBe(true);
      expect(JSON.parse(readFileSync(hang.file.replace(/\.bin$/, '.json'), 'utf8'))).toMatchObject({ kind: 'hang', index: hang.index, seed: 1 });
    }
    // The TypeError is one crash (one class, one top frame) however often it happened; RangeError is documented.
    expect(report.crashes).toBe(1);
    expect(report.crashList[0]).toMatchObject({ errorClass: 'TypeError', message: 'undocumented', index: 49 });
    expect(report.crashList[0]!.count).toBe(7); // 50, 150, 250 in each hung worker, 650 in the last
    expect(report.crashList[0]!.signature).toMatch(/^TypeError at /);
  }, 60_000);

  it('counts a worker that dies as a crash of the input it was running, and goes on', async () => {
    const report = await runFuzzTarget('test-worker-dies', { seed: 1, seconds: 60, maxInputs: 120, outDir, hangMs: 2000, workerUrl, maxInputBytes: 64 });
    expect(report.crashes).toBe(1);
    expect(report.crashList[0]).toMatchObject({ index: 49 });
    expect(report.crashList[0]!.signature).toMatch(/worker died/);
    expect(report.crashList[0]!.count).toBe(2);
    expect(report.inputs).toBe(120);
  }, 60_000);

  it('reports a target the worker does not know as a setup failure', async () => {
    const report = await runFuzzTarget('no-such-target', { seed: 1, seconds: 1, outDir, workerUrl, maxInputBytes: 64 });
    expect(report.setupError).toMatch(/no fuzz target "no-such-target"/);
    expect(report.inputs).toBe(0);
  }, 60_000);
});
