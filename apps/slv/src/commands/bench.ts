/** `slv bench SUITE|all [--json] [--quick]`: run benchmark suites and print a table or JSON. */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseArgs } from 'node:util';
import { SUITES, formatTable, type SuiteReport } from '@slv/benchmarks';

/** The allocation checks want `gc()`; expose it at run time rather than asking for node flags. */
function exposeGc(): void {
  if (typeof (globalThis as { gc?: unknown }).gc === 'function') return;
  setFlagsFromString('--expose-gc');
  (globalThis as { gc?: unknown }).gc = runInNewContext('gc');
}

export async function runBench(args: string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, quick: { type: 'boolean', default: false } },
  });
  const wanted = positionals[0];
  const names = wanted === 'all' ? Object.keys(SUITES) : wanted ? [wanted] : [];
  if (names.length === 0 || names.some((n) => !SUITES[n])) {
    err(`slv bench: name a suite: ${Object.keys(SUITES).join(', ')} or all`);
    return 2;
  }
  exposeGc();
  const reports: SuiteReport[] = [];
  for (const name of names) {
    err(`bench ${name}${values.quick ? ' (quick)' : ''}:`);
    const report = await SUITES[name]!({ quick: values.quick, log: err, ...(values.quick ? { allocationIterations: 100_000 } : {}) });
    reports.push(report);
    if (values.json) out(JSON.stringify(report));
    else out(formatTable(report.cases, `suite ${report.suite}`));
  }
  return 0;
}
