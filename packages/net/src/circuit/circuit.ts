import {
  DecodeStatus, MAX_APPENDED_ACKS, MTU, MessageIndex, PacketDecoder, PacketEncoder, SEQUENCE_WRAP,
  defaultRegistry, readerAs, type MessageInfo, type ProtocolRegistry,
} from '@slv/protocol';
import { AckQueue } from './ack-queue.ts';
import { ReorderBuffer } from './reorder-buffer.ts';
import { ResendQueue, type PendingReliable } from './resend-queue.ts';
import { SequenceWindow } from './sequence-window.ts';

/** The part of PerformanceSettings.network a circuit reads, live, on every tick. */
export interface CircuitNetworkSettings {
  ackCollectionMs: number;
  appendedAcks: boolean;
  reorderWindowMs: number;
}

export interface CircuitListener {
  /** A decoded packet, in arrival order (or sequence order with a reorder window). The decoder is valid during the call. */
  message?(decoder: PacketDecoder, circuit: Circuit): void;
  /** The other side acked reliable packet `sequence`. */
  acked?(sequence: number, circuit: Circuit): void;
  /** A reliable packet that was never acked after every resend. */
  lost?(sequence: number, messageName: string, circuit: Circuit): void;
  /** A datagram that could not be decoded (it is still acked when reliable). */
  decodeError?(error: string, circuit: Circuit): void;
  /** Nothing arrived for `timeoutMs`. */
  timeout?(circuit: Circuit): void;
}

export interface CircuitOptions {
  /** Sends one datagram to the other side. `bytes` is reused after the call returns. */
  send(bytes: Uint8Array, length: number): void;
  settings: CircuitNetworkSettings;
  listener?: CircuitListener;
  registry?: ProtocolRegistry;
  now?: () => number;
  /** Resends before a reliable packet is reported lost (viewer: 3). */
  maxResends?: number;
  /** Floor of the resend timeout; the timeout is max(this, SRTT + 4 × RTTVAR) as RFC 6298's RTO. */
  minResendMs?: number;
  pingIntervalMs?: number;
  timeoutMs?: number;
  /** Packets in flight unacked before the oldest is reported lost (memory bound). */
  maxPendingReliable?: number;
}

export interface CircuitStats {
  packetsIn: number;
  packetsOut: number;
  bytesIn: number;
  bytesOut: number;
  reliableOut: number;
  resends: number;
  duplicatesIn: number;
  acksSent: number;
  acksReceived: number;
  reliableLost: number;
  decodeErrors: number;
  pingsSent: number;
}

export interface SendOptions {
  reliable?: boolean;
}

const ACK_SCRATCH_SIZE = 255;
/** RFC 6298's gains for SRTT and RTTVAR. */
const RTT_ALPHA = 1 / 8;
const RTT_BETA = 1 / 4;

/**
 * One LLUDP circuit, either side: sequence numbers, reliable delivery (resend
 * with the RESENT flag until acked, then report lost), duplicate detection,
 * acks (PacketAck and appended), ping and RTT, optional in-order delivery and
 * a timeout. It owns no timers or sockets: the owner feeds it datagrams with
 * `receive` and calls `tick` every few tens of milliseconds.
 */
export class Circuit {
  readonly decoder: PacketDecoder;
  readonly encoder: PacketEncoder;
  readonly stats: CircuitStats = {
    packetsIn: 0, packetsOut: 0, bytesIn: 0, bytesOut: 0, reliableOut: 0, resends: 0, duplicatesIn: 0,
    acksSent: 0, acksReceived: 0, reliableLost: 0, decodeErrors: 0, pingsSent: 0,
  };
  /**
   * Round trip from pings, as RFC 6298 estimates it for TCP: `rttMs` is SRTT, `rttVarMs`
   * RTTVAR, `lastRttMs` the latest sample (what SL viewers show as "Ping Sim"); all NaN
   * until the first answer. A ping goes out every 5 s, so SRTT averages over half a
   * minute or more: one slow sample raises the resend timeout for a while, as it
   * should, and the latest sample shows the path as it is now.
   */
  rttMs = Number.NaN;
  rttVarMs = Number.NaN;
  lastRttMs = Number.NaN;
  /** Ping answers measured. */
  rttSamples = 0;
  closed = false;
  listener: CircuitListener;

  private readonly sendDatagram: (bytes: Uint8Array, length: number) => void;
  private readonly now: () => number;
  private readonly settings: CircuitNetworkSettings;
  private readonly seen = new SequenceWindow();
  private readonly owedAcks = new AckQueue();
  private readonly resendQueue: ResendQueue;
  private readonly reorder = new ReorderBuffer();
  private readonly ackScratch = new Uint32Array(ACK_SCRATCH_SIZE);
  private readonly ackObjects: { ID: number }[] = [];
  private readonly maxResends: number;
  private readonly minResendMs: number;
  private readonly pingIntervalMs: number;
  private readonly timeoutMs: number;
  private readonly maxPendingReliable: number;
  private nextSequence = 1;
  private lastReceiveAt: number;
  private lastPingAt: number;
  private pingId = 0;
  private pingSentAt = new Float64Array(256);
  private readonly deliverBound = (bytes: Uint8Array, length: number) => this.deliver(bytes, length);
  private readonly resendBound = (entry: PendingReliable) => this.resend(entry);
  private readonly lostBound = (entry: PendingReliable) => this.reportLost(entry);

