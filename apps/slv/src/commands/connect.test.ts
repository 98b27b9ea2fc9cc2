import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { login } from '@slv/net';
import { DUPLICATE_LOGIN_REASON, startRegion, type RunningRegion } from '@slv/sim';
import { repoRoot } from '@slv/testing';
import { describe, expect, it } from 'vitest';
import { runConnect, type ConnectSummary } from './connect.ts';

describe('slv connect', () => {
  it('starts the embedded simulator, stays, logs out, and prints the one-line JSON summary without the password', async () => {
    const out: string[] = [];
    const err: string[] = [];
    process.env.SLV_TEST_PASSWORD = 'sekrit-pass';
    // Stays until all 30 objects are in (the deadline is generous, not a timing window).
    const status = await runConnect(['--seconds', '60', '--until-objects', '30', '--json', '--password-env', 'SLV_TEST_PASSWORD', '--objects', '30'], (l) => out.push(l), (l) => err.push(l),
      async (options) => {
        const region = await startRegion({ sceneOptions: options, users: [{ first: 'Test', last: 'User', password: 'sekrit-pass' }] });
        return { loginUri: region.loginUri, stop: () => region.stop() };
      });
    expect(status).toBe(0);
    expect(out).toHaveLength(1);
    const summary = JSON.parse(out[0]!) as ConnectSummary;
    expect(Object.keys(summary).slice(0, 7)).toEqual(['loggedIn', 'region', 'handshakeMs', 'objects', 'messages', 'reliableLost', 'rttMs']);
    expect(summary.loggedIn).toBe(true);
    expect(summary.objects).toBeGreaterThanOrEqual(30);
    expect(summary.messages.RegionHandshake).toBe(1);
    expect(summary.reliableLost).toBe(0);
    // Pings are answered within the first second on loopback; a missing RTT means none was.
    expect(summary.rttMs).not.toBeNull();
    expect(summary.rttMs!).toBeLessThan(5_000);
    expect([...out, ...err].join('\n')).not.toContain('sekrit-pass');
  });

  it('fails with the grid reason, exit 1, for a wrong password', async () => {
    const out: string[] = [];
    process.env.SLV_TEST_PASSWORD = 'nope';
    const status = await runConnect(['--seconds', '0', '--json', '--password-env', 'SLV_TEST_PASSWORD'], (l) => out.push(l), () => {},
      async () => {
        const region = await startRegion({ sceneOptions: { objects: 5 }, users: [{ first: 'Test', last: 'User', password: 'right' }] });
        return { loginUri: region.loginUri, stop: () => region.stop() };
      });
    expect(status).toBe(1);
    const summary = JSON.parse(out[0]!) as ConnectSummary;
    expect(summary.loggedIn).toBe(false);
    expect(summary.error).toMatch(/authenticate/i);
  });

  it('refuses a missing password variable rather than reading a password from the command line', async () => {
    const err: string[] = [];
    const status = await runConnect(['--login-uri', 'http://127.0.0.1:1/', '--password-env', 'SLV_NO_SUCH_VAR'], () => {}, (l) => err.push(l), async () => { throw new Error('unused'); });
    expect(status).toBe(2);
    expect(err.join('')).toMatch(/SLV_NO_SUCH_VAR is not set/);
  });

  it('exits (code 1, error in the summary) after a login that cannot reach the grid, instead of hanging on its socket', () => {
    const cli = join(repoRoot, 'apps/slv/dist/slv.js');
    const run = spawnSync(process.execPath, [cli, 'connect', '--login-uri', 'http://127.0.0.1:1/', '--password-env', 'SLV_TEST_PW', '--seconds', '0', '--json'], {
      env: { ...process.env, SLV_TEST_PW: 'x' }, encoding: 'utf8', timeout: 30_000,
    });
    expect(run.error).toBeUndefined();
    expect(run.status).toBe(1);
    const summary = JSON.parse(run.stdout.trim()) as ConnectSummary;
    expect(summary.loggedIn).toBe(false);
    expect(summary.error).toBeTruthy();
  });

  /** Runs connect against an embedded region the test holds, calling `whileConnected` once the agent is in. */
  async function connectWhile(args: string[], whileConnected: (region: RunningRegion) => Promise<void>) {
    const out: string[] = [];
    const err: string[] = [];
    let held!: RunningRegion;
    const running = runConnect(['--json', ...args], (l) => out.push(l), (l) => err.push(l), async (options) => {
      held = await startRegion({ sceneOptions: options, eventQueueHoldMs: 300 });
      return { loginUri: held.loginUri, stop: () => held.stop() };
    });
    const deadline = Date.now() + 30_000;
    while ((held === undefined || held.agents()[0]?.stage !== 'ready') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await whileConnected(held);
    const status = await running;
    return { status, summary: JSON.parse(out[0]!) as ConnectSummary, err };
  }

  it('notices a dead simulator (stopped without a word): exit 1 with the error in the summary', async () => {
    const { status, summary } = await connectWhile(['--seconds', '120', '--silence-seconds', '1.5', '--objects', '5'], (region) => region.stop());
    expect(status).toBe(1);
    expect(summary.loggedIn).toBe(true);
    expect(summary.error).toMatch(/went silent: no packets and no ping answers/);
  });

  it('ends with the grid\'s reason when the same user logs in elsewhere (KickUser): exit 1', async () => {
    // The grid kicks the older session as soon as the new login is answered.
    const { status, summary } = await connectWhile(['--seconds', '120', '--objects', '5'], async (region) => {
      await login(region.loginUri, { first: 'Test', last: 'User', password: 'x' });
    });
    expect(status).toBe(1);
    expect(summary.error).toContain(DUPLICATE_LOGIN_REASON);
  });

  it('ends on DisableSimulator: exit 1', async () => {
    const { status, summary } = await connectWhile(['--seconds', '120', '--objects', '5'], async (region) => {
      region.disableSimulator(region.agents()[0]!.agentId);
    });
    expect(status).toBe(1);
    expect(summary.error).toMatch(/DisableSimulator/);
  });

  it('logs in to the embedded simulator by --login-uri without --password-env', async () => {
    const region = await startRegion({ sceneOptions: { objects: 3 }, eventQueueHoldMs: 300 });
    try {
      const out: string[] = [];
      const status = await runConnect(['--login-uri', region.loginUri, '--seconds', '0', '--json'], (l) => out.push(l), () => {}, async () => { throw new Error('unused'); });
      expect(status).toBe(0);
      expect((JSON.parse(out[0]!) as ConnectSummary).loggedIn).toBe(true);
    } finally {
      await region.stop();
    }
  });
});
