/**
 * `slv bench mesh`: the mesh path's costs, each against a baseline measured
 * in the same run.
 *
 * - Decode throughput (segments/s, and triangles/s beside it) of LOD
 *   segments through decodeMeshSegment on the Node path, against zlib
 *   inflating the same segments alone (mesh/mesh-decode-rows.ts). Target:
 *   ≥ 0.5× of inflate. The segments come from the caller (the CLI passes
 *   the embedded simulator's library and a dense mesh); without them the
 *   row is left out, and the log says so.
 * - LOD generation of a 100,000-triangle mesh through the `mesh.simplify`
 *   worker job against meshoptimizer called directly (target: ≤ 20 %
 *   overhead), and the main thread's longest stall at 60 Hz while it runs
 *   (target: no tick with more than 4 ms of our work) (mesh/simplify-rows.ts).
 *   Needs a mesh worker to start; without one these rows are left out.
 */
import type { WorkerLike } from '@slv/core';
import { suiteReport, type SuiteCaseResult, type SuiteReport } from './harness.ts';
import { denseSphereLod } from './mesh/dense-mesh.ts';
import { meshDecodeRows, type MeshAssets } from './mesh/mesh-decode-rows.ts';
import { simplifyRows } from './mesh/simplify-rows.ts';

export interface MeshSuiteOptions {
  readonly quick?: boolean;
  /** Mesh assets whose LOD segments the decode row decodes. */
  readonly meshAssets?: MeshAssets;
  /** Starts one worker thread serving mesh.decode and mesh.simplify (serveMeshDecodeJobs from @slv/assets/node). */
  readonly spawnMeshWorker?: () => WorkerLike;
  /** Triangles of the simplified mesh (default 100,000). */
  readonly triangles?: number;
  /** Passes per side (default 9 for decode, 7 for simplification; 3 and 2 with quick). */
  readonly passes?: number;
  /** Simplifications under the 60 Hz timer per block (default 5; 2 with quick), and blocks (default 5; 3 with quick). */
  readonly stallJobs?: number;
  readonly stallBlocks?: number;
  readonly log?: (line: string) => void;
}

export async function runMeshSuite(options: MeshSuiteOptions = {}): Promise<SuiteReport> {
  const log = options.log ?? (() => {});
  const quick = options.quick === true;
  const results: SuiteCaseResult[] = [];
  if (options.meshAssets === undefined) log('  no mesh assets given (meshAssets): the decode row is left out');
  else {
    log(`  decode: ${options.meshAssets.assets.length} assets (${options.meshAssets.source})…`);
    results.push(...await meshDecodeRows(options.meshAssets, options.passes ?? (quick ? 3 : 9), log));
  }
  if (options.spawnMeshWorker === undefined) log('  no mesh worker to start (spawnMeshWorker): the simplification rows are left out');
  else {
    const lod = denseSphereLod(options.triangles ?? 100_000);
    log(`  simplify: ${lod.triangleCount} triangles, ${lod.vertexCount} vertices…`);
    results.push(...await simplifyRows(lod, {
      spawnMeshWorker: options.spawnMeshWorker, passes: options.passes ?? (quick ? 2 : 7), stallJobs: options.stallJobs ?? (quick ? 2 : 5), stallBlocks: options.stallBlocks ?? (quick ? 3 : 5), log,
    }));
  }
  return suiteReport('mesh', results);
}