  constructor(options: CircuitOptions) {
    this.sendDatagram = options.send;
    this.settings = options.settings;
    this.listener = options.listener ?? {};
    const registry = options.registry ?? defaultRegistry;
    this.decoder = new PacketDecoder(registry);
    this.encoder = new PacketEncoder(registry);
    this.now = options.now ?? (() => performance.now());
    this.maxResends = options.maxResends ?? 3;
    this.minResendMs = options.minResendMs ?? 1000;
    this.pingIntervalMs = options.pingIntervalMs ?? 5000;
    this.timeoutMs = options.timeoutMs ?? 100_000;
    this.maxPendingReliable = options.maxPendingReliable ?? 4096;
    this.resendQueue = new ResendQueue(this.maxPendingReliable);
    this.lastReceiveAt = this.now();
    this.lastPingAt = this.lastReceiveAt;
    this.pingSentAt.fill(Number.NaN);
  }

  /** Reliable packets sent and not yet acked. */
  get pendingReliable(): number {
    return this.resendQueue.size;
  }

  /** Acks owed and not yet sent. */
  get pendingAcks(): number {
    return this.owedAcks.length;
  }

  /** Packets held by the reorder window. */
  get heldOutOfOrder(): number {
    return this.reorder.held;
  }

  /** The resend timeout now in force: RFC 6298's RTO, SRTT + 4 × RTTVAR, never under minResendMs. */
  get resendTimeoutMs(): number {
    return this.rttSamples === 0 ? this.minResendMs : Math.max(this.minResendMs, this.rttMs + 4 * this.rttVarMs);
  }

  /** Encodes and sends a message; returns its sequence number. Throws EncodeError on bad values. */
  send(message: string | MessageInfo, value: Readonly<Record<string, unknown>>, options: SendOptions = {}): number {
    if (this.closed) throw new Error('circuit is closed');
    const sequence = this.nextSequence;
    this.nextSequence = (this.nextSequence + 1) % SEQUENCE_WRAP || 1;
    const reliable = options.reliable === true;
    const encoder = this.encoder;
    let length = encoder.encode(message, value, { sequence, reliable });
    const now = this.now();
    if (reliable) {
      if (this.resendQueue.size >= this.maxPendingReliable) this.dropOldestPending();
      this.resendQueue.add(sequence, encoder.bytes, length, typeof message === 'string' ? message : message.name, now, this.lostBound);
      this.stats.reliableOut++;
    }
    const name = typeof message === 'string' ? message : message.name;
    if (this.settings.appendedAcks && this.owedAcks.length > 0 && name !== 'PacketAck') {
      const room = Math.min(MAX_APPENDED_ACKS, Math.floor((MTU - length - 1) / 4));
      if (room > 0) {
        const n = this.owedAcks.take(this.ackScratch, room, now);
        length = encoder.appendAcks(this.ackScratch, n);
        this.stats.acksSent += n;
      }
    }
    this.transmit(encoder.bytes, length);
    return sequence;
  }

  /** Feeds one received datagram. */
  receive(datagram: Uint8Array, length: number = datagram.length): void {
    if (this.closed) return;
    const now = this.now();
    this.lastReceiveAt = now;
    this.stats.packetsIn++;
    this.stats.bytesIn += length;
    const decoder = this.decoder;
    const ok = decoder.decode(datagram, length);
    if (!ok && decoder.status === DecodeStatus.BadHeader) {
      this.stats.decodeErrors++;
      this.listener.decodeError?.(decoder.error, this);
      return;
    }
    if (decoder.status !== DecodeStatus.BadAcks) {
      for (let i = 0; i < decoder.ackCount; i++) this.handleAck(decoder.acks[i]!);
    }
    const sequence = decoder.sequence;
    const reliable = decoder.reliable;
    if (reliable) this.oweAck(sequence, now);
    if (this.seen.record(sequence)) {
      this.stats.duplicatesIn++;
      return;
    }
    if (!ok) {
      this.stats.decodeErrors++;
      this.listener.decodeError?.(decoder.error, this);
      return;
    }
    // Acks and pings act on arrival: a reorder window holds only what the listener sees,
    // and a ping answer timed after the hold would read as a longer round trip.
    this.control(now);
    if (this.settings.reorderWindowMs > 0 && this.reorder.accept(sequence) === 'hold') {
      this.reorder.hold(sequence, datagram, length, now, this.deliverBound);
      return;
    }
    this.listener.message?.(decoder, this);
    if (this.reorder.held > 0) this.reorder.releaseReady(this.deliverBound);
  }

