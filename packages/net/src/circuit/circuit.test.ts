import { describe, expect, it } from 'vitest';
import { createPacketDecoder, readerAs } from '@slv/protocol';
import { FaultInjector, type FaultOptions } from '../fault-injector.ts';
import { Circuit, type CircuitNetworkSettings } from './circuit.ts';

/** Two circuits joined by fault-injecting links on a simulated clock. */
class TestLink {
  now = 0;
  private queue: { at: number; order: number; run: () => void }[] = [];
  private order = 0;
  readonly a: Circuit;
  readonly b: Circuit;
  readonly aToB: FaultInjector;
  readonly bToA: FaultInjector;
  readonly receivedByA: string[] = [];
  readonly receivedByB: string[] = [];
  readonly lost: string[] = [];

  constructor(faults: FaultOptions = {}, settings: Partial<CircuitNetworkSettings> = {}, extra: { maxResends?: number; timeoutMs?: number } = {}) {
    const schedule = (run: () => void, delayMs: number) => { this.queue.push({ at: this.now + delayMs, order: this.order++, run }); };
    const clock = () => this.now;
    const s: CircuitNetworkSettings = { ackCollectionMs: 100, appendedAcks: true, reorderWindowMs: 0, ...settings };
    this.aToB = new FaultInjector({ seed: 7, ...faults }, (bytes, length) => this.b.receive(bytes, length), schedule);
    this.bToA = new FaultInjector({ seed: 9, ...faults }, (bytes, length) => this.a.receive(bytes, length), schedule);
    const record = (into: string[]) => ({
      message: (decoder: Circuit['decoder']) => {
        const chat = readerAs(decoder, 'ChatFromViewer');
        if (chat) into.push(chat.ChatData.MessageString());
      },
      lost: (_seq: number, name: string) => { this.lost.push(name); },
    });
    this.a = new Circuit({ send: (b, l) => this.aToB.send(b, l), settings: s, now: clock, listener: record(this.receivedByA), ...extra });
    this.b = new Circuit({ send: (b, l) => this.bToA.send(b, l), settings: s, now: clock, listener: record(this.receivedByB), ...extra });
  }

  /** Runs the clock forward, ticking both circuits every 10 ms. */
  advance(ms: number): void {
    const end = this.now + ms;
    while (this.now < end) {
      const next = Math.min(end, this.now + 10);
      for (;;) {
        this.queue.sort((x, y) => x.at - y.at || x.order - y.order);
        const due = this.queue[0];
        if (!due || due.at > next) break;
        this.queue.shift();
        this.now = Math.max(this.now, due.at);
        due.run();
      }
      this.now = next;
      this.a.tick();
      this.b.tick();
    }
  }
}

const AGENT = '11111111-2222-3333-4444-555555555555';
function chat(text: string) {
  return { AgentData: { AgentID: AGENT, SessionID: AGENT }, ChatData: { Message: text, Type: 1, Channel: 0 } };
}

