import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { presetSettings } from '@slv/config';
import { request } from 'node:http';
import { AgentSession, LoginError, MessageBus, WebSocketTransport, login, relayFetch } from '@slv/net';
import { WebSocket as WsClient } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMBEDDED_ACCOUNT, validateLauncherConfig } from './launcher-config.ts';
import { startLauncher, type RunningLauncher } from './start-launcher.ts';

async function waitFor(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('launcher', () => {
  let root: string;
  let launcher: RunningLauncher;
  const lines: string[] = [];
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'slv-launcher-'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>viewer</title>');
    writeFileSync(join(root, 'app.js'), '');
    launcher = await startLauncher({ staticDir: root, port: 0, scene: { objects: 20, lights: 2, movers: 1, seed: 3 }, log: (l) => lines.push(l) });
  });
  afterAll(async () => {
    await launcher?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves the app and the launcher config on 127.0.0.1', async () => {
    expect(launcher.url).toBe(`http://127.0.0.1:${launcher.port}/`);
    expect(await (await fetch(launcher.url)).text()).toContain('<title>viewer</title>');
    const config = validateLauncherConfig(await (await fetch(`${launcher.url}launcher.json`)).json());
    expect(config).toEqual({ loginUri: launcher.region!.loginUri, embedded: true, ...EMBEDDED_ACCOUNT, relayPath: '/relay', proxyPath: '/proxy' });
    expect((await fetch(`${launcher.url}launcher.json`, { method: 'POST', body: '' })).status).toBe(405);
    expect(launcher.region!.scene.objects.length).toBeGreaterThanOrEqual(20);
    expect(lines.some((l) => l.startsWith('embedded simulator'))).toBe(true);
  });

  it('relays a whole session: login, circuit, handshake, objects, logout', async () => {
    const transport = await WebSocketTransport.connect(`ws://127.0.0.1:${launcher.port}/relay`, { WebSocket: WsClient });
    const bus = new MessageBus();
    let objects = 0;
    bus.on('ObjectUpdate', (r) => { objects += r.ObjectData.count; });
    bus.on('ObjectUpdateCompressed', (r) => { objects += r.ObjectData.count; });
    const session = await AgentSession.connect({
      loginUri: launcher.loginUri,
      credentials: EMBEDDED_ACCOUNT,
      transport,
      settings: presetSettings('Low').network,
      fetch: relayFetch(transport, `${launcher.url}proxy`),
      bus,
    });
    expect(session.stage).toBe('connected');
    await waitFor(() => launcher.region!.agents().some((a) => a.stage === 'ready'), 'the agent to be ready');
    await waitFor(() => objects >= 20, 'the scene objects');
    expect(launcher.relay.sessions.size).toBe(1);
    await session.logout();
    await waitFor(() => launcher.relay.sessions.size === 0, 'the relay session to close');
  });

  it('refuses a login URI it was not started for', async () => {
    const transport = await WebSocketTransport.connect(`ws://127.0.0.1:${launcher.port}/relay`, { WebSocket: WsClient });
    const answer = await relayFetch(transport, `${launcher.url}proxy`)('http://127.0.0.1:1/elsewhere', { method: 'POST', body: 'x' });
    expect(answer.status).toBe(403);
    transport.close();
  });
});

/** Status of a GET with a chosen Host header (fetch will not set Host). */
function statusFor(port: number, path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
    req.on('error', reject);
    req.end();
  });
}

