/** Smoke tests: every suite runs end to end and reports in the documented shape. Speeds are never asserted. */
import { describeWithShared } from '@slv/testing';
import { describe, expect, it } from 'vitest';
import { SUITES } from './index.ts';
import type { SuiteReport } from './harness.ts';
import { expectReportShape } from './report-shape.test-support.ts';

function expectShape(report: SuiteReport, suite: string): void {
  expect(report.cases.length).toBeGreaterThan(0);
  expectReportShape(report, suite);
}

describeWithShared('protocol suite', ['fixtures/secondlife-2017'], () => {
  it('runs every case against node-metaverse and checks allocations', async () => {
    const report = await SUITES.protocol!({ sampleMs: 5, samples: 3, warmupMs: 5, allocationIterations: 20_000 });
    expectShape(report, 'protocol');
    expect(report.cases).toHaveLength(6);
    expect(report.cases.at(-1)!.allocations?.iterations).toBe(20_000);
  }, 60_000);
});

describe('net suite', () => {
  it('measures the receive path and acks over loopback', async () => {
    const report = await SUITES.net!({ quick: true });
    expectShape(report, 'net');
    expect(report.cases.map((c) => c.unit)).toEqual(['datagrams/s', 'acks/s']);
  }, 60_000);
});
