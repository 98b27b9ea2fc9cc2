/**
 * The ingest suite's memory rows: component bytes per entity slot, and
 * everything held per object after ingesting many, ours and node-metaverse's.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { PacketDecoder } from '@slv/protocol';
import { componentBytesPerEntity } from '@slv/world';
import type { PairResult } from '../harness.ts';
import { createNodeMetaverseObjectStore } from '../peers/node-metaverse-objects.ts';
import { compressedCopies } from './derived-packets.ts';
import { blockCounts, createOurWorld } from './our-world.ts';

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

/** Component bytes per entity and total memory per object, ours and node-metaverse's, for `count` objects. */
export function memoryRows(decoder: PacketDecoder, template: Uint8Array, count: number, log: (line: string) => void): PairResult[] {
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
  if (ours.ingestion.entities.objectCount !== objects) throw new Error(`ingest bench: ${ours.ingestion.entities.objectCount} of ${objects} objects ingested`);
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
