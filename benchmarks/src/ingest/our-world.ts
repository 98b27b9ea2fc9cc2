/**
 * The two sides of the ingest suite's pairs: our engine world with ingestion
 * on a bus and the world systems in a scheduler, as a viewer wires it, and
 * node-metaverse's object store; and the case makers that feed either one
 * datagrams until a number of objects went in.
 */
import { PerformanceSettingsResource } from '@slv/config';
import { addSystems, createEngineWorld, createResources, createScheduler, runFrame } from '@slv/core';
import type { EngineWorld } from '@slv/core';
import { MessageBus } from '@slv/net';
import { createPacketDecoder } from '@slv/protocol';
import type { PacketDecoder } from '@slv/protocol';
import { WORLD_SYSTEMS, createWorldIngestion } from '@slv/world';
import type { WorldIngestion } from '@slv/world';
import type { BenchCase } from '../harness.ts';
import type { NodeMetaverseObjectStore } from '../peers/node-metaverse-objects.ts';

/** Our side: an engine world with ingestion on a bus, as a viewer wires it; frames run by the caller. */
export interface OurWorld {
  readonly ingestion: WorldIngestion;
  readonly world: EngineWorld;
  dispatch(datagram: Uint8Array): void;
  frame(): void;
  readonly errors: string[];
}

export function createOurWorld(capacity: number, budget = 100_000): OurWorld {
  const settings = new PerformanceSettingsResource({
    profile: 'Custom',
    base: 'High',
    // By default no creation budget in the way: most cases measure the work, not its spreading over frames.
    overrides: { world: { entityCapacity: capacity, entityCreationBudgetPerFrame: budget } },
  });
  const world = createEngineWorld({ capacity });
  const bus = new MessageBus();
  const errors: string[] = [];
  const { ingestion } = createWorldIngestion(world, settings.settings, { bus, onError: (e) => errors.push(e.message), requestObjects: () => {} });
  const resources = { ...createResources({ settings, bus }), ingestion };
  const scheduler = createScheduler(world, resources);
  addSystems(scheduler, WORLD_SYSTEMS);
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
export function blockCounts(decoder: PacketDecoder, datagrams: readonly Uint8Array[]): number[] {
  return datagrams.map((d) => {
    if (!decoder.decode(d)) throw new Error(`ingest bench: a datagram does not decode: ${decoder.error}`);
    return decoder.reader!.blocks[decoder.reader!.blocks.length - 1]!.count;
  });
}

/** A case whose operation is one object: datagrams are ingested in turn until `iterations` objects were. */
export function objectCase(name: string, datagrams: readonly Uint8Array[], blocks: readonly number[], ingest: (datagram: Uint8Array) => number): BenchCase {
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

export function ourCase(name: string, world: OurWorld, datagrams: readonly Uint8Array[], blocks: readonly number[]): BenchCase {
  let calls = 0;
  return objectCase(`ours: ${name}`, datagrams, blocks, (d) => {
    world.dispatch(d);
    // A frame now and then, as a viewer would run them between packets.
    if ((++calls & 63) === 0) world.frame();
    return world.ingestion.entities.objectCount & 1;
  });
}

export function peerCase(name: string, peer: NodeMetaverseObjectStore, datagrams: readonly Uint8Array[], blocks: readonly number[]): BenchCase {
  // node-metaverse is handed Buffers, as dgram would give it.
  const buffers = datagrams.map((d) => Buffer.from(d));
  return objectCase(`node-metaverse: ${name}`, buffers, blocks, (d) => peer.ingest(d).sequenceNumber & 1);
}
