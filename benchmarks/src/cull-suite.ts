/**
 * `slv bench cull`: frustum culling of 100k and 1M bounding spheres and HZB
 * occlusion tests of 100k spheres against a 1024×1024 pyramid, each beside a
 * plain typed-array loop that only reads the same bounds (x + y + z + r) in
 * the same run. The target for frustum culling is within 3× of that loop:
 * six plane tests per sphere should cost little more than fetching it.
 * Frustum culling is measured twice: the WebAssembly SIMD kernel the engine
 * uses, and the scalar loop that engines without WebAssembly SIMD fall back to.
 */
import { mat4, vec3 } from 'gl-matrix';
// The culling entry point alone: the renderer around it needs a browser.
import {
  buildHzbFromDepth, createBoundingSpheres, createFrustumPlanes, createHzbPyramid, extractFrustumPlanes,
  frustumCullSpheres, frustumCullSpheresScalar, sphereCullKernelSupported, testSpheresAgainstHzb, type BoundingSpheres,
  type HzbFrame,
} from '@slv/render';
import {
  measureAllocations, runPair, suiteReport, type BenchCase, type RunOptions, type SuiteCaseResult, type SuiteReport,
} from './harness.ts';
import { seededRandom } from '@slv/core';

export interface CullSuiteOptions extends RunOptions {
  /** Sphere counts of the frustum cases (default 100 000 and 1 000 000). */
  readonly frustumCounts?: readonly number[];
  /** Spheres of the HZB case (default 100 000). */
  readonly hzbSpheres?: number;
  /** Edge of the square depth buffer the pyramid is built from (default 1024). */
  readonly hzbSize?: number;
  /** Calls in the allocation check, 64 spheres each (default 1 000 000). */
  readonly allocationIterations?: number;
  readonly log?: (line: string) => void;
}

// A camera 20 m up in the middle of a 256 m region, looking along it: a viewer's usual view.
const EYE = vec3.fromValues(128, 40, 22);
const VIEW = mat4.lookAt(mat4.create(), EYE, [128, 140, 20], [0, 0, 1]);
const PROJECTION = mat4.perspective(mat4.create(), Math.PI / 3, 16 / 9, 0.1, 512);
const VIEW_PROJ = mat4.multiply(mat4.create(), PROJECTION, VIEW);
const DRAW_DISTANCE = 128;

/** Objects over the region: prims of 0.1 to 10 m, some of them out of view or beyond the draw distance. */
function regionSpheres(count: number, seed: number): BoundingSpheres {
  const rand = seededRandom(seed);
  const s = createBoundingSpheres(count);
  for (let i = 0; i < count; i++) {
    s.x[i] = rand() * 256;
    s.y[i] = rand() * 256;
    s.z[i] = rand() * 60;
    s.radius[i] = 0.1 + rand() * rand() * 10;
  }
  return s;
}

function boundsLoop(name: string, spheres: BoundingSpheres, count: number): BenchCase {
  return {
    name: `plain loop: ${name}`,
    unit: 'pass/s',
    bytesPerOp: count * 16,
    run(iterations) {
      const { x, y, z, radius } = spheres;
      let sum = 0;
      for (let it = 0; it < iterations; it++) for (let i = 0; i < count; i++) sum += x[i]! + y[i]! + z[i]! + radius[i]!;
      return sum;
    },
  };
}

type CullFunction = typeof frustumCullSpheres;

function frustumCase(name: string, spheres: BoundingSpheres, count: number, cull: CullFunction): BenchCase {
  const planes = extractFrustumPlanes(createFrustumPlanes(), VIEW_PROJ, EYE, DRAW_DISTANCE);
  // The kernel's own output array where there is one, as the renderer passes it: no copy.
  const out = spheres.kernel?.visible ?? new Uint32Array(count);
  return {
    name: `frustum cull: ${name}`,
    unit: 'pass/s',
    bytesPerOp: count * 16,
    run(iterations) {
      let sum = 0;
      for (let it = 0; it < iterations; it++) sum += cull(planes, spheres, count, out);
      return sum;
    },
  };
}

/**
 * A depth buffer with the shape of a view over a region: ground rising to
 * the horizon, and a few near buildings covering part of the screen.
 */
function syntheticDepth(size: number, frame: HzbFrame): Float32Array {
  const rand = seededRandom(7);
  const p = frame.projection;
  const windowDepth = (d: number) => 0.5 + 0.5 * (p[14]! / d - p[10]!);
  const depth = new Float32Array(size * size);
  for (let y = 0; y < size; y++) {
    // Ground: near at the bottom row, sky (cleared, 1) above the horizon.
    const v = y / size;
    const row = v < 0.5 ? windowDepth(2 + 300 * v * v) : 1;
    depth.fill(row, y * size, (y + 1) * size);
  }
  for (let b = 0; b < 12; b++) {
    const x0 = Math.floor(rand() * size);
    const w = Math.floor(size * (0.05 + rand() * 0.25));
    const h = Math.floor(size * (0.2 + rand() * 0.6));
    const z = windowDepth(5 + rand() * 40);
    for (let y = 0; y < h; y++) {
      for (let x = x0; x < Math.min(size, x0 + w); x++) if (z < depth[y * size + x]!) depth[y * size + x] = z;
    }
  }
  return depth;
}

