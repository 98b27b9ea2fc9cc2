/** The client side decodes every datagram of the real OpenSimulator capture, replayed over UDP on loopback. */
import { readFileSync } from 'node:fs';
import { projectFixture } from '@slv/testing';
import { describe, expect, it } from 'vitest';
import { MessageBus } from '../bus/message-bus.ts';
import { Circuit } from '../circuit/circuit.ts';
import { UdpTransport } from '../transport/udp-transport.ts';

interface Record { dir: string; msg: string; hex: string }

describe('replaying the OpenSimulator 0.9.2.2 capture', () => {
  for (const file of ['session-login.udp.jsonl', 'session-rez.udp.jsonl']) {
    it(`${file}: every sim->client datagram reaches the bus, decoded`, async () => {
      const records = readFileSync(projectFixture(`opensim-0.9.2.2/${file}`), 'utf8').trim().split('\n')
        .map((line) => JSON.parse(line) as Record).filter((r) => r.dir === 'sim->client');
      const client = await UdpTransport.bind(0, '127.0.0.1');
      const sim = await UdpTransport.bind(0, '127.0.0.1');
      const bus = new MessageBus();
      const seen = new Map<string, number>();
      let errors = 0;
      const acksBack: number[] = [];
      bus.onAny((decoder) => seen.set(decoder.message!.name, (seen.get(decoder.message!.name) ?? 0) + 1));
      const circuit = new Circuit({
        send: (bytes, length) => client.send(bytes, length, '127.0.0.1', sim.port),
        settings: { ackCollectionMs: 10, appendedAcks: false, reorderWindowMs: 0 },
        listener: { message: (decoder) => bus.dispatch(decoder, { label: 'replay' }), decodeError: () => { errors++; } },
      });
      client.onDatagram((bytes, length) => circuit.receive(bytes, length));
      sim.onDatagram(() => acksBack.push(1));
      try {
        for (const [i, record] of records.entries()) {
          const datagram = Buffer.from(record.hex, 'hex');
          sim.send(datagram, datagram.length, '127.0.0.1', client.port);
          // Pace the replay so loopback never overflows a socket buffer.
          if (i % 20 === 19) await new Promise((resolve) => setTimeout(resolve, 5));
        }
        const expected = new Map<string, number>();
        for (const r of records) expected.set(r.msg, (expected.get(r.msg) ?? 0) + 1);
        const deadline = Date.now() + 5_000;
        while (circuit.stats.packetsIn < records.length && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        expect(errors).toBe(0);
        expect(circuit.stats.packetsIn).toBe(records.length);
        // The capture holds no duplicates, so every datagram is delivered exactly once.
        expect(Object.fromEntries([...seen].sort())).toEqual(Object.fromEntries([...expected].sort()));
        circuit.tick();
        await new Promise((resolve) => setTimeout(resolve, 30));
        circuit.tick();
        expect(circuit.stats.acksSent).toBeGreaterThan(0);
      } finally {
        circuit.close();
        client.close();
        sim.close();
      }
    });
  }
});
