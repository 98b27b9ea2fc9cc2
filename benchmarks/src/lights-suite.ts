/**
 * `slv bench lights`: clustered light assignment of 1k, 4k and 8k lights
 * into a 16×9×24 grid, each beside a plain loop over the same light data
 * (position and radius) in the same run. Target: 4k lights in under 2 ms a
 * frame.
 */
import { mat4 } from 'gl-matrix';
// The lighting entry point alone: the renderer around it needs a browser.
import {
  assignLightsToClusters, createClusterData, createLightArrays, MAX_CLUSTER_LIGHTS, type ClusterCamera, type ClusterData, type LightArrays,
} from '@slv/render';
import {
  measureAllocations, runPair, suiteReport, type BenchCase, type RunOptions, type SuiteCaseResult, type SuiteReport,
} from './harness.ts';
import { seededRandom } from '@slv/core';

export interface LightsSuiteOptions extends RunOptions {
  /** Light counts (default 1 000, 4 000 and 8 000). */
  readonly lightCounts?: readonly number[];
  /** Assignments in the allocation check, of 64 lights into a 4×4×4 grid (default 1 000 000). */
  readonly allocationIterations?: number;
  readonly log?: (line: string) => void;
}

export const LIGHTS_GRID = { x: 16, y: 9, z: 24 } as const;
/** Per-cluster cap of the suite: the High preset's. */
export const LIGHTS_PER_CLUSTER = 64;

// A camera 20 m up in the middle of a 256 m region, 128 m draw distance (the Balanced preset).
const CAMERA: ClusterCamera = {
  near: 0.5,
  far: 128,
  fovY: Math.PI / 3,
  aspect: 16 / 9,
  view: mat4.lookAt(mat4.create(), [128, 40, 22], [128, 140, 20], [0, 0, 1]),
};

/** Second Life point lights over the region: radius 1 to 20 m, at prim heights. */
function regionLights(count: number, seed: number): LightArrays {
  const rand = seededRandom(seed);
  const l = createLightArrays(count);
  for (let i = 0; i < count; i++) {
    l.x[i] = rand() * 256;
    l.y[i] = rand() * 256;
    l.z[i] = rand() * 40;
    l.radius[i] = 1 + rand() * rand() * 19;
    l.red[i] = rand();
    l.green[i] = rand();
    l.blue[i] = rand();
    l.intensity[i] = rand();
    l.falloff[i] = rand() * 2;
  }
  return l;
}

function assignCase(name: string, lights: LightArrays, count: number, data: ClusterData): BenchCase {
  return {
    name: `cluster assignment: ${name}`,
    unit: 'frame/s',
    run(iterations) {
      let sum = 0;
      for (let it = 0; it < iterations; it++) sum += assignLightsToClusters(lights, count, CAMERA, LIGHTS_GRID, LIGHTS_PER_CLUSTER, data).stats.assignments;
      return sum;
    },
  };
}

function lightsLoop(name: string, lights: LightArrays, count: number): BenchCase {
  return {
    name: `plain loop: ${name}`,
    unit: 'frame/s',
    run(iterations) {
      const { x, y, z, radius } = lights;
      let sum = 0;
      for (let it = 0; it < iterations; it++) for (let i = 0; i < count; i++) sum += x[i]! + y[i]! + z[i]! + radius[i]!;
      return sum;
    },
  };
}

export async function runLightsSuite(options: LightsSuiteOptions = {}): Promise<SuiteReport> {
  const log = options.log ?? (() => {});
  const counts = options.lightCounts ?? [1000, 4000, 8000];
  const results: SuiteCaseResult[] = [];
  // Every case is made before any runs, so V8 cannot specialise the first
  // pair's closures on their captured values (see benchmarks/README.md).
  const pairs = counts.map((count) => {
    const name = `${count.toLocaleString('en')} lights, ${LIGHTS_GRID.x}×${LIGHTS_GRID.y}×${LIGHTS_GRID.z}`;
    const lights = regionLights(count, count);
    const data = createClusterData({ grid: LIGHTS_GRID, maxLights: MAX_CLUSTER_LIGHTS, maxLightsPerCluster: LIGHTS_PER_CLUSTER });
    return { count, name, lights, data, ours: assignCase(name, lights, count, data), baseline: lightsLoop(name, lights, count) };
  });
  for (const { count, name, lights, data, ours, baseline } of pairs) {
    const s = assignLightsToClusters(lights, count, CAMERA, LIGHTS_GRID, LIGHTS_PER_CLUSTER, data).stats;
    log(`  ${name}: ${s.lightsInView} in view, ${s.assignments} assignments, max ${s.maxOccupancy} a cluster, ${s.overflowedClusters} overflowed…`);
    const row = runPair(ours, baseline, options);
    log(`    ${(1000 / row.median).toFixed(3)} ms a frame${count === 4000 ? ' (target: under 2 ms)' : ''}`);
    results.push(row);
  }
  // Zero allocation per frame, on a small scene so that a million frames stay quick.
  const small = regionLights(64, 5);
  const grid = { x: 4, y: 4, z: 4 };
  const data = createClusterData({ grid, maxLights: 64, maxLightsPerCluster: 16 });
  const iterations = options.allocationIterations ?? 1_000_000;
  log(`  allocation check: ${iterations} assignments of 64 lights into 4×4×4…`);
  const allocations = await measureAllocations(() => assignLightsToClusters(small, 64, CAMERA, grid, 16, data), iterations);
  const last = results.length - 1;
  if (last >= 0) results[last] = { ...results[last]!, allocations };
  return suiteReport('lights', results);
}