describe('launcher: the page goes away without logging out', () => {
  it('the relay logs the agent out on its behalf, so the next login is not refused', async () => {
    const root = mkdtempSync(join(tmpdir(), 'slv-launcher-'));
    const lines: string[] = [];
    // A grid that refuses a second login while the first session lasts, as Second Life does.
    const launcher = await startLauncher({
      staticDir: root, scene: { objects: 3, lights: 0, movers: 0, seed: 3 }, region: { duplicateLogin: 'refuse' }, log: (l) => lines.push(l),
    });
    try {
      const transport = await WebSocketTransport.connect(`ws://127.0.0.1:${launcher.port}/relay`, { WebSocket: WsClient });
      const session = await AgentSession.connect({
        loginUri: launcher.loginUri, credentials: EMBEDDED_ACCOUNT, transport, settings: presetSettings('Low').network,
        fetch: relayFetch(transport, `${launcher.url}proxy`), bus: new MessageBus(),
      });
      await waitFor(() => launcher.region!.agents().some((a) => a.stage === 'ready'), 'the agent to be ready');
      // The tab closes: the WebSocket goes, no LogoutRequest from the page.
      transport.close();
      await waitFor(() => launcher.region!.agents().length === 0, 'the simulator to see the agent leave');
      expect(launcher.region!.stats.messagesIn.LogoutRequest).toBe(1);
      expect(lines.some((l) => l.includes('the page left without logging out; LogoutRequest'))).toBe(true);
      const again = await login(launcher.loginUri, EMBEDDED_ACCOUNT).catch((error: unknown) => error);
      expect(again).not.toBeInstanceOf(LoginError);
      session.close();
    } finally {
      await launcher.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('launcher: the simulator ends the session', () => {
  it('a KickUser ends the session with the reason and the relay forwards nothing more to that simulator', async () => {
    const root = mkdtempSync(join(tmpdir(), 'slv-launcher-'));
    const launcher = await startLauncher({ staticDir: root, scene: { objects: 3, lights: 0, movers: 0, seed: 3 }, log: () => {} });
    try {
      const transport = await WebSocketTransport.connect(`ws://127.0.0.1:${launcher.port}/relay`, { WebSocket: WsClient });
      const refusals: string[] = [];
      transport.onRefused((refusal) => refusals.push(refusal.reason));
      const session = await AgentSession.connect({
        loginUri: launcher.loginUri, credentials: EMBEDDED_ACCOUNT, transport, settings: presetSettings('Low').network,
        fetch: relayFetch(transport, `${launcher.url}proxy`), bus: new MessageBus(),
      });
      // Keep the WebSocket open after the session ends, to see what the relay does with more datagrams.
      transport.close = () => {};
      launcher.region!.kickAgent(session.loginAnswer.agentId, 'An estate manager kicked you.');
      const end = await session.ended;
      expect(end).toMatchObject({ cause: 'kicked', reason: 'kicked by the simulator: An estate manager kicked you.', error: true });
      transport.send(Uint8Array.from([0, 0, 0, 0, 9, 0, 0xff, 0xff, 0, 3]), 10, session.loginAnswer.simIp, session.loginAnswer.simPort);
      await waitFor(() => refusals.length > 0, 'the relay to refuse');
      expect(refusals[0]).toMatch(/ended this circuit/);
    } finally {
      await launcher.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('launcher: host names', () => {
  it('answers 127.0.0.1:PORT, localhost:PORT and the configured name, and 421 to any other Host (DNS rebinding)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'slv-launcher-'));
    writeFileSync(join(root, 'index.html'), '<!doctype html>');
    const launcher = await startLauncher({ staticDir: root, loginUri: 'https://grid.example/login', hostName: 'viewer.lan', log: () => {} });
    try {
      const port = launcher.port;
      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `viewer.lan:${port}`]) expect(await statusFor(port, '/launcher.json', host), host).toBe(200);
      for (const host of [`attacker.example:${port}`, `127.0.0.1:${port + 1}`, 'attacker.example']) expect(await statusFor(port, '/launcher.json', host), host).toBe(421);
      expect(await statusFor(port, '/proxy?url=x', `attacker.example:${port}`)).toBe(421);
    } finally {
      await launcher.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('launcher with a login URI', () => {
  it('starts no simulator, allows only that grid and serves no password', async () => {
    const root = mkdtempSync(join(tmpdir(), 'slv-launcher-'));
    const launcher = await startLauncher({ staticDir: root, loginUri: 'https://grid.example/login', log: () => {} });
    try {
      expect(launcher.region).toBeNull();
      const config = validateLauncherConfig(await (await fetch(`${launcher.url}launcher.json`)).json());
      expect(config).toMatchObject({ loginUri: 'https://grid.example/login', embedded: false, first: '', last: '', password: '' });
      expect(launcher.relay.loginUris).toHaveLength(1);
    } finally {
      await launcher.close();
      await launcher.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('fails clearly when the port is taken, before starting a simulator, and suggests --port 0', async () => {
    const root = mkdtempSync(join(tmpdir(), 'slv-launcher-'));
    const first = await startLauncher({ staticDir: root, loginUri: 'https://grid.example/login', log: () => {} });
    const lines: string[] = [];
    try {
      await expect(startLauncher({ staticDir: root, port: first.port, scene: { objects: 1, lights: 0, movers: 0 }, log: (l) => lines.push(l) }))
        .rejects.toThrow(new RegExp(`cannot listen on 127\\.0\\.0\\.1:${first.port}: .*--port 0 picks a free one`));
      expect(lines.filter((l) => l.includes('embedded simulator'))).toEqual([]);
    } finally {
      await first.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('launcher config', () => {
  it('is validated field by field', () => {
    const good = { loginUri: 'http://x/', embedded: false, first: '', last: '', password: '', relayPath: '/relay', proxyPath: '/proxy' };
    expect(validateLauncherConfig(good)).toEqual(good);
    expect(() => validateLauncherConfig(null)).toThrow('launcher.json: expected an object');
    expect(() => validateLauncherConfig({ ...good, embedded: 'yes' })).toThrow('embedded must be true or false');
    expect(() => validateLauncherConfig({ ...good, first: 3 })).toThrow('first must be a string');
    expect(() => validateLauncherConfig({ ...good, relayPath: 'relay' })).toThrow('must start with "/"');
  });
});
