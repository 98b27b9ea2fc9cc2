import { startRegion } from '@slv/sim';
import { describe, expect, it } from 'vitest';
import { runConnect, type ConnectSummary } from './connect.ts';

describe('slv connect', () => {
  it('starts the embedded simulator, stays, logs out, and prints the one-line JSON summary without the password', async () => {
    const out: string[] = [];
    const err: string[] = [];
    process.env.SLV_TEST_PASSWORD = 'sekrit-pass';
    const status = await runConnect(['--seconds', '0.5', '--json', '--password-env', 'SLV_TEST_PASSWORD', '--objects', '30'], (l) => out.push(l), (l) => err.push(l),
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
    expect(summary.rttMs).toBeGreaterThanOrEqual(0);
    expect(err.some((l) => l.startsWith('[connected]'))).toBe(true);
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
});
