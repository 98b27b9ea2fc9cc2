/**
 * `slv bench ingest`: world ingestion (@slv/world) against node-metaverse
 * 0.8.16's own decode and object store, on the same real packets, in the same
 * run, and against a plain typed-array write of the same fields (the physical
 * limit: no decode, no lookup). Each side does everything from the datagram:
 * header, zero-decoding, message decode, then the object store or the
 * components. Rates are objects (ObjectData blocks) per second.
 *
 * Also measured: objects entering and leaving (create + kill), entity
 * creation (a recycled object entity against the engine's spawnEntity), a
 * 15 000-object region entry frame by frame at the Balanced creation budget,
 * the memory held per object with 100 000 objects ingested, and the
 * allocation check of steady-state ingestion. The pieces live in ingest/.
 */
import { createPacketDecoder, readerAs } from '@slv/protocol';
import { describeUnavailable, loadFixturePackets, type FixturePacketOptions } from './fixture-packets.ts';
import { measureAllocations, runPair, suiteReport, type RunOptions, type SuiteCaseResult, type SuiteReport } from './harness.ts';
import { compressedCopies, killDatagram, objectsFor } from './ingest/derived-packets.ts';
import { entityCreationRow } from './ingest/entity-creation-row.ts';
import {
  compressedLimit, compressedLimitPlan, fullLimit, fullLimitPlan, limitCase, terseLimit, terseLimitPlan, type LimitPlan,
} from './ingest/limit-plans.ts';
import { memoryRows } from './ingest/memory-rows.ts';
import { blockCounts, createOurWorld, ourCase, peerCase } from './ingest/our-world.ts';
import { regionEntryRow } from './ingest/region-entry.ts';
import { createNodeMetaverseObjectStore } from './peers/node-metaverse-objects.ts';
import type { NodeMetaverseObjectStore } from './peers/node-metaverse-objects.ts';

export interface IngestSuiteOptions extends RunOptions, FixturePacketOptions {
  /** Calls in the allocation check (default 1,000,000; each ingests one datagram). */
  readonly allocationIterations?: number;
  /** Objects ingested for the memory comparison (default 100,000; 10,000 with quick). */
  readonly memoryObjects?: number;
  readonly log?: (line: string) => void;
}

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

    if (fixtures.compressed) {
      log('  region entry…');
      results.push(regionEntryRow(decoder, fixtures.compressed, log, options.quick === true ? 2 : 6));
    }

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
