/**
 * For the mesh suite's test: mesh worker threads (the entry bundled once
 * with esbuild, as worker threads do not run TypeScript; the `slv` CLI
 * starts its own dist/mesh-worker.js), and a mesh asset written here, with
 * positions only, since the simulator's encoder is not a dependency of
 * this package.
 */
import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import type { MeshLod } from '@slv/assets';
import type { WorkerLike } from '@slv/core';
import { createNodeWorker } from '@slv/core/node';
import { createLLSDMap, formatLLSDBinary, LLSDReal } from '@slv/protocol';

let url: URL | undefined;

export function spawnTestMeshWorker(): WorkerLike {
  url ??= new URL(`data:text/javascript;base64,${Buffer.from(buildSync({
    entryPoints: [fileURLToPath(new URL('./mesh-worker-entry.test-support.ts', import.meta.url))],
    bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'silent', conditions: ['@slv/source'],
  }).outputFiles[0]!.contents).toString('base64')}`);
  return createNodeWorker(url);
}

/** `lod` as a one-LOD asset: each face's positions as U16 over its domain, its triangle list. */
export function testMeshAsset(lod: MeshLod): Uint8Array {
  const faces = lod.faces.map((face) => {
    const { min, max } = face.positionDomain!;
    const position = new Uint16Array(face.positions.length);
    position.forEach((_, i) => (position[i] = Math.round(((face.positions[i]! - min[i % 3]!) / (max[i % 3]! - min[i % 3]!)) * 65535)));
    return createLLSDMap({
      PositionDomain: createLLSDMap({ Min: min.map((x) => new LLSDReal(x)), Max: max.map((x) => new LLSDReal(x)) }),
      Position: new Uint8Array(position.buffer), TriangleList: new Uint8Array(face.indices.slice().buffer),
    });
  });
  const segment = deflateSync(formatLLSDBinary(faces));
  const header = formatLLSDBinary(createLLSDMap({ high_lod: createLLSDMap({ offset: 0, size: segment.length }) }));
  const out = new Uint8Array(header.length + segment.length);
  out.set(header);
  out.set(segment, header.length);
  return out;
}
