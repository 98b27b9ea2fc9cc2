/**
 * The mesh jobs in headless Chromium: mesh.decode and mesh.simplify served
 * by serveJobs(createMeshJobHandlers()) in a Web Worker (meshoptimizer's
 * wasm loads from its own module, the segment inflates through
 * DecompressionStream), inputs transferred; the results equal Node's.
 */
import { LIBRARY_MESHES, MeshLibrary } from '@slv/sim';
import { describeWithChromium } from '@slv/testing';
import { expect, it } from 'vitest';
import { bundleForBrowser, withChromiumPage } from '../../browser-page.test-support.ts';
import { decodeMeshSegment } from '../decode-mesh.ts';
import { readMeshHeader } from '../mesh-header.ts';
import type { BrowserMeshReport } from './browser-mesh-page.test-support.ts';
import { loadSimplifier, simplifyMeshLod } from './simplify-lod.ts';

describeWithChromium('mesh jobs in headless Chromium', (executablePath) => {
  it('decodes and simplifies the vase in a Web Worker like Node does', async () => {
    const [pageScript, workerScript] = await Promise.all([
      bundleForBrowser(new URL('./browser-mesh-page.test-support.ts', import.meta.url)), bundleForBrowser(new URL('./browser-mesh-worker.test-support.ts', import.meta.url)),
    ]);
    const asset = new MeshLibrary().asset(LIBRARY_MESHES.find((m) => m.name === 'vase')!.id)!;
    const range = readMeshHeader(asset, { total: asset.length }).segments.high_lod!;
    const segment = asset.slice(range.start, range.end);
    const decoded = await decodeMeshSegment('high_lod', segment.slice());
    if (decoded.kind !== 'lod') throw new Error('expected a LOD');
    await loadSimplifier();
    const expected = simplifyMeshLod(decoded.lod, 'low_lod', 0.25).lod;
    const [report, problems] = await withChromiumPage(executablePath, pageScript, async (page, problems) => [await page.evaluate(
      ([bytes, worker]) => (globalThis as unknown as { slvBrowserMesh: (a: string, r: number, w: string) => Promise<BrowserMeshReport> }).slvBrowserMesh(bytes!, 0.25, worker!),
      [Buffer.from(segment).toString('base64'), workerScript],
    ), problems] as const);
    expect(problems).toEqual([]);
    expect(report.decoded).toEqual({ triangles: decoded.lod.triangleCount, vertices: decoded.lod.vertexCount, inputDetached: true });
    expect(report.simplified).toEqual({ triangles: expected.triangleCount, vertices: expected.vertexCount, indicesInRange: true, inputDetached: true });
  }, 120_000);
});
