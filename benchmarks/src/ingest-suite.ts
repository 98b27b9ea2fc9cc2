/**
 * `slv bench ingest`: world ingestion (@slv/world) against node-metaverse
 * 0.8.16's own decode and object store, on the same real packets, in the same
 * run, and against a plain typed-array write of the same fields (the physical
 * limit: no decode, no lookup). Each side does everything from the datagram:
 * header, zero-decoding, message decode, then the object store or the
 * components. Rates are objects (ObjectData blocks) per second.
 *
 * Also measured: objects entering and leaving (create + kill), entity
 * creation (a recycled object entity against the engine's spawnEntity), the
 * memory held per object with 100 000 objects ingested, and the allocation
 * check of steady-state ingestion.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { PerformanceSettingsResource } from '@slv/config';
import { addRegion, createEngineWorld, createResources, createScheduler, despawnEntity, runFrame, spawnEntity } from '@slv/core';
import type { EngineWorld } from '@slv/core';
import { MessageBus } from '@slv/net';
import { createPacketDecoder, createPacketEncoder, encodeMessage, readMessageObject, readerAs } from '@slv/protocol';
import type { MessageInput, PacketDecoder } from '@slv/protocol';
import { componentBytesPerEntity, createObjectEntity, createWorldIngestion, killObject } from '@slv/world';
import type { WorldIngestion } from '@slv/world';
import { describeUnavailable, loadFixturePackets, type FixturePacketOptions } from './fixture-packets.ts';
import {
  measureAllocations, runPair, suiteReport, type BenchCase, type PairResult, type RunOptions, type SuiteCaseResult, type SuiteReport,
} from './harness.ts';
import { createNodeMetaverseObjectStore } from './peers/node-metaverse-objects.ts';
import type { NodeMetaverseObjectStore } from './peers/node-metaverse-objects.ts';

export interface IngestSuiteOptions extends RunOptions, FixturePacketOptions {
  /** Calls in the allocation check (default 1,000,000; each ingests one datagram). */
  readonly allocationIterations?: number;
  /** Objects ingested for the memory comparison (default 100,000; 10,000 with quick). */
  readonly memoryObjects?: number;
  readonly log?: (line: string) => void;
}

/** Our side: an engine world with ingestion on a bus, as a viewer wires it; frames run by the caller. */
interface OurWorld {
  readonly ingestion: WorldIngestion;
  readonly world: EngineWorld;
  dispatch(datagram: Uint8Array): void;
  frame(): void;
  readonly errors: string[];
}

function createOurWorld(capacity: number): OurWorld {
  const settings = new PerformanceSettingsResource({
    profile: 'Custom',
    base: 'High',
    // No creation budget in the way: the benchmark measures the work, not its spreading over frames.
    overrides: { world: { entityCapacity: capacity, entityCreationBudgetPerFrame: 100_000 } },
  });
  const world = createEngineWorld({ capacity });
  const bus = new MessageBus();
  const resources = createResources({ settings, bus });
  const scheduler = createScheduler(world, resources);
  const errors: string[] = [];
  const { ingestion } = createWorldIngestion(scheduler, bus, { onError: (e) => errors.push(e.message), requestObjects: () => {} });
  const decoder = createPacketDecoder();
  const source = { label: 'bench' };
  return {
    ingestion,
    world,
    errors,
    dispatch(datagram) {
      if (!decoder.decode(datagram)) throw new Error(`ingest bench: a datagram does not decode: ${decoder.error}`);
      bus.dispatch(decoder, source);
    },
    frame() {
      runFrame(scheduler, performance.now());
    },
  };
}

/** Object blocks in each datagram, counted with our decoder. */
function blockCounts(decoder: PacketDecoder, datagrams: readonly Uint8Array[]): number[] {
  return datagrams.map((d) => {
    if (!decoder.decode(d)) throw new Error(`ingest bench: a datagram does not decode: ${decoder.error}`);
    return decoder.reader!.blocks[decoder.reader!.blocks.length - 1]!.count;
  });
}

/** A case whose operation is one object: datagrams are ingested in turn until `iterations` objects were. */
function objectCase(name: string, datagrams: readonly Uint8Array[], blocks: readonly number[], ingest: (datagram: Uint8Array) => number): BenchCase {
  return {
    name,
    unit: 'obj/s',
    run(iterations) {
      let sum = 0;
      let k = 0;
      for (let done = 0; done < iterations; ) {
        sum += ingest(datagrams[k]!);
        done += blocks[k]!;
        if (++k === datagrams.length) k = 0;
      }
      return sum;
    },
  };
}