describe('Circuit', () => {
  it('delivers a reliable message, acks it within the collection time, and forgets it', () => {
    const link = new TestLink({}, { appendedAcks: false });
    link.a.send('ChatFromViewer', chat('hello'), { reliable: true });
    expect(link.a.pendingReliable).toBe(1);
    link.advance(20);
    expect(link.receivedByB).toEqual(['hello']);
    expect(link.b.pendingAcks).toBe(1);
    link.advance(150);
    expect(link.b.stats.acksSent).toBe(1);
    expect(link.a.pendingReliable).toBe(0);
    expect(link.a.stats.acksReceived).toBe(1);
  });

  it('appends owed acks to outgoing packets within the MTU', () => {
    const link = new TestLink({}, { appendedAcks: true, ackCollectionMs: 10_000 });
    for (let i = 0; i < 5; i++) link.a.send('ChatFromViewer', chat(`m${i}`), { reliable: true });
    link.advance(20);
    expect(link.b.pendingAcks).toBe(5);
    link.b.send('ChatFromViewer', chat('reply'));
    link.advance(20);
    expect(link.b.pendingAcks).toBe(0);
    expect(link.a.pendingReliable).toBe(0);
    expect(link.b.stats.acksSent).toBe(5);
  });

  it('resends with the RESENT flag after the timeout and the receiver sees it once', () => {
    const link = new TestLink();
    const sent: number[] = [];
    const drop = { first: true };
    const original = link.a;
    // Replace the first transmission with nothing by closing over the injector.
    (link.aToB as unknown as { send: (b: Uint8Array, l: number) => void }).send = ((send) => (b: Uint8Array, l: number) => {
      sent.push(b[0]!);
      if (drop.first) { drop.first = false; return; }
      send(b, l);
    })(link.aToB.send.bind(link.aToB));
    original.send('ChatFromViewer', chat('once'), { reliable: true });
    link.advance(900);
    expect(link.receivedByB).toEqual([]);
    link.advance(300);
    expect(link.receivedByB).toEqual(['once']);
    expect(sent[1]! & 0x20).toBe(0x20);
    expect(link.a.stats.resends).toBe(1);
    link.advance(2000);
    expect(link.a.pendingReliable).toBe(0);
    expect(link.a.stats.resends).toBe(1);
  });

  it('reports a reliable packet lost after its resends, never silently', () => {
    const link = new TestLink({ loss: 1 }, {}, { maxResends: 3 });
    link.a.send('ChatFromViewer', chat('void'), { reliable: true });
    link.advance(10_000);
    expect(link.lost).toEqual(['ChatFromViewer']);
    expect(link.a.stats.resends).toBe(3);
    expect(link.a.stats.reliableLost).toBe(1);
    expect(link.a.pendingReliable).toBe(0);
  });

  it('drops duplicates but still acks them', () => {
    const link = new TestLink({ duplicate: 1 }, { appendedAcks: false });
    link.a.send('ChatFromViewer', chat('twice on the wire'), { reliable: true });
    link.advance(300);
    expect(link.receivedByB).toEqual(['twice on the wire']);
    expect(link.b.stats.duplicatesIn).toBe(1);
    expect(link.b.stats.acksSent).toBe(2);
    expect(link.a.pendingReliable).toBe(0);
  });

  it('measures RTT with pings', () => {
    const link = new TestLink({ delayMs: 40 });
    link.a.sendPing();
    link.advance(200);
    expect(link.a.rttMs).toBeGreaterThanOrEqual(80);
    expect(link.a.rttMs).toBeLessThan(110);
    expect(link.a.lastRttMs).toBe(link.a.rttMs);
    expect(link.a.rttSamples).toBe(1);
    expect(link.a.resendTimeoutMs).toBe(1000);
  });

  it('estimates SRTT and RTTVAR as RFC 6298 and keeps the latest sample apart', () => {
    // A ping answered after 400 ms (a simulator busy with an arrival), then one after 10 ms.
    let now = 0;
    const toB: Uint8Array[] = [];
    const toA: Uint8Array[] = [];
    const settings = { ackCollectionMs: 100, appendedAcks: false, reorderWindowMs: 0 };
    const a = new Circuit({ send: (b, l) => toB.push(b.slice(0, l)), settings, now: () => now });
    const b = new Circuit({ send: (bytes, l) => toA.push(bytes.slice(0, l)), settings, now: () => now });
    const ping = (answerAfterMs: number) => {
      a.sendPing();
      b.receive(toB.shift()!);
      now += answerAfterMs;
      a.receive(toA.shift()!);
    };
    expect(a.resendTimeoutMs).toBe(1000);
    ping(400);
    expect([a.rttMs, a.rttVarMs, a.lastRttMs, a.rttSamples]).toEqual([400, 200, 400, 1]);
    expect(a.resendTimeoutMs).toBe(1200);
    now += 5000;
    ping(10);
    // RTTVAR = 3/4 × 200 + 1/4 × |400 − 10|; SRTT = 7/8 × 400 + 1/8 × 10.
    expect(a.rttVarMs).toBeCloseTo(247.5, 9);
    expect(a.rttMs).toBeCloseTo(351.25, 9);
    expect(a.lastRttMs).toBe(10);
    expect(a.rttSamples).toBe(2);
    expect(a.resendTimeoutMs).toBeCloseTo(351.25 + 4 * 247.5, 9);
    // An answer to no ping of ours is no sample.
    b.send('CompletePingCheck', { PingID: { PingID: 200 } });
    a.receive(toA.shift()!);
    expect(a.rttSamples).toBe(2);
  });

  it('raises a timeout when nothing arrives', () => {
    let timeouts = 0;
    const link = new TestLink({}, {}, { timeoutMs: 500 });
    link.a.listener = { ...link.a.listener, timeout: () => { timeouts++; } };
    link.advance(1200);
    expect(timeouts).toBe(2);
  });

  it('survives 20% loss, 5% duplication and reordering both ways: each reliable message exactly once', () => {
    const link = new TestLink({ loss: 0.2, duplicate: 0.05, reorder: 0.1, delayMs: 5, jitterMs: 10 }, {}, { maxResends: 8 });
    const expectedA: string[] = [];
    const expectedB: string[] = [];
    for (let i = 0; i < 300; i++) {
      link.a.send('ChatFromViewer', chat(`a${i}`), { reliable: true });
      link.b.send('ChatFromViewer', chat(`b${i}`), { reliable: true });
      expectedB.push(`a${i}`);
      expectedA.push(`b${i}`);
      link.advance(15);
      expect(link.a.pendingReliable).toBeLessThan(200);
    }
    link.advance(30_000);
    expect([...link.receivedByB].sort()).toEqual([...expectedB].sort());
    expect([...link.receivedByA].sort()).toEqual([...expectedA].sort());
    expect(link.lost).toEqual([]);
    expect(link.a.pendingReliable).toBe(0);
    expect(link.b.pendingReliable).toBe(0);
    const resends = link.a.stats.resends + link.b.stats.resends;
    expect(resends).toBeGreaterThan(50);
    link.advance(10_000);
    expect(link.a.stats.resends + link.b.stats.resends).toBe(resends);
  });
});

