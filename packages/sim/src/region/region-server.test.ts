import { LoginError } from '@slv/net';
import {
  LAYER_LAND, MOTION_FLOATS, MTU, Motion, decodeLayerData, decodeObjectMotion, formatLLSDXml, parseLLSDXml,
  type BlockObject, type LLSDMap,
} from '@slv/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { findObjectByName } from '../scene/generate-scene.ts';
import { terrainHeightAt } from '../scene/terrain.ts';
import { TEST_OBJECT_NAMES } from '../scene/layouts.ts';
import { RawClient, type Received } from './raw-client.test-support.ts';
import { AUTHENTICATION_FAILED_MESSAGE } from './login-service.ts';
import type { RegionOptions, RunningRegion } from './region-options.ts';
import { startRegion } from './region-server.ts';

const running: RunningRegion[] = [];
const clients: RawClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const r of running.splice(0)) await r.stop();
});

async function region(options: RegionOptions = {}): Promise<RunningRegion> {
  const r = await startRegion({
    sceneOptions: { seed: 11, objects: 12, lights: 1, movers: 1, layout: 'test' },
    eventQueueHoldMs: 300,
    timeIntervalMs: 200,
    simStatsIntervalMs: 200,
    moverHz: 20,
    compressedFraction: 0.3,
    ...options,
  });
  running.push(r);
  return r;
}

async function client(r: RunningRegion, first = 'Test', last = 'User', password = 'secret'): Promise<RawClient> {
  const c = await RawClient.login(r, { first, last, password });
  clients.push(c);
  return c;
}

function blocks(r: Received): BlockObject[] {
  return r.message.ObjectData as BlockObject[];
}

/** Local ids of scene objects the client has as full or compressed updates. */
function objectIds(c: RawClient): Set<number> {
  const ids = new Set<number>();
  for (const r of c.all('ObjectUpdate')) for (const b of blocks(r)) ids.add(b.ID as number);
  for (const r of c.all('ObjectUpdateCompressed')) {
    for (const b of blocks(r)) ids.add(new DataView((b.Data as Uint8Array).buffer, (b.Data as Uint8Array).byteOffset).getUint32(16, true));
  }
  return ids;
}

/** Where the client was told object `localId` is, from its full or compressed update. */
function objectPosition(c: RawClient, localId: number): number[] {
  const full = c.all('ObjectUpdate').flatMap(blocks).find((b) => b.ID === localId);
  if (full) {
    const motion = new Float32Array(MOTION_FLOATS);
    const data = full.ObjectData as Uint8Array;
    decodeObjectMotion(data, new DataView(data.buffer, data.byteOffset), 0, data.length, motion);
    return Array.from(motion.subarray(Motion.Position, Motion.Position + 3));
  }
  for (const b of c.all('ObjectUpdateCompressed').flatMap(blocks)) {
    const data = b.Data as Uint8Array;
    const view = new DataView(data.buffer, data.byteOffset);
    // FullID, LocalID, PCode, State, CRC, Material, ClickAction, Scale: the position follows at 40.
    if (view.getUint32(16, true) === localId) return [0, 1, 2].map((k) => view.getFloat32(40 + 4 * k, true));
  }
  throw new Error(`object ${localId} never arrived`);
}

async function postLLSD(url: string, body: unknown): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/llsd+xml' }, body: formatLLSDXml(body as never) });
  return { status: response.status, text: await response.text() };
}

