import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LoginError, login } from '@slv/net';
import { describe, expect, it } from 'vitest';
import type { RunningRegion } from '@slv/sim';
import { runSimCommand } from './sim.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, outFn: (l: string) => out.push(l), errFn: (l: string) => err.push(l) };
}

describe('runSimCommand', () => {
  it('starts a region, prints its login URI and stops when aborted', async () => {
    const io = capture();
    const controller = new AbortController();
    let ready!: (region: RunningRegion) => void;
    const started = new Promise<RunningRegion>((resolve) => { ready = resolve; });
    const done = runSimCommand(
      ['--port', '0', '--objects', '5', '--lights', '1', '--movers', '1', '--seed', '3', '--region', 'Cli Test', '--loss', '0.01'],
      io.outFn, io.errFn, { signal: controller.signal, onReady: ready },
    );
    const region = await started;
    expect(io.out).toEqual([`http://127.0.0.1:${region.httpPort}/`]);
    expect(io.err.join('\n')).toContain('region "Cli Test"');
    // The account to use is printed: any name and password log in.
    expect(io.err.join('\n')).toMatch(/any name and any password log in/);
    // …on one line with the login URI that stdout prints, first, last and password each quoted.
    expect(io.err.find((line) => line.includes(io.out[0]!))).toMatch(/log in at \S+ as first "Test" last "User" password "password"/);
    expect(region.scene.regionName).toBe('Cli Test');
    const answer = await login(io.out[0]!, { first: 'Cli', last: 'User', password: 'x' });
    expect(answer.simPort).toBe(region.port);
    controller.abort();
    expect(await done).toBe(0);
    await expect(fetch(io.out[0]!, { method: 'POST', body: '' })).rejects.toThrow();
  });

  it('reads --users and refuses others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slv-sim-'));
    try {
      const file = join(dir, 'users.json');
      writeFileSync(file, JSON.stringify([{ first: 'Ann', last: 'Lee', password: 'pw' }]));
      const io = capture();
      const controller = new AbortController();
      let ready!: (region: RunningRegion) => void;
      const started = new Promise<RunningRegion>((resolve) => { ready = resolve; });
      const done = runSimCommand(['--port', '0', '--objects', '0', '--users', file], io.outFn, io.errFn, { signal: controller.signal, onReady: ready });
      await started;
      await expect(login(io.out[0]!, { first: 'Ann', last: 'Lee', password: 'nope' })).rejects.toBeInstanceOf(LoginError);
      expect((await login(io.out[0]!, { first: 'Ann', last: 'Lee', password: 'pw' })).firstName).toBe('Ann');
      controller.abort();
      expect(await done).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects bad arguments with exit code 2 and a reason', async () => {
    for (const [args, reason] of [
      [['--objects', 'many'], /--objects must be an integer from 0 to 100000, got "many"/],
      [['--objects', 'abc'], /--objects must be an integer from 0 to 100000, got "abc"/],
      [['--objects', '-5'], /--objects must be an integer from 0 to 100000, got "-5"/],
      [['--port', '-1'], /--port must be an integer from 0 to 65535, got "-1"/],
      [['--loss', '1.5'], /--loss must be a number from 0 to 1, got "1.5"/],
      [['--layout', 'maze'], /--layout must be one of demo, test, got "maze"/],
      [['--users', '/nonexistent/users.json'], /--users \/nonexistent\/users.json/],
      [['--frobnicate'], /unknown option --frobnicate/],
      [['--objects'], /--objects needs a value/],
    ] as const) {
      const io = capture();
      expect(await runSimCommand([...args], io.outFn, io.errFn)).toBe(2);
      expect(io.err.join('\n')).toMatch(reason);
      expect(io.out).toEqual([]);
    }
  });

  it('prints usage for --help', async () => {
    const io = capture();
    expect(await runSimCommand(['--help'], io.outFn, io.errFn)).toBe(0);
    expect(io.out[0]).toContain('usage: slv sim');
  });
});
