/**
 * The mesh jobs in headless Chromium: mesh.decode and mesh.simplify served
 * by serveJobs(createMeshJobHandlers()) in a Web Worker (meshoptimizer's
 * wasm loads from its own module, the segment inflates through
 * DecompressionStream), inputs transferred; the results equal Node's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { LIBRARY_MESHES, MeshLibrary } from '@slv/sim';
import { CHROMIUM_FLAGS, describeWithChromium } from '@slv/testing';
import { expect, it } from 'vitest';
import { decodeMeshSegment } from '../decode-mesh.ts';
import { readMeshHeader } from '../mesh-header.ts';
import type { BrowserMeshReport } from './browser-mesh-page.test-support.ts';
import { loadSimplifier, simplifyMeshLod } from './simplify-lod.ts';

async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true, format: 'iife', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent', conditions: ['@slv/source'],
  });
  return result.outputFiles[0]!.text;
}

describeWithChromium('mesh jobs in headless Chromium', (executablePath) => {
  it('decodes and simplifies the vase in a Web Worker like Node does', async () => {
    const [pageScript, workerScript] = await Promise.all([bundle('./browser-mesh-page.test-support.ts'), bundle('./browser-mesh-worker.test-support.ts')]);
    const asset = new MeshLibrary().asset(LIBRARY_MESHES.find((m) => m.name === 'vase')!.id)!;
    const range = readMeshHeader(asset, { total: asset.length }).segments.high_lod!;
    const segment = asset.slice(range.start, range.end);
    const decoded = await decodeMeshSegment('high_lod', segment.slice());
    if (decoded.kind !== 'lod') throw new Error('expected a LOD');
    await loadSimplifier();
    const expected = simplifyMeshLod(decoded.lod, 'low_lod', 0.25).lod;
    const userDataDir = mkdtempSync(join(tmpdir(), 'slv-assets-mesh-browser-'));
    const context = await chromium.launchPersistentContext(userDataDir, { executablePath, headless: true, args: [...CHROMIUM_FLAGS] });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(e.message));
      await page.setContent('<!doctype html><body></body>');
      await page.addScriptTag({ content: pageScript });
      const report = await page.evaluate(
        ([bytes, worker]) => (globalThis as unknown as { slvBrowserMesh: (a: string, r: number, w: string) => Promise<BrowserMeshReport> }).slvBrowserMesh(bytes!, 0.25, worker!),
        [Buffer.from(segment).toString('base64'), workerScript],
      );
      expect(problems).toEqual([]);
      expect(report.decoded).toEqual({ triangles: decoded.lod.triangleCount, vertices: decoded.lod.vertexCount, inputDetached: true });
      expect(report.simplified).toEqual({ triangles: expected.triangleCount, vertices: expected.vertexCount, indicesInRange: true, inputDetached: true });
    } finally {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
