/**
 * `slv bench net`: datagrams per second through the whole receive path
 * (UDP socket → Circuit → MessageBus → a subscriber reading one field) and
 * acks handled per second, on loopback, each beside a raw `dgram` receiver of
 * the same datagrams in the same run: the socket itself is the physical limit,
 * so the ratio says what the circuit and bus cost on top of it.
 *
 * A worker thread sends the datagrams as fast as it can; whichever receiver is
 * running counts what it manages to take. Samples alternate raw / full.
 */
import { createSocket, type Socket } from 'node:dgram';
import { Worker } from 'node:worker_threads';
import { Circuit, MessageBus } from '@slv/net';
import { createPacketEncoder, type PacketDecoder } from '@slv/protocol';
import { median, suiteReport, type SuiteCaseResult, type SuiteReport } from './harness.ts';

export interface NetSuiteOptions {
  quick?: boolean;
  samples?: number;
  /** Datagrams each sample sends. */
  datagramsPerSample?: number;
  /** The sim->client datagrams to send; the suite's caller provides the embedded simulator's output. */
  datagrams: readonly Uint8Array[];
  /** Where the datagrams come from, for the report. */
  source: string;
  log?: (line: string) => void;
}

const SENDER = `
const { workerData, parentPort } = require('node:worker_threads');
const dgram = require('node:dgram');
const socket = dgram.createSocket('udp4');
const { port, datagrams, count } = workerData;
const buffers = datagrams.map((d) => Buffer.from(d));
let sent = 0;
function burst() {
  for (let i = 0; i < 64 && sent < count; i++, sent++) {
    // A fresh sequence number on every datagram, as a live simulator sends them (else the circuit drops repeats).
    const b = Buffer.from(buffers[sent % buffers.length]);
    b.writeUInt32BE((sent + 1) % 0x1000000, 1);
    socket.send(b, port, '127.0.0.1');
  }
  if (sent < count) setImmediate(burst); else setTimeout(() => { socket.close(); parentPort.postMessage(sent); }, 50);
}
burst();
`;

async function bindReceiver(): Promise<Socket> {
  const socket = createSocket({ type: 'udp4', recvBufferSize: 8 << 20 });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return socket;
}

/** Sends `count` datagrams at `port` from a worker; resolves when the sender is done. */
function blast(port: number, datagrams: readonly Uint8Array[], count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(SENDER, { eval: true, workerData: { port, datagrams: datagrams.map((d) => d.slice()), count } });
    worker.once('message', () => { void worker.terminate(); resolve(); });
    worker.once('error', reject);
  });
}

interface Sample { received: number; seconds: number; work: number }

async function measure(datagrams: readonly Uint8Array[], count: number, attach: (socket: Socket) => () => number): Promise<Sample> {
  const socket = await bindReceiver();
  let first = 0;
  let last = 0;
  let received = 0;
  const work = attach(socket);
  socket.on('message', () => {
    const now = performance.now();
    if (received === 0) first = now;
    last = now;
    received++;
  });
  await blast(socket.address().port, datagrams, count);
  await new Promise((resolve) => setTimeout(resolve, 30));
  socket.close();
  return { received, seconds: Math.max(1e-6, (last - first) / 1000), work: work() };
}

const SETTINGS = { ackCollectionMs: 100, appendedAcks: true, reorderWindowMs: 0 };

/** Socket → Circuit → MessageBus → a subscriber that reads one field of every message. */
function fullPath(socket: Socket): () => number {
  const bus = new MessageBus();
  let fieldSum = 0;
  bus.onAny((decoder: PacketDecoder) => { fieldSum += decoder.sequence & 1; });
  bus.on('ObjectUpdate', (r) => { fieldSum += r.ObjectData.count > 0 ? r.ObjectData.ID(0) & 1 : 0; });
  const circuit = new Circuit({ send: () => {}, settings: SETTINGS, listener: { message: (decoder) => bus.dispatch(decoder, { label: 'bench' }) } });
  socket.on('message', (message) => circuit.receive(message, message.length));
  return () => fieldSum + circuit.stats.packetsIn;
}

