/** The ingest suite runs end to end and reports in the documented shape. Speeds are never asserted. */
import { describeWithShared } from '@slv/testing';
import { expect, it } from 'vitest';
import { runIngestSuite } from './ingest-suite.ts';
import { expectReportShape } from './report-shape.test-support.ts';

describeWithShared('ingest suite', ['fixtures/secondlife-2017'], () => {
  it('measures every case against node-metaverse and the typed-array limit, memory, and allocations', async () => {
    const lines: string[] = [];
    const report = await runIngestSuite({ sampleMs: 5, samples: 3, warmupMs: 5, memoryObjects: 20_000, allocationIterations: 5_000, log: (l) => lines.push(l) });
    expectReportShape(report, 'ingest');
    const baselines = report.cases.map((c) => c.baseline.split(':')[0]);
    expect(baselines).toEqual([
      'node-metaverse', 'typed-array write', // ObjectUpdate
      'node-metaverse', 'typed-array write', // ImprovedTerseObjectUpdate
      'node-metaverse', 'typed-array write', // ObjectUpdateCompressed
      'node-metaverse', // objects entering and leaving
      'engine spawnEntity + despawnEntity (bitecs 0.4, slots of the 19 world components zeroed)',
      'target', // region entry
      'node-metaverse', 'node-metaverse', // memory
    ]);
    expect(report.cases.slice(0, 7).every((c) => c.unit === 'obj/s')).toBe(true);
    expect(report.cases[8]!.unit).toBe('frame/s');
    expect(report.cases.slice(-2).every((c) => c.unit === 'obj/MB')).toBe(true);
    expect(report.cases[0]!.allocations?.iterations).toBe(5_000);
    expect(lines.some((l) => /bytes per object: component stores \d+ per entity slot/.test(l))).toBe(true);
    expect(lines.some((l) => /region entry: \d+ frames at 512 creations per frame; worst [\d.]+ ms, p95 [\d.]+ ms/.test(l))).toBe(true);
    expect(lines.some((l) => /ingestion reported/.test(l))).toBe(false);
  }, 120_000);
});