function ourCase(name: string, world: OurWorld, datagrams: readonly Uint8Array[], blocks: readonly number[]): BenchCase {
  let calls = 0;
  return objectCase(`ours: ${name}`, datagrams, blocks, (d) => {
    world.dispatch(d);
    // A frame now and then, as a viewer would run them between packets.
    if ((++calls & 63) === 0) world.frame();
    return world.ingestion.objectCount & 1;
  });
}

function peerCase(name: string, peer: NodeMetaverseObjectStore, datagrams: readonly Uint8Array[], blocks: readonly number[]): BenchCase {
  // node-metaverse is handed Buffers, as dgram would give it.
  const buffers = datagrams.map((d) => Buffer.from(d));
  return objectCase(`node-metaverse: ${name}`, buffers, blocks, (d) => peer.ingest(d).sequenceNumber & 1);
}

// ---- the physical limit: the same fields copied into typed arrays, from offsets found beforehand ----

/** Per-object offsets into the decoded bodies, found once with our decoder, and the output arrays. */
interface LimitPlan {
  readonly bodies: Uint8Array[];
  readonly views: DataView[];
  /** For each block: body index and the offsets its kind of message needs. */
  readonly rows: Int32Array;
  readonly stride: number;
  readonly count: number;
}

const LIMIT_SLOTS = 256;
const numbersOut = new Float64Array(LIMIT_SLOTS * 64);
const bytesOut = new Uint8Array(LIMIT_SLOTS * 1024);

function decodedBodies(decoder: PacketDecoder, datagrams: readonly Uint8Array[]): { bodies: Uint8Array[]; views: DataView[] } {
  const bodies: Uint8Array[] = [];
  for (const d of datagrams) {
    decoder.decode(d);
    bodies.push(decoder.bytes.slice(0, decoder.bodyEnd));
  }
  return { bodies, views: bodies.map((b) => new DataView(b.buffer)) };
}

function copyBytes(src: Uint8Array, from: number, length: number, slot: number): void {
  const n = length < 1024 ? length : 1024;
  const at = slot * 1024;
  for (let k = 0; k < n; k++) bytesOut[at + k] = src[from + k]!;
}

function fullLimitPlan(decoder: PacketDecoder, datagrams: readonly Uint8Array[]): LimitPlan {
  const { bodies, views } = decodedBodies(decoder, datagrams);
  const rows: number[] = [];
  datagrams.forEach((d, b) => {
    decoder.decode(d);
    const o = readerAs(decoder, 'ObjectUpdate')!.ObjectData;
    for (let i = 0; i < o.count; i++) {
      rows.push(b, o.segmentStarts[i * 10]!, o.segmentStarts[i * 10 + 1]!, o.ObjectDataOffset(i), o.ObjectDataLength(i),
        o.TextureEntryOffset(i), o.TextureEntryLength(i), o.ExtraParamsOffset(i), o.ExtraParamsLength(i));
    }
  });
  return { bodies, views, rows: Int32Array.from(rows), stride: 9, count: rows.length / 9 };
}

