/**
 * The engine's client against the embedded simulator, over real UDP and HTTP on
 * 127.0.0.1: login, handshake, the bus, loss and reordering, logout, failures.
 */
import { presetSettings } from '@slv/config';
import { AgentSession, LoginError, MessageBus } from '@slv/net';
import { UdpTransport } from '@slv/net/node';
import { startRegion, type RegionOptions, type RunningRegion } from '@slv/sim';
import { afterEach, describe, expect, it } from 'vitest';

const regions: RunningRegion[] = [];
afterEach(async () => { await Promise.all(regions.splice(0).map((r) => r.stop())); });

async function region(options: RegionOptions = {}): Promise<RunningRegion> {
  const r = await startRegion({ sceneOptions: { objects: 40, lights: 4, movers: 2, seed: 3 }, eventQueueHoldMs: 300, ...options });
  regions.push(r);
  return r;
}

async function connect(r: RunningRegion, bus = new MessageBus(), password = 'password', maxResends?: number) {
  return AgentSession.connect({
    loginUri: r.loginUri, credentials: { first: 'Test', last: 'User', password },
    transport: await UdpTransport.bind(0, '127.0.0.1'), settings: presetSettings('Balanced').network, bus, handshakeTimeoutMs: 15_000,
    ...(maxResends !== undefined ? { maxResends } : {}),
  });
}

const until = async (condition: () => boolean, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  return condition();
};

describe('AgentSession against the embedded simulator', () => {
  it('logs in, completes the handshake, and the bus gets RegionHandshake, ObjectUpdate and LayerData', async () => {
    const r = await region();
    const bus = new MessageBus();
    const seen = new Map<string, number>();
    const objects = new Set<number>();
    const events: string[] = [];
    bus.onAny((decoder) => seen.set(decoder.message!.name, (seen.get(decoder.message!.name) ?? 0) + 1));
    bus.on('ObjectUpdate', (u) => { for (let i = 0; i < u.ObjectData.count; i++) objects.add(u.ObjectData.ID(i)); });
    // The compressed blob starts with FullID (16 bytes), then LocalID.
    bus.on('ObjectUpdateCompressed', (u) => { for (let i = 0; i < u.ObjectData.count; i++) objects.add(u.ObjectData.view.getUint32(u.ObjectData.DataOffset(i) + 16, true)); });
    bus.onAnyEvent((name) => events.push(name));
    const session = await connect(r, bus);
    expect(session.region.name).toBe(r.scene.regionName);
    expect(session.handshakeMs).toBeGreaterThan(0);
    expect(seen.get('RegionHandshake')).toBe(1);
    expect(await until(() => objects.size >= r.scene.objects.length && (seen.get('LayerData') ?? 0) > 0)).toBe(true);
    expect(r.agents()[0]!.stage).toBe('ready');
    expect(r.agents()[0]!.throttles.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(await until(() => events.length > 0 && !Number.isNaN(session.circuit.rttMs))).toBe(true);
    session.sendChat('hello region');
    expect(await until(() => (r.stats.messagesIn.ChatFromViewer ?? 0) === 1)).toBe(true);
    const { replied } = await session.logout(3_000);
    expect(replied).toBe(true);
  });

  it('under 20% loss, 5% duplication and reordering both ways delivers every reliable message exactly once', async () => {
    const faults = { loss: 0.2, duplicate: 0.05, reorder: 0.1, delayMs: 2, jitterMs: 4, seed: 11 };
    // With the viewer's 3 resends about 1 reliable packet in 60 is given up at 20% loss each way
    // (all four round trips fail 0.36^4 of the time); ten resends make delivery certain here.
    const r = await region({ faults: { inbound: { ...faults, seed: 5 }, outbound: faults }, moverHz: 0, maxResends: 10 });
    const bus = new MessageBus();
    const reliableSeqs = new Set<number>();
    let duplicateDeliveries = 0;
    const objectIds = new Map<number, number>();
    bus.onAny((decoder) => {
      if (!decoder.reliable) return;
      if (reliableSeqs.has(decoder.sequence)) duplicateDeliveries++;
      reliableSeqs.add(decoder.sequence);
    });
    bus.on('ObjectUpdate', (u) => { for (let i = 0; i < u.ObjectData.count; i++) objectIds.set(u.ObjectData.ID(i), (objectIds.get(u.ObjectData.ID(i)) ?? 0) + 1); });
    const session = await connect(r, bus, 'password', 10);
    for (let i = 0; i < 40; i++) session.sendChat(`message ${i}`);
    expect(await until(() => (r.stats.messagesIn.ChatFromViewer ?? 0) >= 40, 30_000)).toBe(true);
    expect(await until(() => session.circuit.pendingReliable === 0, 30_000)).toBe(true);
    expect(r.stats.messagesIn.ChatFromViewer).toBe(40);
    expect(duplicateDeliveries).toBe(0);
    expect(session.circuit.stats.duplicatesIn).toBeGreaterThan(0);
    expect(session.circuit.stats.resends).toBeGreaterThan(0);
    expect(session.circuit.stats.reliableLost).toBe(0);
    expect(r.stats.reliableLost).toBe(0);
    expect([...objectIds.values()].every((n) => n === 1)).toBe(true);
    const resends = session.circuit.stats.resends;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(session.circuit.stats.resends).toBe(resends);
    expect(session.circuit.pendingReliable).toBe(0);
    expect(session.circuit.pendingAcks).toBeLessThan(300);
    await session.logout(3_000);
  }, 90_000);

  it('logs out cleanly when the simulator never sends LogoutReply', async () => {
    const r = await region({ logoutReply: false });
    const session = await connect(r);
    const started = Date.now();
    const { replied } = await session.logout(800);
    expect(replied).toBe(false);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(session.stage).toBe('closed');
  });

  it('surfaces the grid reason for a wrong password', async () => {
    const r = await region({ users: [{ first: 'Test', last: 'User', password: 'right' }] });
    const error = await connect(r, new MessageBus(), 'wrong').then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(LoginError);
    expect((error as LoginError).reason).toBe('key');
    expect((error as LoginError).gridMessage).toMatch(/Could not authenticate/);
    expect(JSON.stringify(error)).not.toContain('wrong');
  });
});
