/**
 * Mesh decode throughput: every LOD segment of the given assets through
 * decodeMeshSegment (the body of the `mesh.decode` job, on the Node path:
 * node:zlib's inflate via installNodeInflate, then the binary LLSD parse,
 * de-quantisation and checks), against a plain `zlib.inflateSync` of the
 * same segments, which is the least any decoder must do. Passes alternate
 * between the sides; a pass repeats the segment list until it lasts about
 * 50 ms. Target: at least half the rate of inflating alone.
 */
import { inflateSync } from 'node:zlib';
import { decodeMeshSegment, MESH_LOD_NAMES, readMeshHeader } from '@slv/assets';
import { installNodeInflate } from '@slv/assets/node';
import { pairResult, passesResult, type PairResult } from '../harness.ts';

export const DECODE_TARGET_RATIO = 0.5;

export interface MeshAssets {
  readonly assets: readonly Uint8Array[];
  /** Where they came from, for the row's name. */
  readonly source: string;
}

export type MeshDecodeRow = PairResult & Record<string, unknown>;

interface Segment {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** Every geometry LOD segment of the assets. */
export function lodSegments(assets: readonly Uint8Array[]): Segment[] {
  const out: Segment[] = [];
  for (const asset of assets) {
    const header = readMeshHeader(asset, { total: asset.length });
    for (const name of MESH_LOD_NAMES) {
      const range = header.segments[name];
      if (range !== undefined) out.push({ name, bytes: asset.slice(range.start, range.end) });
    }
  }
  return out;
}

export async function meshDecodeRows(meshes: MeshAssets, passes: number, log: (line: string) => void = () => {}): Promise<MeshDecodeRow[]> {
  installNodeInflate();
  const segments = lodSegments(meshes.assets);
  if (segments.length === 0) throw new Error('mesh bench: the assets have no LOD segment');
  let triangles = 0;
  let compressed = 0;
  const decodeAll = async (repeat: number): Promise<number> => {
    const start = performance.now();
    triangles = 0;
    for (let k = 0; k < repeat; k++) {
      for (const s of segments) {
        const decoded = await decodeMeshSegment(s.name, s.bytes);
        if (decoded.kind === 'lod') triangles += decoded.lod.triangleCount;
      }
    }
    return performance.now() - start;
  };
  const inflateAll = (repeat: number): number => {
    const start = performance.now();
    let bytes = 0;
    for (let k = 0; k < repeat; k++) for (const s of segments) bytes += inflateSync(s.bytes).length;
    if (!(bytes > 0)) throw new Error('mesh bench: nothing inflated');
    return performance.now() - start;
  };
  for (const s of segments) compressed += s.bytes.length;
  const repeat = Math.max(1, Math.ceil(50 / Math.max(0.01, await decodeAll(1))));
  inflateAll(repeat);
  const ours: number[] = [];
  const theirs: number[] = [];
  const perPass = segments.length * repeat;
  for (let pass = 0; pass < passes; pass++) {
    ours.push(perPass / ((await decodeAll(repeat)) / 1000));
    theirs.push(perPass / (inflateAll(repeat) / 1000));
  }
  const trianglesPerSegment = triangles / perPass;
  const row = pairResult(
    passesResult(`decodeMeshSegment (mesh.decode's body, node:zlib inflate) of ${segments.length} LOD segments (${meshes.source}), ${Math.round(compressed / 1024)} KiB compressed, ${Math.round(trianglesPerSegment * segments.length).toLocaleString('en-US')} triangles`, 'segment/s', ours),
    passesResult('zlib.inflateSync of the same segments, nothing else', 'segment/s', theirs),
  );
  log(`    decode ${row.median.toFixed(0)} segments/s, inflate alone ${row.baselineMedian.toFixed(0)} segments/s (×${row.ratio.toFixed(2)})`);
  return [{
    ...row,
    trianglesPerSec: row.median * trianglesPerSegment, compressedMBPerSec: (row.median * compressed) / segments.length / 1e6,
    targetRatio: DECODE_TARGET_RATIO, withinTarget: row.ratio >= DECODE_TARGET_RATIO, segments: segments.length,
  }];
}