function rawPath(socket: Socket): () => number {
  let bytes = 0;
  socket.on('message', (message) => { bytes += message.length; });
  return () => bytes;
}

/** PacketAck datagrams acking `ids` reliable packets, 250 per datagram, sequence numbers fresh. */
function packetAcks(ids: number): Uint8Array[] {
  const encoder = createPacketEncoder();
  const out: Uint8Array[] = [];
  for (let first = 1, seq = 1; first <= ids; first += 250, seq++) {
    const packets = [];
    for (let id = first; id < first + 250 && id <= ids; id++) packets.push({ ID: id });
    encoder.encode('PacketAck', { Packets: packets }, { sequence: seq });
    out.push(encoder.copy());
  }
  return out;
}

/** A circuit with `ids` reliable packets in flight, receiving the acks for them. */
function ackPath(ids: number): (socket: Socket) => () => number {
  return (socket) => {
    const circuit = new Circuit({ send: () => {}, settings: { ...SETTINGS, appendedAcks: false }, maxPendingReliable: ids + 1 });
    const value = { AgentData: { AgentID: '11111111-2222-3333-4444-555555555555', SessionID: '11111111-2222-3333-4444-555555555555' }, ChatData: { Message: 'x', Type: 1, Channel: 0 } };
    for (let i = 0; i < ids; i++) circuit.send('ChatFromViewer', value, { reliable: true });
    socket.on('message', (message) => circuit.receive(message, message.length));
    return () => circuit.stats.acksReceived;
  };
}

function pair(
  name: string, unit: string, full: Sample[], raw: Sample[], perSample: (s: Sample) => number,
  baseline = 'raw dgram receive of the same datagrams', baselineScale = 1,
): SuiteCaseResult {
  const ours = full.map((s) => perSample(s) / s.seconds);
  const base = raw.map((s) => (s.received * baselineScale) / s.seconds);
  const m = median(ours);
  const b = median(base);
  return {
    name, unit, median: m, baseline, baselineMedian: b, ratio: m / b,
    min: Math.min(...ours), max: Math.max(...ours), baselineMin: Math.min(...base), baselineMax: Math.max(...base), samples: ours.length,
  };
}

export async function runNetSuite(options: NetSuiteOptions): Promise<SuiteReport> {
  const log = options.log ?? (() => {});
  const samples = options.samples ?? (options.quick ? 3 : 9);
  const count = options.datagramsPerSample ?? (options.quick ? 20_000 : 200_000);
  const full: Sample[] = [];
  const raw: Sample[] = [];
  log(`  receive path: ${samples} × ${count} datagrams from ${options.source}…`);
  for (let i = 0; i < samples; i++) {
    raw.push(await measure(options.datagrams, count, rawPath));
    full.push(await measure(options.datagrams, count, fullPath));
  }
  const ackIds = options.quick ? 25_000 : 250_000;
  const acks = packetAcks(ackIds);
  const ackFull: Sample[] = [];
  const ackRaw: Sample[] = [];
  log(`  acks: ${samples} × ${ackIds} acked packets in ${acks.length} PacketAck datagrams…`);
  for (let i = 0; i < samples; i++) {
    ackRaw.push(await measure(acks, acks.length, rawPath));
    ackFull.push(await measure(acks, acks.length, ackPath(ackIds)));
  }
  const lossFull = full.map((s) => 1 - s.received / count);
  log(`  full path took ${(100 * (1 - median(lossFull))).toFixed(0)}% of the datagrams sent (the rest overflowed the socket)`);
  return suiteReport('net', [
    pair(`receive path: socket → circuit → bus → subscriber (${options.source})`, 'datagrams/s', full, raw, (s) => s.received),
    pair('acks handled (PacketAck, 250 per datagram)', 'acks/s', ackFull, ackRaw, (s) => s.work,
      'raw dgram receive of the same PacketAck datagrams × 250', 250),
  ]);
}
