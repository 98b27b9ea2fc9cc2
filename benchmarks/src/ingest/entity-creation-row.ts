/**
 * The ingest suite's entity-creation row: an object entity from the
 * ingestion's pool (create + kill) against the engine's spawnEntity +
 * despawnEntity.
 */
import { addRegion, despawnEntity, spawnEntity } from '@slv/core';
import { createObjectEntity, killObject } from '@slv/world';
import { runPair } from '../harness.ts';
import type { BenchCase, PairResult, RunOptions } from '../harness.ts';
import { createOurWorld } from './our-world.ts';

/** An object entity from the ingestion's pool (create + kill) against the engine's spawnEntity + despawnEntity. */
export function entityCreationRow(options: RunOptions): PairResult {
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