/** ID, State, CRC, PCode, Material, ClickAction, Scale, the motion floats, ParentID, UpdateFlags, 18 shape fields, TE and ExtraParams bytes. */
function fullLimit(plan: LimitPlan, slot: number, r: number): void {
  const row = r * plan.stride;
  const body = plan.bodies[plan.rows[row]!]!;
  const v = plan.views[plan.rows[row]!]!;
  const o0 = plan.rows[row + 1]!;
  const o1 = plan.rows[row + 2]!;
  const out = slot * 64;
  numbersOut[out] = v.getUint32(o0, true);
  numbersOut[out + 1] = body[o0 + 4]!;
  numbersOut[out + 2] = v.getUint32(o0 + 21, true);
  numbersOut[out + 3] = body[o0 + 25]!;
  numbersOut[out + 4] = body[o0 + 26]!;
  numbersOut[out + 5] = body[o0 + 27]!;
  for (let k = 0; k < 3; k++) numbersOut[out + 6 + k] = v.getFloat32(o0 + 28 + 4 * k, true);
  const motion = plan.rows[row + 3]! + (plan.rows[row + 4]! === 76 ? 16 : 0);
  for (let k = 0; k < 15; k++) numbersOut[out + 9 + k] = v.getFloat32(motion + 4 * k, true);
  numbersOut[out + 24] = v.getUint32(o1, true);
  numbersOut[out + 25] = v.getUint32(o1 + 4, true);
  numbersOut[out + 26] = body[o1 + 8]!;
  numbersOut[out + 27] = body[o1 + 9]!;
  numbersOut[out + 28] = v.getUint16(o1 + 10, true) * 0.00002;
  numbersOut[out + 29] = (50000 - v.getUint16(o1 + 12, true)) * 0.00002;
  for (let k = 0; k < 11; k++) numbersOut[out + 30 + k] = v.getInt8(o1 + 14 + k) * 0.01;
  numbersOut[out + 41] = v.getUint16(o1 + 25, true) * 0.00002;
  numbersOut[out + 42] = v.getUint16(o1 + 27, true) * 0.00002;
  numbersOut[out + 43] = v.getUint16(o1 + 29, true) * 0.00002;
  copyBytes(body, plan.rows[row + 5]!, plan.rows[row + 6]!, slot);
  copyBytes(body, plan.rows[row + 7]!, plan.rows[row + 8]!, (slot + 1) % LIMIT_SLOTS);
}

function terseLimitPlan(decoder: PacketDecoder, datagrams: readonly Uint8Array[]): LimitPlan {
  const { bodies, views } = decodedBodies(decoder, datagrams);
  const rows: number[] = [];
  datagrams.forEach((d, b) => {
    decoder.decode(d);
    const o = readerAs(decoder, 'ImprovedTerseObjectUpdate')!.ObjectData;
    for (let i = 0; i < o.count; i++) rows.push(b, o.DataOffset(i), o.DataLength(i));
  });
  return { bodies, views, rows: Int32Array.from(rows), stride: 3, count: rows.length / 3 };
}

/** LocalID, State, position, and the 13 quantized components turned into floats. */
function terseLimit(plan: LimitPlan, slot: number, r: number): void {
  const row = r * plan.stride;
  const body = plan.bodies[plan.rows[row]!]!;
  const v = plan.views[plan.rows[row]!]!;
  const o = plan.rows[row + 1]!;
  const out = slot * 64;
  numbersOut[out] = v.getUint32(o, true);
  numbersOut[out + 1] = body[o + 4]!;
  const at = o + 6 + (plan.rows[row + 2]! === 60 ? 16 : 0);
  for (let k = 0; k < 3; k++) numbersOut[out + 2 + k] = v.getFloat32(at + 4 * k, true);
  for (let k = 0; k < 13; k++) numbersOut[out + 5 + k] = (v.getUint16(at + 12 + 2 * k, true) / 65535) * 256 - 128;
}

function compressedLimitPlan(decoder: PacketDecoder, datagrams: readonly Uint8Array[]): LimitPlan {
  const { bodies, views } = decodedBodies(decoder, datagrams);
  const rows: number[] = [];
  datagrams.forEach((d, b) => {
    decoder.decode(d);
    const o = readerAs(decoder, 'ObjectUpdateCompressed')!.ObjectData;
    for (let i = 0; i < o.count; i++) rows.push(b, o.DataOffset(i), o.DataLength(i));
  });
  return { bodies, views, rows: Int32Array.from(rows), stride: 3, count: rows.length / 3 };
}

/** The fixed header's numbers (ids, CRC, scale, position, rotation, flags) and the rest of the blob copied. */
function compressedLimit(plan: LimitPlan, slot: number, r: number): void {
  const row = r * plan.stride;
  const body = plan.bodies[plan.rows[row]!]!;
  const v = plan.views[plan.rows[row]!]!;
  const o = plan.rows[row + 1]!;
  const out = slot * 64;
  numbersOut[out] = v.getUint32(o + 16, true);
  numbersOut[out + 1] = body[o + 20]!;
  numbersOut[out + 2] = body[o + 21]!;
  numbersOut[out + 3] = v.getUint32(o + 22, true);
  numbersOut[out + 4] = body[o + 26]!;
  numbersOut[out + 5] = body[o + 27]!;
  for (let k = 0; k < 9; k++) numbersOut[out + 6 + k] = v.getFloat32(o + 28 + 4 * k, true);
  numbersOut[out + 15] = v.getUint32(o + 64, true);
  copyBytes(body, o + 84, plan.rows[row + 2]! - 84, slot);
}