/** Spheres spread over the screen at every distance, so every pyramid level is used. */
function spheresOnScreen(count: number, seed: number): BoundingSpheres {
  const rand = seededRandom(seed);
  const toWorld = mat4.invert(mat4.create(), VIEW)!;
  const tanY = Math.tan(Math.PI / 6);
  const s = createBoundingSpheres(count);
  const p = vec3.create();
  for (let i = 0; i < count; i++) {
    const d = 1 + rand() * rand() * 200;
    vec3.transformMat4(p, [(rand() * 2 - 1) * tanY * (16 / 9) * d, (rand() * 2 - 1) * tanY * d, -d], toWorld);
    s.x[i] = p[0];
    s.y[i] = p[1];
    s.z[i] = p[2];
    s.radius[i] = 0.1 + rand() * rand() * 5;
  }
  return s;
}

function hzbCase(name: string, spheres: BoundingSpheres, count: number, size: number): { bench: BenchCase; culled: number } {
  const frame: HzbFrame = { view: VIEW, projection: PROJECTION };
  const pyramid = buildHzbFromDepth(syntheticDepth(size, frame), size, size, createHzbPyramid(size, size));
  const out = new Uint32Array(count);
  const culled = count - testSpheresAgainstHzb(pyramid, frame, spheres, count, out);
  return {
    culled,
    bench: {
      name: `HZB test: ${name}`,
      unit: 'pass/s',
      bytesPerOp: count * 16,
      run(iterations) {
        let sum = 0;
        for (let it = 0; it < iterations; it++) sum += testSpheresAgainstHzb(pyramid, frame, spheres, count, out);
        return sum;
      },
    },
  };
}

export async function runCullSuite(options: CullSuiteOptions = {}): Promise<SuiteReport> {
  const log = options.log ?? (() => {});
  const frustumCounts = options.frustumCounts ?? [100_000, 1_000_000];
  const hzbSpheres = options.hzbSpheres ?? 100_000;
  const hzbSize = options.hzbSize ?? 1024;
  const results: SuiteCaseResult[] = [];
  if (!sphereCullKernelSupported()) log('  (no WebAssembly SIMD here: both frustum rows run the scalar loop)');
  // Every case is made before any runs, so V8 cannot specialise the first
  // pair's closures on their captured values (see benchmarks/README.md): that
  // pair's plain loop ran 2.5× faster than the same loop in later pairs.
  const pairs: { intro: string; ours: BenchCase; baseline: BenchCase; target: boolean }[] = [];
  for (const count of frustumCounts) {
    const name = `${count.toLocaleString('en')} spheres`;
    const spheres = regionSpheres(count, count);
    for (const [path, cull] of [['SIMD kernel', frustumCullSpheres], ['scalar fallback', frustumCullSpheresScalar]] as const) {
      pairs.push({
        intro: `frustum cull (${path}), ${name}`,
        ours: frustumCase(`${name} (${path})`, spheres, count, cull),
        baseline: boundsLoop(name, spheres, count),
        target: true,
      });
    }
  }
  const spheres = spheresOnScreen(hzbSpheres, 99);
  const name = `${hzbSpheres.toLocaleString('en')} spheres, ${hzbSize}×${hzbSize} pyramid`;
  const hzb = hzbCase(name, spheres, hzbSpheres, hzbSize);
  pairs.push({ intro: `HZB test, ${name} (${hzb.culled} occluded)`, ours: hzb.bench, baseline: boundsLoop(name, spheres, hzbSpheres), target: false });
  for (const pair of pairs) {
    log(`  ${pair.intro}…`);
    const row = runPair(pair.ours, pair.baseline, options);
    if (pair.target) log(`    ${(1 / row.ratio).toFixed(2)}× the plain loop's time (target: within 3×)`);
    results.push(row);
  }

  // Zero allocation: a million small culls with no scavenge.
  const small = regionSpheres(64, 3);
  const planes = extractFrustumPlanes(createFrustumPlanes(), VIEW_PROJ, EYE, DRAW_DISTANCE);
  const out = new Uint32Array(64);
  const iterations = options.allocationIterations ?? 1_000_000;
  log(`  allocation check: ${iterations} culls of 64 spheres…`);
  const allocations = await measureAllocations(() => frustumCullSpheres(planes, small, 64, out), iterations);
  results[0] = { ...results[0]!, allocations };
  return suiteReport('cull', results);
}
