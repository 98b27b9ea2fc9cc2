/**
 * Page side of browser-mesh.test.ts, bundled for Chromium: one mesh segment
 * decoded and simplified through @slv/core's worker pool in a Web Worker
 * (the worker bundle's source is passed in), inputs transferred.
 */
import { createBrowserWorker, createWorkerPool, runJob, terminateWorkerPool } from '@slv/core';
import { MESH_DECODE_JOB, type MeshDecodeResult } from '../mesh-decode-job.ts';
import { MESH_SIMPLIFY_JOB, type MeshSimplifyResult } from './mesh-simplify-job.ts';

export interface BrowserMeshReport {
  readonly decoded: { triangles: number; vertices: number; inputDetached: boolean };
  readonly simplified: { triangles: number; vertices: number; indicesInRange: boolean; inputDetached: boolean };
}

async function run(segmentBase64: string, ratio: number, workerSource: string): Promise<BrowserMeshReport> {
  const segment = Uint8Array.from(atob(segmentBase64), (c) => c.charCodeAt(0));
  const workerUrl = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
  const pool = createWorkerPool({ size: 1, spawn: () => createBrowserWorker(workerUrl, { type: 'classic' }) });
  try {
    const first = segment.slice();
    const decoded = await runJob<MeshDecodeResult>(pool, MESH_DECODE_JOB, { segment: 'high_lod', bytes: first }, [first.buffer as ArrayBuffer]);
    if (decoded.kind !== 'lod') throw new Error('expected a LOD');
    const second = segment.slice();
    const simplified = await runJob<MeshSimplifyResult>(pool, MESH_SIMPLIFY_JOB, { into: 'low_lod', ratio, segment: 'high_lod', bytes: second }, [second.buffer as ArrayBuffer]);
    const lod = simplified.lod;
    return {
      decoded: { triangles: decoded.lod.triangleCount, vertices: decoded.lod.vertexCount, inputDetached: first.byteLength === 0 },
      simplified: {
        triangles: lod.triangleCount, vertices: lod.vertexCount, inputDetached: second.byteLength === 0,
        indicesInRange: lod.faces.every((face) => face.indices.every((index) => index < face.vertexCount)),
      },
    };
  } finally {
    terminateWorkerPool(pool);
  }
}

(globalThis as unknown as { slvBrowserMesh: typeof run }).slvBrowserMesh = run;
