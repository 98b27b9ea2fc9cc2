/**
 * `slv connect`: a headless client. Logs in, completes the handshake, stays
 * `--seconds` (or until --until-objects arrived), logs out, and with --json prints
 * a one-line summary. Without --login-uri it starts the embedded simulator itself.
 * The password comes from the environment variable named by --password-env, never
 * from the command line; without one it logs in with the embedded simulator's demo
 * password (that simulator takes any).
 *
 * The session may end first: kicked (KickUser), the region disabled
 * (DisableSimulator), the simulator silent for --silence-seconds, or its event
 * queue gone. That is an error: exit 1 with the reason in the summary's `error`.
 */
import { PRESET_NAMES, presetSettings } from '@slv/config';
import { AgentSession, DEFAULT_SILENCE_TIMEOUT_MS, MessageBus, parseStart } from '@slv/net';
import { UdpTransport } from '@slv/net/node';
import { uuidToString } from '@slv/protocol';
import { choiceFlag, integerFlag, numberFlag, parseCommandArgs, urlFlag, UsageError } from '../cli-args.ts';
import { DEMO_ACCOUNT } from './sim.ts';

export const CONNECT_USAGE = `usage: slv connect [options]

  --login-uri URI        grid login URI (default: start the embedded simulator)
  --first F --last L     account name (default Test User)
  --password-env VAR     read the password from environment variable VAR (never the command line);
                         without it, the embedded simulator's demo password ("password"; it takes any)
  --start S              last (default), home, or uri:Region&x&y&z
  --seconds N            stay N seconds, then log out (default 5)
  --until-objects N      log out as soon as N objects arrived (still at most --seconds)
  --silence-seconds N    end with an error after N seconds without packets or ping answers (default ${DEFAULT_SILENCE_TIMEOUT_MS / 1000})
  --profile P            network settings of ${PRESET_NAMES.join(', ')} (default Balanced)
  --objects N            objects in the embedded simulator's scene (default 200)
  --json                 print a one-line JSON summary
  -h, --help             this text
`;

/** What connect logs in with when no --password-env names one: the demo account's, not a secret (the embedded simulator takes any password). */
export const DEMO_PASSWORD = DEMO_ACCOUNT.password;

export interface ConnectSummary {
  loggedIn: boolean;
  region: string;
  /** Null when the handshake never completed. */
  handshakeMs: number | null;
  objects: number;
  messages: Record<string, number>;
  reliableLost: number;
  rttMs: number | null;
  loggedOutCleanly?: boolean;
  error?: string;
}

export interface EmbeddedSim {
  loginUri: string;
  stop(): Promise<void>;
}

/** How `connect` starts an embedded simulator when no --login-uri is given (injected to keep this file small). */
export type StartEmbeddedSim = (options: { objects: number; lights: number; movers: number; seed: number }) => Promise<EmbeddedSim>;

interface ConnectArgs {
  loginUri: string | undefined;
  first: string;
  last: string;
  passwordVar: string | undefined;
  start: string;
  seconds: number;
  untilObjects: number;
  silenceMs: number;
  profile: (typeof PRESET_NAMES)[number];
  objects: number;
  json: boolean;
  help: boolean;
}