function limitCase(name: string, plan: LimitPlan, write: (plan: LimitPlan, slot: number, row: number) => void): BenchCase {
  return {
    name: `typed-array write: ${name}`,
    unit: 'obj/s',
    run(iterations) {
      let r = 0;
      for (let i = 0; i < iterations; i++) {
        write(plan, i & (LIMIT_SLOTS - 2), r);
        if (++r === plan.count) r = 0;
      }
      return numbersOut[iterations & 63]!;
    },
  };
}

// ---- derived packets: real objects under new local ids ----

const encoder = createPacketEncoder();

/** An ObjectUpdate datagram holding `objects` (real blocks with their ids changed). */
function encodeObjectUpdate(message: MessageInput<'ObjectUpdate'>): Uint8Array {
  const length = encodeMessage(encoder, 'ObjectUpdate', message, { sequence: 1 });
  return encoder.bytes.slice(0, length);
}

function uuidOf(n: number): string {
  const hex = (n >>> 0).toString(16).padStart(8, '0');
  return `${hex}-5bd1-4c6e-9a1e-${hex}abcd`;
}

/** ObjectUpdate datagrams creating the objects a terse packet names, at the SL region handle. */
function objectsFor(decoder: PacketDecoder, template: Uint8Array, handle: bigint, localIds: readonly number[]): Uint8Array {
  decoder.decode(template);
  const message = readMessageObject(decoder.reader!) as unknown as MessageInput<'ObjectUpdate'>;
  const block = (message.ObjectData as Record<string, unknown>[])[0]!;
  return encodeObjectUpdate({
    RegionData: { RegionHandle: handle, TimeDilation: 65535 },
    ObjectData: localIds.map((ID) => ({ ...block, ID, FullID: uuidOf(ID), ParentID: 0 })) as MessageInput<'ObjectUpdate'>['ObjectData'],
  });
}

/**
 * Copies of an ObjectUpdateCompressed datagram (unencoded, so bytes can be
 * patched in place) whose blobs get the local ids first, first+1, ….
 */
function compressedCopies(decoder: PacketDecoder, template: Uint8Array, first: number, copies: number): Uint8Array[] {
  decoder.decode(template);
  const blocks = readerAs(decoder, 'ObjectUpdateCompressed')!.ObjectData;
  const shift = template.length - decoder.bodyEnd;
  if (decoder.zerocoded || shift !== 0) throw new Error('ingest bench: the compressed template must be unencoded, without appended acks');
  const offsets = Array.from({ length: blocks.count }, (_, i) => blocks.DataOffset(i));
  const out: Uint8Array[] = [];
  let id = first;
  for (let c = 0; c < copies; c++) {
    const d = template.slice();
    const view = new DataView(d.buffer);
    for (const at of offsets) {
      view.setUint32(at, id, true);
      view.setUint32(at + 12, 0x5bd14c6e, true);
      view.setUint32(at + 16, id, true);
      id++;
    }
    out.push(d);
  }
  return out;
}

function killDatagram(localIds: readonly number[]): Uint8Array {
  const length = encodeMessage(encoder, 'KillObject', { ObjectData: localIds.map((ID) => ({ ID })) }, { sequence: 1 });
  return encoder.bytes.slice(0, length);
}

// ---- memory ----

function collectGarbage(): void {
  let gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
  gc();
}

