import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { presetSettings } from '@slv/config';
import { AgentSession, MessageBus, WebSocketTransport, relayFetch } from '@slv/net';
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

  it('fails clearly when the port is taken, and leaves nothing running', async () => {
    const root = mkdtempSync(join(tmpdir(), 'slv-launcher-'));
    const first = await startLauncher({ staticDir: root, loginUri: 'https://grid.example/login', log: () => {} });
    try {
      await expect(startLauncher({ staticDir: root, port: first.port, scene: { objects: 1, lights: 0, movers: 0 }, log: () => {} }))
        .rejects.toThrow(`cannot listen on 127.0.0.1:${first.port}`);
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