/** Reads and checks every flag up front: a mistake is refused before anything starts. */
function readConnectArgs(args: string[]): ConnectArgs {
  const { values } = parseCommandArgs({
    args,
    options: {
      'login-uri': { type: 'string' },
      first: { type: 'string', default: 'Test' },
      last: { type: 'string', default: 'User' },
      'password-env': { type: 'string' },
      seconds: { type: 'string' },
      json: { type: 'boolean', default: false },
      start: { type: 'string', default: 'last' },
      profile: { type: 'string' },
      objects: { type: 'string' },
      'until-objects': { type: 'string' },
      'silence-seconds': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const start = values.start;
  try {
    parseStart(start);
  } catch (error) {
    throw new UsageError(`--start: ${(error as Error).message}`);
  }
  return {
    loginUri: values['login-uri'] === undefined ? undefined : urlFlag('--login-uri', values['login-uri']),
    first: values.first,
    last: values.last,
    passwordVar: values['password-env'],
    start,
    seconds: numberFlag('--seconds', values.seconds, { min: 0, max: 86_400 }, 5),
    untilObjects: integerFlag('--until-objects', values['until-objects'], { min: 1, max: 10_000_000 }, Number.POSITIVE_INFINITY),
    silenceMs: 1000 * numberFlag('--silence-seconds', values['silence-seconds'], { min: 0.1, max: 86_400 }, DEFAULT_SILENCE_TIMEOUT_MS / 1000),
    profile: choiceFlag('--profile', values.profile, PRESET_NAMES, 'Balanced'),
    objects: integerFlag('--objects', values.objects, { min: 0, max: 100_000 }, 200),
    json: values.json,
    help: values.help,
  };
}

export async function runConnect(
  args: string[], out: (line: string) => void, err: (line: string) => void, startSim: StartEmbeddedSim,
): Promise<number> {
  let options: ConnectArgs;
  try {
    options = readConnectArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(`slv connect: ${error.message}\n(slv connect --help lists the options)`);
    return 2;
  }
  if (options.help) {
    out(CONNECT_USAGE);
    return 0;
  }
  const { passwordVar, seconds, untilObjects } = options;
  const password = passwordVar ? process.env[passwordVar] : DEMO_PASSWORD;
  if (password === undefined) { err(`slv connect: environment variable ${passwordVar} is not set`); return 2; }

  let sim: EmbeddedSim | null = null;
  let loginUri = options.loginUri;
  if (!loginUri) {
    err('starting the embedded simulator…');
    sim = await startSim({ objects: options.objects, lights: 8, movers: 4, seed: 1 });
    loginUri = sim.loginUri;
  } else if (!passwordVar) {
    err(`slv connect: no --password-env: using the embedded simulator's demo password "${DEMO_PASSWORD}" (it takes any)`);
  }

  const bus = new MessageBus();
  const messages: Record<string, number> = {};
  const objects = new Set<string>();
  let reliableLost = 0;
  bus.onAny((decoder) => {
    const name = decoder.message!.name;
    messages[name] = (messages[name] ?? 0) + 1;
  });
  bus.on('ObjectUpdate', (r) => { for (let i = 0; i < r.ObjectData.count; i++) objects.add(r.ObjectData.FullIDString(i)); });
  bus.on('ObjectUpdateCompressed', (r) => {
    const d = r.ObjectData;
    for (let i = 0; i < d.count; i++) if (d.DataLength(i) >= 16) objects.add(uuidToString(d.bytes, d.DataOffset(i)));
  });
  bus.on('ObjectUpdateCached', (r) => { for (let i = 0; i < r.ObjectData.count; i++) objects.add(`cached:${r.ObjectData.ID(i)}`); });

  const summary: ConnectSummary = { loggedIn: false, region: '', handshakeMs: null, objects: 0, messages, reliableLost: 0, rttMs: null };
  let session: AgentSession | null = null;
  let status = 0;
  try {
    const transport = await UdpTransport.bind(0, '0.0.0.0');
    session = await AgentSession.connect({
      loginUri,
      credentials: { first: options.first, last: options.last, password },
      loginOptions: { start: parseStart(options.start) },
      transport,
      settings: presetSettings(options.profile).network,
      silenceTimeoutMs: options.silenceMs,
      bus,
      progress: (stage, detail) => err(`[${stage}] ${detail}`),
      circuitListener: { lost: (_seq, name) => { reliableLost++; err(`[circuit] reliable ${name} lost`); } },
    });
    summary.loggedIn = true;
    summary.region = session.region.name;
    summary.handshakeMs = Math.round(session.handshakeMs);
    const until = Date.now() + seconds * 1000;
    let lastReport = 0;
    while (Date.now() < until && objects.size < untilObjects) {
      await Promise.race([session.ended, new Promise((resolve) => setTimeout(resolve, Math.min(untilObjects === Number.POSITIVE_INFINITY ? 250 : 25, Math.max(0, until - Date.now()))))]);
      if (session.endedBy !== null) throw new Error(session.endedBy.reason);
      if (Date.now() - lastReport > 1000) {
        lastReport = Date.now();
        err(`[connected] ${objects.size} objects, ${session.circuit.stats.packetsIn} packets in, rtt ${Number.isNaN(session.circuit.rttMs) ? '?' : session.circuit.rttMs.toFixed(1)} ms`);
      }
    }
    if (session.endedBy !== null) throw new Error(session.endedBy.reason);
    const { replied } = await session.logout();
    summary.loggedOutCleanly = replied;
    summary.rttMs = Number.isNaN(session.circuit.rttMs) ? null : Math.round(session.circuit.rttMs * 10) / 10;
  } catch (error) {
    summary.error = (error as Error).message;
    err(`slv connect: ${summary.error}`);
    session?.close();
    status = 1;
  } finally {
    summary.objects = objects.size;
    summary.reliableLost = reliableLost;
    if (sim) await sim.stop();
  }
  if (options.json) out(JSON.stringify(summary));
  else if (summary.handshakeMs === null) out(`not logged in: ${summary.error ?? 'unknown error'}`);
  else out(`${summary.error === undefined ? 'logged in' : `ended: ${summary.error}`}; region "${summary.region}", ${summary.objects} objects, handshake ${summary.handshakeMs} ms`);
  return status;
}
