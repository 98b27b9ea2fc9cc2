/** Smoke test: the textures suite runs end to end in a tiny configuration and reports in the documented shape. Speeds are never asserted. */
import { describeWithShared } from '@slv/testing';
import { describe, expect, it } from 'vitest';
import { expectReportShape } from './report-shape.test-support.ts';
import { runTexturesSuite } from './textures-suite.ts';
import { spawnTestDecodeWorker } from './textures/decode-worker.test-support.ts';


describe('textures suite', () => {
  it('streams a few textures into the virtual texture, timed against the same scene resident', async () => {
    const lines: string[] = [];
    const report = await runTexturesSuite({
      sharedDir: '/nonexistent-shared', streaming: { textures: 30, imagesPerFrame: 2 }, streamingRuns: 1, log: (l) => lines.push(l),
    });
    expectReportShape(report, 'textures');
    expect(report.cases.map((c) => c.unit)).toEqual(['frame/s', 'frame/s']);
    expect(report.cases[0]!.name).toMatch(/^render\.textures, median frame during arrival: 30 unique textures .* 30 objects in view/);
    expect(report.cases[1]!).toMatchObject({ targetP95Ms: 2, images: expect.any(Number) });
    // 30 textures: a first image and then the wanted level of each, at least.
    expect((report.cases[1] as unknown as { images: number }).images).toBeGreaterThanOrEqual(30);
    expect(lines.some((l) => /textures unavailable: \/nonexistent-shared\/fixtures\/textures is missing/.test(l))).toBe(true);
  }, 120_000);
});

describeWithShared('textures suite, decode rows', ['fixtures/textures'], () => {
  it('decodes the shared textures in a worker, a pool, natively, and from discard-2 prefixes', async () => {
    const lines: string[] = [];
    const report = await runTexturesSuite({
      spawnDecodeWorker: spawnTestDecodeWorker, decodePasses: 1, poolWorkers: 2,
      streaming: { textures: 10, imagesPerFrame: 4 }, streamingRuns: 1, log: (l) => lines.push(l),
    });
    expectReportShape(report, 'textures');
    const units = report.cases.map((c) => c.unit);
    const native = lines.every((l) => !/opj_decompress unavailable/.test(l));
    expect(units).toEqual([...(native ? ['MP/s'] : []), 'MP/s', 'image/s', 'frame/s', 'frame/s']);
    if (native) expect(report.cases[0]!.baseline).toMatch(/^opj_decompress \d+\.\d+\.\d+ -ImgDir batch/);
    expect(report.cases.find((c) => c.unit === 'image/s')!.baseline).toMatch(/^whole-file decode/);
  }, 180_000);
});