  /** Timers: ack flush, resends, reorder release, ping, timeout. Call every 10–50 ms. */
  tick(): void {
    if (this.closed) return;
    const now = this.now();
    if (this.owedAcks.length > 0 && (now - this.owedAcks.oldestAt >= this.settings.ackCollectionMs || this.owedAcks.length >= MAX_APPENDED_ACKS)) {
      this.flushAcks();
    }
    this.resendQueue.service(now, this.resendTimeoutMs, this.maxResends, this.resendBound, this.lostBound);
    if (this.settings.reorderWindowMs > 0 || this.reorder.held > 0) {
      this.reorder.service(now, this.settings.reorderWindowMs, this.deliverBound);
    }
    if (now - this.lastPingAt >= this.pingIntervalMs) this.sendPing(now);
    if (now - this.lastReceiveAt >= this.timeoutMs) {
      this.listener.timeout?.(this);
      this.lastReceiveAt = now;
    }
  }

  /** Sends every owed ack now as PacketAck messages (at most 250 ids each). */
  flushAcks(): void {
    const now = this.now();
    while (this.owedAcks.length > 0) {
      const n = this.owedAcks.take(this.ackScratch, MAX_APPENDED_ACKS, now);
      const packets = this.ackObjects;
      while (packets.length < n) packets.push({ ID: 0 });
      for (let i = 0; i < n; i++) packets[i]!.ID = this.ackScratch[i]!;
      packets.length = n;
      this.send('PacketAck', { Packets: packets });
      this.stats.acksSent += n;
    }
  }

  /** Sends a StartPingCheck now (also done every ping interval by `tick`). */
  sendPing(now: number = this.now()): void {
    this.lastPingAt = now;
    this.pingId = (this.pingId + 1) & 0xff;
    this.pingSentAt[this.pingId] = now;
    this.stats.pingsSent++;
    this.send('StartPingCheck', { PingID: { PingID: this.pingId, OldestUnacked: this.resendQueue.oldest() } });
  }

  /**
   * Stops resending reliable packet `sequence` without reporting it lost: for a message
   * the other side may rightly never acknowledge (OpenSimulator closes the circuit on
   * LogoutRequest without acking it). Returns whether it was still pending.
   */
  abandon(sequence: number): boolean {
    return this.resendQueue.ack(sequence);
  }

  /** Stops the circuit; pending reliable packets are reported lost. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.resendQueue.clear(this.lostBound);
    this.owedAcks.clear();
    this.reorder.reset();
  }

  private transmit(bytes: Uint8Array, length: number): void {
    this.stats.packetsOut++;
    this.stats.bytesOut += length;
    this.sendDatagram(bytes, length);
  }

  private oweAck(sequence: number, now: number): void {
    if (!this.owedAcks.push(sequence, now)) {
      this.flushAcks();
      this.owedAcks.push(sequence, now);
    }
  }

  private handleAck(sequence: number): void {
    if (this.resendQueue.ack(sequence)) {
      this.stats.acksReceived++;
      this.listener.acked?.(sequence, this);
    }
  }

  /** Delivers a packet the reorder window held (it decoded and was acted on once already). */
  private deliver(bytes: Uint8Array, length: number): void {
    if (this.decoder.decode(bytes, length)) this.listener.message?.(this.decoder, this);
  }

  /** Circuit-level messages (acks, pings), handled once, when the packet arrives at `now`. */
  private control(now: number): void {
    const decoder = this.decoder;
    const index = decoder.message!.index;
    if (index === MessageIndex.PacketAck) {
      const acks = readerAs(decoder, 'PacketAck')!.Packets;
      for (let i = 0; i < acks.count; i++) this.handleAck(acks.ID(i));
    } else if (index === MessageIndex.StartPingCheck) {
      // Answering uses the encoder only, so the decoder stays valid for the listener.
      this.send('CompletePingCheck', { PingID: { PingID: readerAs(decoder, 'StartPingCheck')!.PingID.PingID() } });
    } else if (index === MessageIndex.CompletePingCheck) {
      const pingId = readerAs(decoder, 'CompletePingCheck')!.PingID.PingID();
      const sentAt = this.pingSentAt[pingId]!;
      if (!Number.isNaN(sentAt)) {
        this.pingSentAt[pingId] = Number.NaN;
        this.sampleRtt(now - sentAt);
      }
    }
  }

  /** RFC 6298 §2: the first sample R sets SRTT = R, RTTVAR = R/2; later ones move them by β = 1/4 and α = 1/8. */
  private sampleRtt(sample: number): void {
    this.lastRttMs = sample;
    if (this.rttSamples++ === 0) {
      this.rttMs = sample;
      this.rttVarMs = sample / 2;
      return;
    }
    this.rttVarMs += RTT_BETA * (Math.abs(this.rttMs - sample) - this.rttVarMs);
    this.rttMs += RTT_ALPHA * (sample - this.rttMs);
  }

  private resend(entry: PendingReliable): void {
    this.stats.resends++;
    this.transmit(entry.bytes, entry.length);
  }

  private reportLost(entry: PendingReliable): void {
    this.stats.reliableLost++;
    this.listener.lost?.(entry.sequence, entry.messageName, this);
  }

  private dropOldestPending(): void {
    this.resendQueue.dropOldest(this.lostBound);
  }
}