describe('Circuit reorder window', () => {
  function arrivals(order: number[], windowMs: number, advanceAfter = 0) {
    const link = new TestLink({}, { reorderWindowMs: windowMs });
    // Build three packets from A without sending, then feed B in the given order.
    const packets: Uint8Array[] = [];
    const sender = new Circuit({ send: (b, l) => packets.push(b.slice(0, l)), settings: { ackCollectionMs: 100, appendedAcks: false, reorderWindowMs: 0 }, now: () => link.now });
    for (const n of [1, 2, 3]) sender.send('ChatFromViewer', chat(`m${n}`));
    for (const n of order) link.b.receive(packets[n - 1]!);
    link.advance(advanceAfter);
    return link.receivedByB;
  }

  it('delivers 1, 2, 3 from arrivals 1, 3, 2', () => {
    expect(arrivals([1, 3, 2], 100)).toEqual(['m1', 'm2', 'm3']);
  });

  it('releases 3 after the window when 2 never comes, and delivers a late 2 without dropping it', () => {
    expect(arrivals([1, 3], 100)).toEqual(['m1']);
    expect(arrivals([1, 3], 100, 150)).toEqual(['m1', 'm3']);
    const link = new TestLink({}, { reorderWindowMs: 100 });
    const packets: Uint8Array[] = [];
    const sender = new Circuit({ send: (b, l) => packets.push(b.slice(0, l)), settings: { ackCollectionMs: 100, appendedAcks: false, reorderWindowMs: 0 }, now: () => link.now });
    for (const n of [1, 2, 3]) sender.send('ChatFromViewer', chat(`m${n}`));
    link.b.receive(packets[0]!);
    link.b.receive(packets[2]!);
    link.advance(150);
    link.b.receive(packets[1]!);
    expect(link.receivedByB).toEqual(['m1', 'm3', 'm2']);
  });

  it('is off by default: arrival order', () => {
    expect(arrivals([1, 3, 2], 0)).toEqual(['m1', 'm3', 'm2']);
  });

  it('answers and times pings on arrival, not when the window lets them through', () => {
    let now = 0;
    const toB: Uint8Array[] = [];
    const toA: Uint8Array[] = [];
    const windowed = { ackCollectionMs: 100, appendedAcks: false, reorderWindowMs: 500 };
    const a = new Circuit({ send: (b, l) => toB.push(b.slice(0, l)), settings: windowed, now: () => now });
    const seenByB: string[] = [];
    const b = new Circuit({
      send: (bytes, l) => toA.push(bytes.slice(0, l)), settings: windowed, now: () => now,
      listener: { message: (decoder) => { seenByB.push(decoder.message!.name); } },
    });
    a.send('ChatFromViewer', chat('m1'));
    a.send('ChatFromViewer', chat('m2'));
    b.receive(toB.shift()!);
    toB.shift(); // m2 is lost: B holds what comes after it for up to 500 ms
    a.sendPing();
    now += 3;
    b.receive(toB.shift()!);
    expect(seenByB).toEqual(['ChatFromViewer']);
    expect(toA).toHaveLength(1);
    now += 3;
    a.receive(toA.shift()!);
    expect(a.lastRttMs).toBe(6);
    now += 600;
    b.tick();
    expect(seenByB).toEqual(['ChatFromViewer', 'StartPingCheck']);
    expect(toA).toHaveLength(0);
  });
});

describe('PacketAck', () => {
  it('carries at most 250 ids a message, and every owed id exactly once', () => {
    const settings: CircuitNetworkSettings = { ackCollectionMs: 100, appendedAcks: false, reorderWindowMs: 0 };
    const toA: Uint8Array[] = [];
    const fromA: Uint8Array[] = [];
    const clock = () => 0;
    const b = new Circuit({ send: (bytes, length) => toA.push(bytes.slice(0, length)), settings, now: clock });
    const a = new Circuit({ send: (bytes, length) => fromA.push(bytes.slice(0, length)), settings, now: clock });
    for (let i = 0; i < 600; i++) b.send('ChatFromViewer', chat(`m${i}`), { reliable: true });
    for (const datagram of toA) a.receive(datagram, datagram.length);
    a.flushAcks();
    const decoder = createPacketDecoder();
    const acked: number[] = [];
    for (const datagram of fromA) {
      expect(decoder.decode(datagram)).toBe(true);
      const ack = readerAs(decoder, 'PacketAck');
      if (!ack) continue;
      expect(ack.Packets.count).toBeLessThanOrEqual(250);
      for (let i = 0; i < ack.Packets.count; i++) acked.push(ack.Packets.ID(i));
    }
    expect(acked.length).toBe(600);
    expect(new Set(acked).size).toBe(600);
  });
});