describe('startRegion', () => {
  it('logs a viewer in and streams the handshake, terrain, objects, movers, stats and logout', async () => {
    const r = await region();
    expect(r.httpPort).toBe(r.port);
    expect(r.loginUri).toBe(`http://127.0.0.1:${r.port}/`);
    const c = await client(r);
    expect(c.answer.simPort).toBe(r.port);
    expect(c.answer.seedCapability).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${r.port}/CAPS/[0-9a-f-]{36}/$`));
    expect(c.answer.regionX).toBe(256000);
    await c.handshake(0x3);

    const handshake = (await c.waitFor('RegionHandshake')).message.RegionInfo as BlockObject;
    expect(Buffer.from(handshake.SimName as Uint8Array).toString()).toBe('SLV Sim\0');
    expect(handshake.WaterHeight).toBe(20);
    const amc = (await c.waitFor('AgentMovementComplete')).message;
    expect((amc.Data as BlockObject).RegionHandle).toBe((256000n << 32n) | 256000n);

    // Land: all 256 patches, decoding to (about) the scene's heights.
    const patches = new Set<number>();
    let worst = 0;
    const sink = {
      patch(x: number, y: number, size: number, heights: Float32Array) {
        patches.add(y * 16 + x);
        for (let j = 0; j < size; j++) {
          for (let i = 0; i < size; i++) {
            worst = Math.max(worst, Math.abs(heights[j * size + i]! - r.scene.heightmap[(y * 16 + j) * 256 + x * 16 + i]!));
          }
        }
      },
    };
    let decoded = 0;
    await c.until(() => {
      const layers = c.all('LayerData');
      for (; decoded < layers.length; decoded++) {
        decodeLayerData((layers[decoded]!.message.LayerData as BlockObject).Data as Uint8Array, LAYER_LAND, sink, { regionSize: 256 });
      }
      return patches.size === 256;
    }, 'all 256 land patches');
    expect(worst).toBeLessThan(0.25);
    expect(c.all('LayerData').every((ld) => ld.reliable)).toBe(true);

    // Every object, as ObjectUpdate or ObjectUpdateCompressed.
    await c.until(() => r.scene.objects.every((o) => objectIds(c).has(o.localId)), 'every object');
    expect(c.all('ObjectUpdateCompressed').length).toBeGreaterThan(0);
    const red = findObjectByName(r.scene, TEST_OBJECT_NAMES.redBox)!;
    expect(objectPosition(c, red.localId)).toEqual([128, 140, red.position[2]].map(Math.fround));
    expect(Math.max(...c.datagramSizes)).toBeLessThanOrEqual(MTU);

    // Its own avatar, appearance and animation.
    const self = c.all('ObjectUpdate').flatMap(blocks).find((b) => b.FullID === c.agentId)!;
    expect(self.PCode).toBe(47);
    expect(Buffer.from(self.NameValue as Uint8Array).toString()).toContain('FirstName STRING RW SV Test\nLastName STRING RW SV User');
    expect((await c.waitFor('AvatarAppearance')).message.VisualParam).toHaveLength(218);
    await c.waitFor('AvatarAnimation');

    // The mover moves.
    const mover = r.scene.movers[0]!;
    await c.until(() => c.all('ImprovedTerseObjectUpdate').length >= 3, 'terse updates');
    const positions = c.all('ImprovedTerseObjectUpdate').flatMap(blocks)
      .map((b) => b.Data as Uint8Array)
      .filter((d) => new DataView(d.buffer, d.byteOffset).getUint32(0, true) === mover.localId)
      .map((d) => new DataView(d.buffer, d.byteOffset).getFloat32(6, true));
    expect(new Set(positions).size).toBeGreaterThan(1);

    // The clock, stats, ping.
    await c.waitFor('SimulatorViewerTimeMessage');
    const stat = (s: Received, id: number) => (s.message.Stat as BlockObject[]).find((x) => x.StatID === id)!.StatValue;
    // A period in which the agent was in: one agent, every object, the mover active.
    const stats = await c.waitFor('SimStats', (s) => stat(s, 13) === 1);
    expect(stats.message.Stat).toHaveLength(41);
    expect(stat(stats, 11)).toBe(r.scene.objects.length);
    expect(stat(stats, 12)).toBe(r.scene.movers.length);
    expect(stat(stats, 1)).toBeGreaterThan(0);
    c.circuit.sendPing();
    await c.waitFor('CompletePingCheck');
    await c.waitFor('CoarseLocationUpdate');

    expect(r.agents()).toMatchObject([{ firstName: 'Test', lastName: 'User', stage: 'ready', handshakeFlags: 3 }]);
    c.circuit.send('LogoutRequest', { AgentData: c.agentData }, { reliable: true });
    await c.waitFor('LogoutReply');
    await c.until(() => r.agents().length === 0, 'the agent to be gone');
    expect(r.stats.logins).toBe(1);
    expect(r.stats.layerDataPackets).toBe(c.all('LayerData').length);
  });

  it('probes a cache-holding viewer with ObjectUpdateCached and answers RequestMultipleObjects', async () => {
    const r = await region({ moverHz: 0 });
    const c = await client(r);
    await c.handshake(0x1);
    const wanted = r.scene.objects.slice(0, 3).map((o) => o.localId);
    await c.until(() => c.all('ObjectUpdateCached').flatMap(blocks).length === r.scene.objects.length, 'a probe for every object');
    const probe = c.all('ObjectUpdateCached').flatMap(blocks).find((b) => b.ID === wanted[0])!;
    expect(probe).toEqual({ ID: wanted[0], CRC: r.scene.objects[0]!.crc, UpdateFlags: r.scene.objects[0]!.updateFlags });
    // Only avatars come as full updates: the objects wait for the viewer to ask.
    expect(c.all('ObjectUpdate').flatMap(blocks).every((b) => b.PCode === 47)).toBe(true);
    c.circuit.send('RequestMultipleObjects', {
      AgentData: c.agentData, ObjectData: [...wanted.map((ID) => ({ CacheMissType: 0, ID })), { CacheMissType: 0, ID: 999_999_999 }],
    }, { reliable: true });
    await c.until(() => wanted.every((id) => objectIds(c).has(id)), 'the requested objects');
    const sceneIds = new Set(r.scene.objects.map((o) => o.localId));
    expect([...objectIds(c)].filter((id) => sceneIds.has(id)).sort()).toEqual([...wanted].sort());
  });

  it('refuses a wrong password with OpenSimulator\'s answer when users are configured', async () => {
    const r = await region({ users: [{ first: 'Ann', last: 'Lee', password: 'right' }] });
    const refused = await RawClient.login(r, { first: 'Ann', last: 'Lee', password: 'wrong' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(LoginError);
    expect(refused).toMatchObject({ kind: 'rejected', reason: 'key', gridMessage: AUTHENTICATION_FAILED_MESSAGE });
    await expect(RawClient.login(r, { first: 'Bob', last: 'Lee', password: 'right' })).rejects.toBeInstanceOf(LoginError);
    const c = await client(r, 'ann', 'LEE', 'right');
    expect(c.answer.firstName).toBe('ann');
    expect(r.stats.loginFailures).toBe(2);
  });

  it('serves two viewers at once: each sees the other, chat reaches both', async () => {
    const r = await region({ moverHz: 0 });
    const a = await client(r, 'Ann', 'One');
    const b = await client(r, 'Bob', 'Two');
    expect(a.agentId).not.toBe(b.agentId);
    await Promise.all([a.handshake(), b.handshake()]);
    const seesOther = (c: RawClient, other: RawClient) => c.all('ObjectUpdate').flatMap(blocks).some((x) => x.FullID === other.agentId && x.PCode === 47);
    await a.until(() => seesOther(a, b) && seesOther(b, a), 'both avatars on both viewers');
    a.circuit.send('ChatFromViewer', { AgentData: a.agentData, ChatData: { Message: 'hello there', Type: 1, Channel: 0 } }, { reliable: true });
    for (const c of [a, b]) {
      const chat = (await c.waitFor('ChatFromSimulator')).message.ChatData as BlockObject;
      expect(Buffer.from(chat.Message as Uint8Array).toString()).toBe('hello there\0');
      expect(Buffer.from(chat.FromName as Uint8Array).toString()).toBe('Ann One\0');
      expect(chat.SourceID).toBe(a.agentId);
    }
    expect(r.agents().map((x) => x.stage)).toEqual(['ready', 'ready']);
    // When one leaves, the other sees its avatar go.
    const bAvatar = r.agents().find((x) => x.agentId === b.agentId)!.avatarLocalId;
    b.circuit.send('LogoutRequest', { AgentData: b.agentData }, { reliable: true });
    await a.waitFor('KillObject', (k) => blocks(k).some((x) => x.ID === bAvatar));
  });

  it('completes the handshake through 20% loss both ways', async () => {
    const r = await region({
      moverHz: 0,
      // Three resends lose about 1 reliable packet in 60 at 20% loss each way; ten make the test certain.
      maxResends: 10,
      faults: { inbound: { loss: 0.2, seed: 3 }, outbound: { loss: 0.2, seed: 4 } },
    });
    const c = await client(r);
    const updates = setInterval(() => c.sendAgentUpdate(), 50);
    try {
      await c.handshake(0x3, 15_000);
      // Everything reliable arrives in the end: every object, through resends.
      await c.until(() => r.scene.objects.every((o) => objectIds(c).has(o.localId)), 'every object', 15_000);
      await c.until(() => (r.stats.messagesIn.AgentUpdate ?? 0) >= 20, 'agent updates');
    } finally {
      clearInterval(updates);
    }
    c.circuit.send('LogoutRequest', { AgentData: c.agentData }, { reliable: true });
    await c.waitFor('LogoutReply', () => true, 10_000);
    const { faults, resends } = r.stats;
    expect(faults.inbound.dropped).toBeGreaterThan(0);
    expect(faults.outbound.dropped).toBeGreaterThan(0);
    expect(faults.outbound.dropped / faults.outbound.sent).toBeGreaterThan(0.05);
    expect(resends + c.circuit.stats.resends).toBeGreaterThan(0);
  }, 30_000);

  it('grants capabilities from the seed and runs the event queue long poll', async () => {
    const r = await region({ moverHz: 0 });
    const c = await client(r);
    const seed = await postLLSD(c.answer.seedCapability, ['EventQueueGet', 'SimulatorFeatures', 'NoSuchCap']);
    expect(seed.status).toBe(200);
    const caps = parseLLSDXml(seed.text) as LLSDMap;
    expect(Object.keys(caps).sort()).toEqual(['EventQueueGet', 'SimulatorFeatures']);
    const features = parseLLSDXml(await (await fetch(caps.SimulatorFeatures as string)).text()) as LLSDMap;
    expect(features.MeshRezEnabled).toBe(true);

    const eq = caps.EventQueueGet as string;
    // Nothing yet: the poll is held, then 502.
    const started = performance.now();
    expect((await postLLSD(eq, { ack: null, done: false })).status).toBe(502);
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);

    await c.handshake();
    const first = await postLLSD(eq, { ack: null, done: false });
    expect(first.status).toBe(200);
    const answer = parseLLSDXml(first.text) as { id: number; events: { message: string; body: LLSDMap }[] };
    expect(answer.events.map((e) => e.message)).toEqual(['ParcelProperties']);
    const parcel = (answer.events[0]!.body.ParcelData as LLSDMap[])[0]!;
    expect(parcel.Area).toBe(65536);
    expect((parcel.Bitmap as Uint8Array).length).toBe(512);

    expect((await postLLSD(eq, { ack: answer.id, done: false })).status).toBe(502);
    expect(r.enqueueEvent(c.agentId, 'TestEvent', { n: 1 })).toBe(true);
    const next = parseLLSDXml((await postLLSD(eq, { ack: answer.id, done: false })).text) as { id: number; events: { message: string }[] };
    expect(next.events.map((e) => e.message)).toEqual(['TestEvent']);
    expect(next.id).toBe(answer.id + 1);
    expect((await postLLSD(eq, { ack: next.id, done: true })).status).toBe(502);
    expect((await postLLSD(eq, { ack: next.id, done: false })).status).toBe(404);
    expect(r.enqueueEvent(c.agentId, 'Late', null)).toBe(false);
  });

  it('adds, moves and kills objects on every viewer', async () => {
    const r = await region({ moverHz: 0 });
    const c = await client(r);
    await c.handshake();
    await c.until(() => r.scene.objects.every((o) => objectIds(c).has(o.localId)), 'every object');
    const [root, child] = r.addObject({
      name: 'added', shape: 'sphere', position: [100, 100, 3], aboveTerrain: true, color: [1, 0.5, 0, 1],
      children: [{ shape: 'box', position: [0, 0, 1], scale: [0.3, 0.3, 0.3] }],
    });
    await c.waitFor('ObjectUpdate', (u) => blocks(u).some((b) => b.ID === root!.localId));
    expect(child!.parentId).toBe(root!.localId);
    expect(r.moveObject(root!.localId, [110, 100, 30])).toBe(true);
    const terse = await c.waitFor('ImprovedTerseObjectUpdate', (u) => blocks(u).some((b) => new DataView((b.Data as Uint8Array).buffer, (b.Data as Uint8Array).byteOffset).getUint32(0, true) === root!.localId));
    const data = blocks(terse)[0]!.Data as Uint8Array;
    expect(new DataView(data.buffer, data.byteOffset).getFloat32(6, true)).toBe(110);
    expect(r.killObject(root!.localId)).toBe(true);
    const kill = await c.waitFor('KillObject');
    expect(blocks(kill).map((b) => b.ID)).toEqual([root!.localId, child!.localId]);
    expect(r.killObject(root!.localId)).toBe(false);
    expect(r.scene.objects.some((o) => o.localId === child!.localId)).toBe(false);
  });

  it('honours a start location in this region and logs out an older session of the same agent', async () => {
    const r = await region({ moverHz: 0 });
    const start = { region: 'SLV Sim', x: 60, y: 70, z: 0 };
    const first = await RawClient.login(r, undefined, { login: { start } });
    clients.push(first);
    await first.handshake();
    const amc = (await first.waitFor('AgentMovementComplete')).message.Data as BlockObject;
    const ground = terrainHeightAt(r.scene.heightmap, 256, 60, 70);
    expect(amc.Position).toEqual([60, 70, ground + 1].map(Math.fround));
    expect(first.answer.startLocation).toBe('url');

    const second = await client(r);
    expect(second.agentId).toBe(first.agentId);
    expect(second.answer.sessionId).not.toBe(first.answer.sessionId);
    const kick = (await first.waitFor('KickUser')).message.UserInfo as BlockObject;
    expect(Buffer.from(kick.Reason as Uint8Array).toString()).toMatch(/logged in from another location/);
    expect(r.agents().map((a) => a.sessionId)).toEqual([second.answer.sessionId]);
  });

  it('closes silently without LogoutReply when told to', async () => {
    const r = await region({ logoutReply: false, moverHz: 0 });
    const c = await client(r);
    await c.handshake();
    c.circuit.send('LogoutRequest', { AgentData: c.agentData }, { reliable: true });
    await c.until(() => r.agents().length === 0, 'the agent to be dropped');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(c.all('LogoutReply')).toHaveLength(0);
  });

  it('answers bad HTTP requests with a status and a reason', async () => {
    const r = await region({ moverHz: 0 });
    const fault = await fetch(r.loginUri, { method: 'POST', body: '<methodCall><methodName>nope</methodName></methodCall>' });
    expect(fault.status).toBe(200);
    expect(await fault.text()).toContain('<fault>');
    expect((await fetch(r.loginUri)).status).toBe(405);
    expect((await fetch(`${r.loginUri}CAPS/00000000-0000-0000-0000-000000000000/`, { method: 'POST', body: '' })).status).toBe(404);
    const c = await client(r);
    const bad = await fetch(c.answer.seedCapability, { method: 'POST', body: 'not llsd' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/not LLSD XML/);
    expect((await postLLSD(c.answer.seedCapability, { not: 'a list' })).status).toBe(400);
  });
});
