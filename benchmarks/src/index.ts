/** @slv/benchmarks: per-system benchmark suites, run by `slv bench SUITE`. */
import type { SuiteReport } from './harness.ts';
import { loadFixturePackets } from './fixture-packets.ts';
import { runNetSuite } from './net-suite.ts';
import { runProtocolSuite, type ProtocolSuiteOptions } from './protocol-suite.ts';
import { runCullSuite } from './cull-suite.ts';
import { runLightsSuite } from './lights-suite.ts';
import { runIngestSuite } from './ingest-suite.ts';
import { runTranslucencySuite } from './translucency-suite.ts';
import { runTexturesSuite } from './textures-suite.ts';
import { runMeshSuite } from './mesh-suite.ts';
import type { MeshAssets } from './mesh/mesh-decode-rows.ts';
import type { WorkerLike } from '@slv/core';

export * from './harness.ts';
export { loadFixturePackets, type FixturePackets } from './fixture-packets.ts';
export { runProtocolSuite, type ProtocolSuiteOptions } from './protocol-suite.ts';
export { runNetSuite, type NetSuiteOptions } from './net-suite.ts';
export { runCullSuite } from './cull-suite.ts';
export { runLightsSuite } from './lights-suite.ts';
export { runIngestSuite, type IngestSuiteOptions } from './ingest-suite.ts';
export { runTranslucencySuite, type TranslucencySuiteOptions } from './translucency-suite.ts';
export { runTexturesSuite, type TexturesSuiteOptions } from './textures-suite.ts';
export { runMeshSuite, type MeshSuiteOptions } from './mesh-suite.ts';
export { denseSphereLod } from './mesh/dense-mesh.ts';
export type { MeshAssets } from './mesh/mesh-decode-rows.ts';

export interface SuiteOptions extends ProtocolSuiteOptions {
  /** Datagrams an embedded simulator sent, for the net suite (else the recorded OpenSim session). */
  simDatagrams?: { datagrams: readonly Uint8Array[]; source: string };
  /** Starts one texture decode worker thread, for the textures suite's decode rows (the CLI's dist/texture-worker.js). */
  spawnDecodeWorker?: () => WorkerLike;
  /** Mesh assets for the mesh suite's decode row (the CLI: the embedded simulator's library and a dense mesh). */
  meshAssets?: MeshAssets;
  /** Starts one mesh worker thread (mesh.decode, mesh.simplify), for the mesh suite's simplification rows (the CLI's dist/mesh-worker.js). */
  spawnMeshWorker?: () => WorkerLike;
}
export type SuiteRunner = (options: SuiteOptions) => Promise<SuiteReport>;

/**
 * Every engine-level suite by the name `slv bench` takes. The reference
 * viewer's whole-frame suite lives with the viewer (`@slv/viewer/bench`);
 * the CLI adds it as `frame`.
 */
export const SUITES: Readonly<Record<string, SuiteRunner>> = {
  protocol: runProtocolSuite,
  ingest: runIngestSuite,
  cull: runCullSuite,
  lights: runLightsSuite,
  translucency: runTranslucencySuite,
  textures: (options) => runTexturesSuite({
    ...(options.quick !== undefined ? { quick: options.quick } : {}),
    ...(options.log ? { log: options.log } : {}),
    ...(options.spawnDecodeWorker ? { spawnDecodeWorker: options.spawnDecodeWorker } : {}),
    ...(options.root !== undefined ? { root: options.root } : {}),
    ...(options.sharedDir !== undefined ? { sharedDir: options.sharedDir } : {}),
  }),
  mesh: (options) => runMeshSuite({
    ...(options.quick !== undefined ? { quick: options.quick } : {}),
    ...(options.log ? { log: options.log } : {}),
    ...(options.meshAssets ? { meshAssets: options.meshAssets } : {}),
    ...(options.spawnMeshWorker ? { spawnMeshWorker: options.spawnMeshWorker } : {}),
  }),
  net: async (options) => {
    let source = options.simDatagrams;
    if (!source) {
      const mix = loadFixturePackets(options).mix;
      if (!mix) throw new Error('bench net: no datagrams to send (no embedded simulator output and no recorded session)');
      source = { datagrams: mix, source: 'recorded OpenSimulator session' };
    }
    return runNetSuite({
      ...(options.quick !== undefined ? { quick: options.quick } : {}),
      ...(options.log ? { log: options.log } : {}),
      datagrams: source.datagrams, source: source.source,
    });
  },
};
