/**
 * `slv connect`: a headless client. Logs in, completes the handshake, stays
 * `--seconds`, logs out, and with --json prints a one-line summary. Without
 * --login-uri it starts the embedded simulator itself. The password comes from
 * the environment variable named by --password-env, never from the command line.
 */
import { parseArgs } from 'node:util';
import { presetSettings } from '@slv/config';
import { AgentSession, MessageBus, parseStart } from '@slv/net';
import { UdpTransport } from '@slv/net/node';
import { uuidToString } from '@slv/protocol';

export interface ConnectSummary {
  loggedIn: boolean;
  region: string;
  handshakeMs: number;
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

export async function runConnect(
  args: string[], out: (line: string) => void, err: (line: string) => void, startSim: StartEmbeddedSim,
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      'login-uri': { type: 'string' },
      first: { type: 'string', default: 'Test' },
      last: { type: 'string', default: 'User' },
      'password-env': { type: 'string' },
      seconds: { type: 'string', default: '5' },
      json: { type: 'boolean', default: false },
      start: { type: 'string', default: 'last' },
      profile: { type: 'string', default: 'Balanced' },
      objects: { type: 'string', default: '200' },
      'until-objects': { type: 'string' },
    },
  });
  const seconds = Number(values.seconds);
  if (!Number.isFinite(seconds) || seconds < 0) { err(`slv connect: --seconds must be a number ≥ 0, got ${JSON.stringify(values.seconds)}`); return 2; }
  const untilObjects = values['until-objects'] === undefined ? Number.POSITIVE_INFINITY : Number(values['until-objects']);
  if (!(Number.isInteger(untilObjects) && untilObjects > 0) && untilObjects !== Number.POSITIVE_INFINITY) {
    err(`slv connect: --until-objects must be a positive integer, got ${JSON.stringify(values['until-objects'])}`);
    return 2;
  }
  const passwordVar = values['password-env'];
  let password = passwordVar ? process.env[passwordVar] : undefined;
  if (passwordVar && password === undefined) { err(`slv connect: environment variable ${passwordVar} is not set`); return 2; }
  const profile = values.profile === 'Low' || values.profile === 'High' ? values.profile : 'Balanced';

  let sim: EmbeddedSim | null = null;
  let loginUri = values['login-uri'];
  if (!loginUri) {
    err('starting the embedded simulator…');
    sim = await startSim({ objects: Number(values.objects), lights: 8, movers: 4, seed: 1 });
    loginUri = sim.loginUri;
    password ??= 'password';
  }
  if (password === undefined) { err('slv connect: name the password variable with --password-env VAR'); return 2; }

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

  const summary: ConnectSummary = { loggedIn: false, region: '', handshakeMs: Number.NaN, objects: 0, messages, reliableLost: 0, rttMs: null };
  let session: AgentSession | null = null;
  let status = 0;
  try {
    const transport = await UdpTransport.bind(0, '0.0.0.0');
    session = await AgentSession.connect({
      loginUri,
      credentials: { first: values.first, last: values.last, password },
      loginOptions: { start: parseStart(values.start) },
      transport,
      settings: presetSettings(profile).network,
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
      await new Promise((resolve) => setTimeout(resolve, Math.min(untilObjects === Number.POSITIVE_INFINITY ? 250 : 25, Math.max(0, until - Date.now()))));
      if (Date.now() - lastReport > 1000) {
        lastReport = Date.now();
        err(`[connected] ${objects.size} objects, ${session.circuit.stats.packetsIn} packets in, rtt ${Number.isNaN(session.circuit.rttMs) ? '?' : session.circuit.rttMs.toFixed(1)} ms`);
      }
    }
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
  if (values.json) out(JSON.stringify(summary));
  else out(`${summary.loggedIn ? 'logged in' : 'not logged in'}; region "${summary.region}", ${summary.objects} objects, handshake ${summary.handshakeMs} ms`);
  return status;
}
