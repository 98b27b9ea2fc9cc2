import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startRegion } from '@slv/sim';
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
});