function memoryInUse(): number {
  collectGarbage();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/**
 * A memory row, as objects per MB (10^6 bytes) so that, like every other
 * row, higher is better and the ratio is ours / theirs. Measured once.
 */
function memoryRow(name: string, oursBytesPerObject: number, baseline: string, theirBytesPerObject: number): PairResult {
  const ours = 1e6 / oursBytesPerObject;
  const theirs = 1e6 / theirBytesPerObject;
  return {
    name, unit: 'obj/MB', median: ours, baseline, baselineMedian: theirs, ratio: ours / theirs,
    min: ours, max: ours, baselineMin: theirs, baselineMax: theirs, samples: 1,
  };
}

// ---- the suite ----

export async function runIngestSuite(options: IngestSuiteOptions = {}): Promise<SuiteReport> {
  const log = options.log ?? (() => {});
  const fixtures = loadFixturePackets(options);
  if (fixtures.unavailable.length > 0) log(describeUnavailable(fixtures));
  const decoder = createPacketDecoder();
  const results: SuiteCaseResult[] = [];
  const peers: NodeMetaverseObjectStore[] = [];
  const ours = createOurWorld(65536);
  const peer = createNodeMetaverseObjectStore();
  peers.push(peer);
  const both = (d: Uint8Array): void => {
    ours.dispatch(d);
    peer.ingest(Buffer.from(d));
  };

  try {
    const mix = fixtures.mix ?? [];
    const openSimUpdates = mix.filter((_, i) => fixtures.mixMessages![i] === 'ObjectUpdate');
    for (const d of mix) both(d);

    const pair = (name: string, datagrams: readonly Uint8Array[], plan: LimitPlan, write: (p: LimitPlan, s: number, r: number) => void): void => {
      const blocks = blockCounts(decoder, datagrams);
      const objects = blocks.reduce((a, b) => a + b, 0);
      const label = `${name} (${objects} object${objects === 1 ? '' : 's'} in ${datagrams.length} datagram${datagrams.length === 1 ? '' : 's'})`;
      log(`  ${label}…`);
      const mine = ourCase(label, ours, datagrams, blocks);
      results.push(runPair(mine, peerCase(label, peer, datagrams, blocks), options));
      results.push(runPair(mine, limitCase(label, plan, write), options));
    };

    if (openSimUpdates.length > 0) pair('ObjectUpdate, OpenSim login', openSimUpdates, fullLimitPlan(decoder, openSimUpdates), fullLimit);

    let slHandle = 0n;
    if (fixtures.terse12) {
      decoder.decode(fixtures.terse12);
      const terse = readerAs(decoder, 'ImprovedTerseObjectUpdate')!;
      slHandle = terse.RegionData.RegionHandle(0);
      const ids = Array.from({ length: terse.ObjectData.count }, (_, i) => terse.ObjectData.view.getUint32(terse.ObjectData.DataOffset(i), true));
      if (openSimUpdates.length > 0) both(objectsFor(decoder, openSimUpdates[openSimUpdates.length - 1]!, slHandle, ids));
      pair('ImprovedTerseObjectUpdate, Second Life', [fixtures.terse12], terseLimitPlan(decoder, [fixtures.terse12]), terseLimit);
    }
    if (fixtures.compressed) {
      both(fixtures.compressed);
      pair('ObjectUpdateCompressed, Second Life', [fixtures.compressed], compressedLimitPlan(decoder, [fixtures.compressed]), compressedLimit);

      // Objects entering and leaving: new objects (the real blobs under fresh local ids), then their KillObject.
      const entering = compressedCopies(decoder, fixtures.compressed, 1_000_000, 500);
      const leaving = entering.map((d) => {
        decoder.decode(d);
        const b = readerAs(decoder, 'ObjectUpdateCompressed')!.ObjectData;
        return killDatagram(Array.from({ length: b.count }, (_, i) => b.view.getUint32(b.DataOffset(i) + 16, true)));
      });
      const churn = entering.flatMap((d, k) => [d, leaving[k]!]);
      const churnBlocks = blockCounts(decoder, entering).flatMap((n) => [n, 0]);
      const label = `objects entering then leaving: ObjectUpdateCompressed + KillObject (${churnBlocks.reduce((a, b) => a + b, 0)} objects)`;
      log(`  ${label}…`);
      results.push(runPair(ourCase(label, ours, churn, churnBlocks), peerCase(label, peer, churn, churnBlocks), options));
    }

    log('  entity creation…');
    results.push(entityCreationRow(options));

    const memoryObjects = options.memoryObjects ?? (options.quick === true ? 10_000 : 100_000);
    if (fixtures.compressed) {
      log(`  memory with ${memoryObjects} objects…`);
      results.push(...memoryRows(decoder, fixtures.compressed, memoryObjects, log));
    }

    const steady = [...openSimUpdates, ...(fixtures.terse12 ? [fixtures.terse12] : []), ...(fixtures.compressed ? [fixtures.compressed] : [])];
    if (steady.length > 0 && results.length > 0) {
      const iterations = options.allocationIterations ?? 1_000_000;
      log(`  allocation check: ${iterations} datagrams of steady-state updates…`);
      let k = 0;
      const allocations = await measureAllocations(() => {
        ours.dispatch(steady[k++ % steady.length]!);
        if ((k & 63) === 0) ours.frame();
        return undefined;
      }, iterations);
      results[0] = { ...results[0]!, allocations };
    }
    if (ours.errors.length > 0) log(`  ingestion reported ${ours.errors.length} problems, first: ${ours.errors[0]}`);
  } finally {
    for (const p of peers) p.close();
  }
  return suiteReport('ingest', results);
}

/** An object entity from the ingestion's pool (create + kill) against the engine's spawnEntity + despawnEntity. */
function entityCreationRow(options: RunOptions): PairResult {
  const capacity = 1 << 16;
  const ours = createOurWorld(capacity);
  const region = addRegion(ours.world, 1000, 1000);
  const ing = ours.ingestion;
  const eids = new Int32Array(capacity);
  const pooled: BenchCase = {
    name: 'entity creation: object entity from the pool (keys, tags, links) + kill',
    unit: 'entity/s',
    run(iterations) {
      let sum = 0;
      for (let done = 0; done < iterations; ) {
        const n = Math.min(iterations - done, capacity);
        for (let k = 0; k < n; k++) eids[k] = createObjectEntity(ing, region, k + 1);
        for (let k = 0; k < n; k++) killObject(ing, eids[k]!);
        sum += eids[n - 1]!;
        done += n;
      }
      return sum;
    },
  };
  const spawnWorld = createOurWorld(capacity).world;
  const spawned: BenchCase = {
    name: 'engine spawnEntity + despawnEntity (bitecs 0.4, slots of the 19 world components zeroed)',
    unit: 'entity/s',
    run(iterations) {
      let sum = 0;
      for (let done = 0; done < iterations; ) {
        const n = Math.min(iterations - done, capacity);
        for (let k = 0; k < n; k++) eids[k] = spawnEntity(spawnWorld);
        for (let k = 0; k < n; k++) despawnEntity(spawnWorld, eids[k]!);
        sum += eids[n - 1]!;
        done += n;
      }
      return sum;
    },
  };
  return runPair(pooled, spawned, options);
}

/** Component bytes per entity and total memory per object, ours and node-metaverse's, for `count` objects. */
function memoryRows(decoder: PacketDecoder, template: Uint8Array, count: number, log: (line: string) => void): PairResult[] {
  const perDatagram = blockCounts(decoder, [template])[0]!;
  const datagrams = compressedCopies(decoder, template, 2_000_000, Math.ceil(count / perDatagram));
  const objects = datagrams.length * perDatagram;
  let capacity = 1024;
  while (capacity < objects) capacity *= 2;

  const oursBefore = memoryInUse();
  const ours = createOurWorld(capacity);
  for (let k = 0; k < datagrams.length; k++) {
    ours.dispatch(datagrams[k]!);
    if ((k & 255) === 0) ours.frame();
  }
  ours.frame();
  const oursAfter = memoryInUse();
  if (ours.ingestion.objectCount !== objects) throw new Error(`ingest bench: ${ours.ingestion.objectCount} of ${objects} objects ingested`);
  const componentBytes = componentBytesPerEntity(ours.ingestion.components);

  const theirsBefore = memoryInUse();
  const peer = createNodeMetaverseObjectStore();
  for (const d of datagrams) peer.ingest(Buffer.from(d));
  const theirsAfter = memoryInUse();
  const theirCount = peer.objectCount();
  peer.close();
  if (theirCount !== objects) throw new Error(`ingest bench: node-metaverse holds ${theirCount} of ${objects} objects`);
  const theirs = (theirsAfter - theirsBefore) / objects;
  const total = (oursAfter - oursBefore) / objects;
  if (!(theirs > 0 && total > 0)) {
    // Heap released by earlier cases outweighed what this one held: too few objects to measure.
    throw new Error(`ingest bench: memory of ${objects} objects drowned in heap noise (ours ${total.toFixed(0)} B, node-metaverse ${theirs.toFixed(0)} B per object); measure more objects`);
  }
  log(`    bytes per object: component stores ${componentBytes.toFixed(0)} per entity slot; everything (heap + typed arrays) ${total.toFixed(0)}; node-metaverse ${theirs.toFixed(0)}`);
  return [
    memoryRow('memory: objects per MB of component stores (bytes per entity slot)', componentBytes, 'node-metaverse: objects per MB of heap', theirs),
    memoryRow(`memory: objects per MB of heap + typed arrays after ingesting ${objects} objects, all tables included`, total,
      'node-metaverse: objects per MB of heap', theirs),
  ];
}
