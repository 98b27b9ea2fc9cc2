/**
 * Logins through a very lossy link (50 % loss, 5 % duplication, 10 % reordering, both
 * ways) to the embedded simulator on 127.0.0.1: the handshake retries its steps until
 * its own deadline, so every login completes and every object arrives. CI runs a few
 * logins; SLV_LOSSY_LOGINS=10 runs the ten.
 */
import { presetSettings } from '@slv/config';
import { AgentSession, MessageBus } from '@slv/net';
import { UdpTransport } from '@slv/net/node';
import { startRegion } from '@slv/sim';
import { describe, expect, it } from 'vitest';

const LOGINS = Number(process.env.SLV_LOSSY_LOGINS ?? 3);

describe('the handshake at 50 % loss', () => {
  it(`completes ${LOGINS} of ${LOGINS} logins, each receiving every object`, async () => {
    const faults = { loss: 0.5, duplicate: 0.05, reorder: 0.1 };
    const r = await startRegion({
      sceneOptions: { objects: 30, lights: 0, movers: 0, seed: 9 }, eventQueueHoldMs: 300, moverHz: 0,
      faults: { inbound: { ...faults, seed: 21 }, outbound: { ...faults, seed: 22 } },
    });
    const sceneIds = r.scene.objects.map((o) => o.localId);
    const OBJECTS = sceneIds.length;
    const results: string[] = [];
    try {
      for (let i = 0; i < LOGINS; i++) {
        const bus = new MessageBus();
        const objects = new Set<number>();
        bus.on('ObjectUpdate', (u) => { for (let k = 0; k < u.ObjectData.count; k++) objects.add(u.ObjectData.ID(k)); });
        bus.on('ObjectUpdateCompressed', (u) => { for (let k = 0; k < u.ObjectData.count; k++) objects.add(u.ObjectData.view.getUint32(u.ObjectData.DataOffset(k) + 16, true)); });
        const started = Date.now();
        try {
          const session = await AgentSession.connect({
            loginUri: r.loginUri, credentials: { first: 'Lossy', last: `User${i}`, password: 'password' },
            transport: await UdpTransport.bind(0, '127.0.0.1'), settings: presetSettings('Balanced').network, bus,
          });
          const handshakeMs = Date.now() - started;
          const deadline = Date.now() + 120_000;
          const present = (): number => sceneIds.filter((id) => objects.has(id)).length;
          while (present() < OBJECTS && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
          results.push(`login ${i}: handshake ${handshakeMs} ms, ${present()}/${OBJECTS} objects after ${Date.now() - started} ms`);
          await session.logout(500);
        } catch (error) {
          results.push(`login ${i}: failed after ${Date.now() - started} ms: ${(error as Error).message}`);
        }
      }
    } finally {
      await r.stop();
    }
    console.log(results.join('\n'));
    expect(results.filter((line) => line.includes(`${OBJECTS}/${OBJECTS} objects`))).toHaveLength(LOGINS);
  }, 600_000);
});
