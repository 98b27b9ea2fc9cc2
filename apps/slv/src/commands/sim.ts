/**
 * `slv sim`: runs the embedded region until SIGINT/SIGTERM (or `signal` aborts) and
 * prints the login URI on one line (stdout) once it is listening, and on stderr
 * the demo account to log in with (first, last, password) beside the same URI.
 */
import { readFile } from 'node:fs/promises';
import type { FaultOptions } from '@slv/net';
import { startRegion } from '@slv/sim';
import type { RunningRegion, SimUser } from '@slv/sim';
import { choiceFlag, integerFlag, numberFlag, parseCommandArgs, UsageError } from '../cli-args.ts';

/** The account `slv sim` suggests (it takes any name and password unless --users limits them), and `slv connect` logs in with. */
export const DEMO_ACCOUNT = { first: 'Test', last: 'User', password: 'password' } as const;

export const SIM_USAGE = `usage: slv sim [options]

  --port N          UDP and HTTP port (default 9000; 0 picks a free one)
  --region NAME     region name (default "SLV Sim")
  --seed N          scene seed (default 1)
  --objects N       random prims (default 200)
  --lights N        lamps with point lights (default 8)
  --movers N        objects circling over the land (default 6)
  --layout L        demo (default) or test (known objects at known places)
  --users FILE      JSON [{"first","last","password"}]: only these may log in
  --loss P          drop probability, both directions (0..1)
  --dup P           duplicate probability, both directions
  --reorder P       reorder probability, both directions
  --delay-ms N      added latency, both directions
  --jitter-ms N     random extra latency up to N ms
  --verbose         log logins, circuits and logouts to stderr
`;

export interface SimCommandOptions {
  /** Stops the region when aborted (tests; the CLI uses SIGINT/SIGTERM). */
  signal?: AbortSignal;
  /** Called once the region listens. */
  onReady?: (region: RunningRegion) => void;
}

/** Runs `slv sim` with `argv` (the arguments after "sim"); resolves with the exit code once stopped. */
export async function runSimCommand(
  argv: string[], out: (line: string) => void, err: (line: string) => void, options: SimCommandOptions = {},
): Promise<number> {
  let values;
  try {
    ({ values } = parseCommandArgs({
      args: argv,
      options: {
        port: { type: 'string' }, region: { type: 'string' }, seed: { type: 'string' }, objects: { type: 'string' },
        lights: { type: 'string' }, movers: { type: 'string' }, layout: { type: 'string' }, users: { type: 'string' },
        loss: { type: 'string' }, dup: { type: 'string' }, reorder: { type: 'string' }, 'delay-ms': { type: 'string' },
        'jitter-ms': { type: 'string' }, verbose: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(`slv sim: ${error.message}\n(slv sim --help lists the options)`);
    return 2;
  }
  if (values.help) {
    out(SIM_USAGE);
    return 0;
  }
  let region: RunningRegion;
  try {
    const layout = choiceFlag('--layout', values.layout, ['demo', 'test'] as const, 'demo');
    const faults: FaultOptions = {
      loss: probability('--loss', values.loss),
      duplicate: probability('--dup', values.dup),
      reorder: probability('--reorder', values.reorder),
      delayMs: integerFlag('--delay-ms', values['delay-ms'], { min: 0, max: 60_000 }, 0),
      jitterMs: integerFlag('--jitter-ms', values['jitter-ms'], { min: 0, max: 60_000 }, 0),
    };
    const seed = integerFlag('--seed', values.seed, { min: 0, max: 0xffffffff }, 1);
    const sceneOptions = {
      seed,
      objects: integerFlag('--objects', values.objects, { min: 0, max: 100_000 }, 200),
      lights: integerFlag('--lights', values.lights, { min: 0, max: 10_000 }, 8),
      movers: integerFlag('--movers', values.movers, { min: 0, max: 10_000 }, 6),
    };
    const port = integerFlag('--port', values.port, { min: 0, max: 65535 }, 9000);
    region = await startRegion({
      port,
      sceneOptions: {
        ...sceneOptions,
        layout,
        ...(values.region !== undefined ? { regionName: values.region } : {}),
      },
      ...(values.users !== undefined ? { users: await readUsers(values.users) } : {}),
      faults: { inbound: { ...faults, seed: seed + 1 }, outbound: { ...faults, seed: seed + 2 } },
      ...(values.verbose ? { log: (line: string) => err(`slv sim: ${line}`) } : {}),
    });
  } catch (error) {
    err(`slv sim: ${(error as Error).message}${error instanceof UsageError ? '\n(slv sim --help lists the options)' : ''}`);
    return 2;
  }
  err(`slv sim: region "${region.scene.regionName}" with ${region.scene.objects.length} objects, udp ${region.host}:${region.port}, http ${region.httpPort}`);
  err(values.users === undefined
    ? `slv sim: log in at ${region.loginUri} as first "${DEMO_ACCOUNT.first}" last "${DEMO_ACCOUNT.last}" password "${DEMO_ACCOUNT.password}" (the demo account: any name and any password log in; \`slv connect --login-uri URI\` needs no --password-env)`
    : `slv sim: log in at ${region.loginUri} with an account in ${values.users} (only those log in)`);
  out(region.loginUri);
  options.onReady?.(region);

  await new Promise<void>((resolve) => {
    const finish = () => {
      process.off('SIGINT', finish);
      process.off('SIGTERM', finish);
      options.signal?.removeEventListener('abort', finish);
      resolve();
    };
    process.once('SIGINT', finish);
    process.once('SIGTERM', finish);
    if (options.signal?.aborted) finish();
    else options.signal?.addEventListener('abort', finish, { once: true });
  });
  await region.stop();
  return 0;
}

function probability(flag: string, text: string | undefined): number {
  return numberFlag(flag, text, { min: 0, max: 1 }, 0);
}

async function readUsers(path: string): Promise<SimUser[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`--users ${path}: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new Error(`--users ${path}: expected a JSON array of {first, last, password}`);
  return parsed.map((entry, i) => {
    const u = entry as Partial<SimUser> | null;
    if (u === null || typeof u !== 'object' || typeof u.first !== 'string' || typeof u.last !== 'string' || typeof u.password !== 'string'
      || u.first.trim() === '' || u.last.trim() === '') {
      throw new Error(`--users ${path}: entry ${i} needs non-empty "first" and "last" and a "password" string`);
    }
    return { first: u.first, last: u.last, password: u.password };
  });
}
