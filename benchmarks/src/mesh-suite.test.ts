/** Smoke test: the mesh suite runs end to end in a small configuration and reports in the documented shape. Speeds are never asserted. */
import { describe, expect, it } from 'vitest';
import { runMeshSuite } from './mesh-suite.ts';
import { expectReportShape } from './report-shape.test-support.ts';
import { denseSphereLod } from './mesh/dense-mesh.ts';
import { spawnTestMeshWorker, testMeshAsset } from './mesh/mesh-worker.test-support.ts';

describe('mesh suite', () => {
  it('decodes segments against inflate, simplifies in a worker against meshoptimizer, and times the main thread at 60 Hz', async () => {
    const lines: string[] = [];
    const report = await runMeshSuite({
      meshAssets: { assets: [testMeshAsset(denseSphereLod(4000))], source: 'a test sphere' }, spawnMeshWorker: spawnTestMeshWorker,
      triangles: 20_000, passes: 1, stallJobs: 1, stallBlocks: 3, log: (l) => lines.push(l),
    });
    expectReportShape(report, 'mesh');
    expect(report.cases.map((c) => c.unit)).toEqual(['segment/s', 'mesh/s', 'frame/s']);
    expect(report.cases[0]).toMatchObject({ segments: 1, targetRatio: 0.5, trianglesPerSec: expect.any(Number) });
    expect(report.cases[0]!.baseline).toMatch(/^zlib\.inflateSync of the same segments/);
    expect(report.cases[1]).toMatchObject({ targetOverheadPct: 20, trianglesOut: 6250, directTrianglesOut: 6250 });
    expect(report.cases[2]).toMatchObject({ targetStallMs: 4, withinTarget: expect.any(Boolean), ourWorkMs: expect.any(Number), idleWorstWorkMs: expect.any(Number) });
    expect(lines.some((l) => /60 Hz block 3: \d+ ticks while simplifying/.test(l))).toBe(true);
  }, 120_000);

  it('leaves out the rows it has no input for, and says so', async () => {
    const lines: string[] = [];
    const report = await runMeshSuite({ log: (l) => lines.push(l) });
    expect(report.cases).toEqual([]);
    expect(lines).toEqual(['  no mesh assets given (meshAssets): the decode row is left out', '  no mesh worker to start (spawnMeshWorker): the simplification rows are left out']);
  });
});
