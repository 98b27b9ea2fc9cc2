/** `slv bench SUITE|all [--json] [--quick]`: run benchmark suites and print a table or JSON. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadOpenJpegWasm } from '@slv/assets/node';
import type { WorkerLike } from '@slv/core';
import { createNodeWorker } from '@slv/core/node';
import { parseCommandArgs, UsageError } from '../cli-args.ts';
import { SUITES as ENGINE_SUITES, denseSphereLod, formatTable, type MeshAssets, type SuiteOptions, type SuiteReport, type SuiteRunner } from '@slv/benchmarks';
import { presetSettings } from '@slv/config';
import { AgentSession } from '@slv/net';
import { UdpTransport } from '@slv/net/node';
import { encodeMeshAsset, LIBRARY_MESHES, MeshLibrary, startRegion, type MeshFaceGeometry } from '@slv/sim';

/** The engine's suites plus the reference viewer's whole-frame suite (loaded only when run: it starts Chromium). */
const SUITES: Readonly<Record<string, SuiteRunner>> = {
  ...ENGINE_SUITES,
  frame: async (o) => {
    const { runFrameSuite } = await import('@slv/viewer/bench');
    return runFrameSuite({ ...(o.quick !== undefined ? { quick: o.quick } : {}), ...(o.log ? { log: o.log } : {}) });
  },
  /** The frame suite's viewer on a 10,000-object region, impostors on vs off per profile. */
  'frame-impostors': async (o) => {
    const { runImpostorFrameSuite } = await import('@slv/viewer/bench');
    return runImpostorFrameSuite({ ...(o.quick !== undefined ? { quick: o.quick } : {}), ...(o.log ? { log: o.log } : {}) });
  },
};

/**
 * What the embedded simulator sends a viewer on arrival (terrain, objects,
 * terse updates, stats), recorded from a real session: the net suite replays it.
 */
async function captureSimDatagrams(objects: number): Promise<NonNullable<SuiteOptions['simDatagrams']>> {
  const region = await startRegion({ sceneOptions: { objects, lights: 50, movers: 50, seed: 7 }, eventQueueHoldMs: 500 });
  const transport = await UdpTransport.bind(0, '127.0.0.1');
  const datagrams: Uint8Array[] = [];
  const onDatagram = transport.onDatagram.bind(transport);
  transport.onDatagram = (handler) => onDatagram((bytes, length, host, port) => {
    datagrams.push(bytes.slice(0, length));
    handler(bytes, length, host, port);
  });
  try {
    const session = await AgentSession.connect({
      loginUri: region.loginUri, credentials: { first: 'Bench', last: 'User', password: 'bench' },
      transport, settings: presetSettings('Balanced').network,
    });
    const deadline = Date.now() + 20_000;
    while (region.stats.objectUpdates + region.stats.compressedUpdates < objects && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    await session.logout(2_000);
  } finally {
    await region.stop();
  }
  return { datagrams, source: `embedded simulator arrival, ${objects} objects, ${datagrams.length} datagrams` };
}

/**
 * Starts a texture decode worker from dist/texture-worker.js beside the
 * bundled CLI (build.mjs makes it), handing it the OpenJPEG wasm; undefined
 * where there is no such file (the CLI run from its sources).
 */
function textureWorkerSpawner(): (() => WorkerLike) | undefined {
  const url = bundledWorker('texture-worker');
  return url && (() => createNodeWorker(url, { workerData: { openJpegWasm: loadOpenJpegWasm() } }));
}

/** A worker from dist/NAME.js beside the bundled CLI; undefined where there is none (the CLI run from its sources). */
function bundledWorker(name: string): URL | undefined {
  const url = new URL(`./${name}.js`, import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : undefined;
}

/**
 * The mesh suite's decode input: the embedded simulator's library meshes and
 * a dense four-LOD sphere (100,000 triangles at high_lod down to 1,500),
 * written by the simulator's encoder.
 */
function simMeshAssets(): MeshAssets {
  const library = new MeshLibrary();
  const faces = (triangles: number): MeshFaceGeometry[] => denseSphereLod(triangles).faces.map((f) => ({
    positions: f.positions, indices: f.indices, ...(f.normals ? { normals: f.normals } : {}), ...(f.uvs ? { uvs: f.uvs } : {}),
  }));
  const dense = encodeMeshAsset({ lods: { lowest_lod: faces(1500), low_lod: faces(6000), medium_lod: faces(25_000), high_lod: faces(100_000) } });
  return { assets: [...LIBRARY_MESHES.map((m) => library.asset(m.id)!), dense], source: `the simulator's ${LIBRARY_MESHES.length} library meshes and a 100,000-triangle four-LOD sphere` };
}

/** The allocation checks want `gc()`; expose it at run time rather than asking for node flags. */
function exposeGc(): void {
  if (typeof (globalThis as { gc?: unknown }).gc === 'function') return;
  setFlagsFromString('--expose-gc');
  (globalThis as { gc?: unknown }).gc = runInNewContext('gc');
}

export const BENCH_USAGE = `usage: slv bench SUITE|all [--json] [--quick]

  SUITE        one of ${Object.keys(SUITES).join(', ')}, or all
  --json       one JSON report per suite
  --quick      fewer iterations (a smoke run)
  -h, --help   this text
`;

export async function runBench(args: string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const { values, positionals } = parseCommandArgs({
    args, allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, quick: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    out(BENCH_USAGE);
    return 0;
  }
  const wanted = positionals[0];
  const names = wanted === 'all' ? Object.keys(SUITES) : wanted ? [wanted] : [];
  if (positionals.length > 1) throw new UsageError(`takes one SUITE, got ${positionals.join(' ')}`);
  if (names.length === 0 || names.some((n) => !Object.hasOwn(SUITES, n))) {
    throw new UsageError(`${wanted === undefined ? 'name a suite' : `no suite ${JSON.stringify(wanted)}`}: ${Object.keys(SUITES).join(', ')} or all`);
  }
  exposeGc();
  const reports: SuiteReport[] = [];
  for (const name of names) {
    err(`bench ${name}${values.quick ? ' (quick)' : ''}:`);
    const options: SuiteOptions = { quick: values.quick, log: err, ...(values.quick ? { allocationIterations: 100_000 } : {}) };
    if (name === 'net') options.simDatagrams = await captureSimDatagrams(values.quick ? 300 : 3000);
    if (name === 'mesh') {
      options.meshAssets = simMeshAssets();
      const url = bundledWorker('mesh-worker');
      if (url) options.spawnMeshWorker = () => createNodeWorker(url);
    }
    if (name === 'textures') {
      const spawn = textureWorkerSpawner();
      if (spawn) options.spawnDecodeWorker = spawn;
    }
    const report = await SUITES[name]!(options);
    reports.push(report);
    if (values.json) out(JSON.stringify(report));
    else out(formatTable(report.cases, `suite ${report.suite}`));
  }
  return 0;
}
