/**
 * `slv fuzz TARGET|all`: coverage-free mutational fuzzing of the engine's
 * input surfaces, deterministic for a seed. Each target runs in a worker
 * thread under a per-input watchdog; crashing and hanging inputs are written
 * to --out for reproducer tests. Exit 1 when anything was found.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { integerFlag, parseCommandArgs, UsageError } from '../cli-args.ts';
import { DEFAULT_HANG_MS, runFuzzTarget, type TargetReport } from '../fuzz/fuzz-runner.ts';
import { FUZZ_TARGETS } from '../fuzz/targets.ts';

export const FUZZ_USAGE = `usage: slv fuzz TARGET|all [--seconds N] [--inputs N] [--seed S] [--json] [--out DIR] [--hang-ms N]

  TARGET        one of ${FUZZ_TARGETS.map((t) => t.name).join(', ')}, or all
  --seconds N   seconds of fuzzing per target, setup not counted (default 10)
  --inputs N    stop a target after N inputs even when --seconds is not up (a fixed-size run: 10000000 for the long run)
  --seed S      run seed, 0 to 4294967295 (default 1); input N of a target is the same bytes for the same seed
  --json        print {"seed","outDir","targets":[{"target","inputs","inputsPerSecond","crashes","hangs","heapGrowthMB",…}]}
  --out DIR     where crashing and hanging inputs are written as TARGET-HASH.bin (+ .json); default a new temp folder
  --hang-ms N   an input running longer than this is a hang (default ${DEFAULT_HANG_MS})
  -h, --help    this text

Targets:
${FUZZ_TARGETS.map((t) => `  ${t.name.padEnd(14)}${t.description}`).join('\n')}

Exit status: 0 when no crash or hang was found, 1 when one was, 2 for a usage mistake.
`;

export function formatFuzzTable(reports: readonly TargetReport[]): string {
  const header = ['target', 'inputs', 'inputs/s', 'crashes', 'hangs', 'heap MB (start→end)', 'seeds'];
  const rows = reports.map((r) => [
    r.target, String(r.inputs), String(r.inputsPerSecond), String(r.crashes), String(r.hangs),
    `${r.heapGrowthMB >= 0 ? '+' : ''}${r.heapGrowthMB} (${r.heapStartMB}→${r.heapEndMB})`, String(r.seeds),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  return [header, ...rows].map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')).join('\n');
}

export async function runFuzzCommand(args: string[], out: (line: string) => void, err: (line: string) => void, workerUrl?: URL): Promise<number> {
  const { values, positionals } = parseCommandArgs({
    args, allowPositionals: true,
    options: {
      seconds: { type: 'string' }, inputs: { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean', default: false }, out: { type: 'string' },
      'hang-ms': { type: 'string' }, help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    out(FUZZ_USAGE);
    return 0;
  }
  const names = FUZZ_TARGETS.map((t) => t.name);
  if (positionals.length !== 1) throw new UsageError(`needs one TARGET (${names.join(', ')} or all), got ${positionals.length === 0 ? 'none' : positionals.join(' ')}`);
  const wanted = positionals[0]!;
  if (wanted !== 'all' && !names.includes(wanted)) throw new UsageError(`no target ${JSON.stringify(wanted)}: ${names.join(', ')} or all`);
  const seconds = integerFlag('--seconds', values.seconds, { min: 1, max: 7 * 24 * 3600 }, 10);
  const maxInputs = values.inputs === undefined ? undefined : integerFlag('--inputs', values.inputs, { min: 1, max: Number.MAX_SAFE_INTEGER }, 1);
  const seed = integerFlag('--seed', values.seed, { min: 0, max: 0xffffffff }, 1);
  const hangMs = integerFlag('--hang-ms', values['hang-ms'], { min: 100, max: 600_000 }, DEFAULT_HANG_MS);
  if (values.out !== undefined && values.out.trim() === '') throw new UsageError('--out needs a folder name');
  const outDir = values.out !== undefined ? resolve(values.out) : mkdtempSync(join(tmpdir(), 'slv-fuzz-'));

  const reports: TargetReport[] = [];
  for (const target of FUZZ_TARGETS.filter((t) => wanted === 'all' || t.name === wanted)) {
    err(`fuzz ${target.name}: ${seconds} s${maxInputs !== undefined ? ` or ${maxInputs} inputs` : ''}, seed ${seed}…`);
    const report = await runFuzzTarget(target.name, {
      seed, seconds, outDir, hangMs, ...(maxInputs !== undefined ? { maxInputs } : {}), maxInputBytes: target.maxInputBytes, ...(workerUrl !== undefined ? { workerUrl } : {}),
    });
    reports.push(report);
    const found = [...report.crashList.map((c) => `  crash ×${c.count}: ${c.signature}: ${c.message}\n    input ${c.index} → ${c.file}`),
      ...report.hangList.map((h) => `  hang: input ${h.index} ran over ${hangMs} ms → ${h.file}`)];
    if (report.setupError !== undefined) found.push(`  setup failed: ${report.setupError}`);
    err(`fuzz ${target.name}: ${report.inputs} inputs (${report.inputsPerSecond}/s), ${report.crashes} crashes, ${report.hangs} hangs, heap ${report.heapGrowthMB} MB${found.length > 0 ? `\n${found.join('\n')}` : ''}`);
  }
  const failed = reports.some((r) => r.crashes > 0 || r.hangs > 0 || r.setupError !== undefined);
  if (values.json) {
    out(JSON.stringify({ seed, seconds, ...(maxInputs !== undefined ? { maxInputs } : {}), outDir, targets: reports }));
  } else {
    out(formatFuzzTable(reports));
    out(`seed ${seed}; findings ${failed ? 'written to' : 'would be written to'} ${outDir}`);
  }
  return failed ? 1 : 0;
}
