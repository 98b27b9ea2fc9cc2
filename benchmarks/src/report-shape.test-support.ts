/** What every suite's smoke test checks of its report: the suite's name, and each row's stable first fields with a positive rate on both sides. */
import { expect } from 'vitest';
import type { SuiteReport } from './harness.ts';

export function expectReportShape(report: SuiteReport, suite: string): void {
  expect(report.suite).toBe(suite);
  for (const c of report.cases) {
    expect(Object.keys(c).slice(0, 6)).toEqual(['name', 'unit', 'median', 'baseline', 'baselineMedian', 'ratio']);
    expect(c.median).toBeGreaterThan(0);
    expect(c.baselineMedian).toBeGreaterThan(0);
    expect(c.ratio).toBeCloseTo(c.median / c.baselineMedian);
  }
}
