/**
 * @slv/world's connectWorld, from source, against the embedded simulator: the
 * high-level entry that examples/bot uses (the packed copy runs in
 * packed-packages.test.ts). Here: above @slv/world and @slv/sim both.
 */
import { startRegion, type RunningRegion } from '@slv/sim';
import { type ChatMessage, type WorldObject } from '@slv/world';
import { connectWorldOverUdp } from '@slv/world/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const until = async (what: string, done: () => boolean, step: () => void, ms = 30_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    step();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('connectWorld (the high-level client)', () => {
  let region: RunningRegion;
  beforeAll(async () => {
    region = await startRegion({ sceneOptions: { objects: 12, lights: 0, movers: 0, seed: 3 } });
  });
  afterAll(() => region.stop());

  it('logs in, ingests the scene with the world systems, reports arrivals and departures, chats, and logs out', async () => {
    const client = await connectWorldOverUdp({ loginUri: region.loginUri, credentials: { first: 'Bot', last: 'Tester', password: 'x' }, preset: 'Low' });
    const arrived = new Map<number, WorldObject>();
    const left: WorldObject[] = [];
    const heard: ChatMessage[] = [];
    client.onObjectAdded((o) => arrived.set(o.localId, o));
    client.onObjectRemoved((o) => left.push(o));
    client.onChat((c) => heard.push(c));
    expect(client.regionIndex).toBeGreaterThanOrEqual(0);
    expect(client.session.region.name).toBe(region.scene.regionName);

    const prims = region.scene.objects.length;
    await until(`${prims} objects`, () => arrived.size >= prims, () => client.step());
    expect(client.objects().length).toBeGreaterThanOrEqual(prims);
    const some = region.scene.objects[0]!;
    const seen = arrived.get(some.localId)!;
    expect(seen.fullId).toMatch(/^[0-9a-f-]{36}$/);

    expect(region.killObject(some.localId)).toBe(true);
    await until('the killed object to leave', () => left.some((o) => o.localId === some.localId), () => client.step());
    client.say('hello from the client');
    await until('its own chat line', () => heard.some((c) => c.message === 'hello from the client'), () => client.step());
    expect(heard.find((c) => c.message === 'hello from the client')!.fromName).toBe('Bot Tester');

    const { replied } = await client.logout();
    expect(replied).toBe(true);
  });

  it('use: adds resources and systems after the world\'s, typed, and refuses names already taken', async () => {
    const client = await connectWorldOverUdp({ loginUri: region.loginUri, credentials: { first: 'Use', last: 'Tester', password: 'x' }, preset: 'Low' });
    try {
      // A system that reads the world (placed objects) and a resource of its own, as render's systems do.
      const hud = { frames: 0, placed: 0 };
      const withHud = client.use({ hud }, [{
        name: 'test.hud', phase: 'render',
        run: (_world, r) => { r.hud.frames++; r.hud.placed = r.ingestion.entities.objectCount; },
      }]);
      expect(withHud).toBe(client);
      expect(withHud.resources.hud).toBe(hud);
      expect(withHud.scheduler.timings.names.at(-1)).toBe('test.hud');
      await until('the hud to see the scene', () => hud.placed >= region.scene.objects.length, () => withHud.step());
      expect(hud.frames).toBeGreaterThan(0);

      expect(() => withHud.use({ hud: {} }, [])).toThrow(/already have hud/);
      expect(() => client.use({ other: 1 }, [{ name: 'world.transforms', phase: 'simulation', run: () => {} }])).toThrow(/already runs world\.transforms/);
      // Neither refused call added anything.
      expect('other' in client.resources).toBe(false);
      expect(client.scheduler.timings.names.filter((n) => n === 'world.transforms')).toHaveLength(1);
    } finally {
      await client.logout();
    }
  });
});
