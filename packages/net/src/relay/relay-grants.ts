/**
 * Reading grants out of the answers the relay proxies: the login answer names
 * the first simulator and its seed capability, the seed capability's answer
 * names every capability URL, and event-queue events name further simulators
 * (neighbours, teleport and crossing targets) with their seed capabilities.
 *
 * These readers never throw for a well-formed answer that grants nothing;
 * entries they cannot use are skipped and described in `skipped` (by field,
 * never by content, so logs stay free of answer bodies).
 */
import { llsdKindOf, LLSDURI, parseLLSD, type LLSDMap, type LLSDValue } from '@slv/protocol';
import { LoginError } from '../login/login-error.ts';
import { parseLoginResponseXml } from '../login/login-response.ts';
import { parseHttpUrl } from './relay-allowlist.ts';
import { formatIpv4, parseIpv4 } from './relay-frame.ts';

export interface SimAddress {
  host: string;
  port: number;
  /** The login answer or the event that named it. */
  source: string;
}

export interface SeedAddress {
  url: string;
  source: string;
}

export interface CapabilityAddress {
  name: string;
  url: string;
}

export interface RelayGrants {
  sims: SimAddress[];
  seeds: SeedAddress[];
  capabilities: CapabilityAddress[];
  /** Why entries were left out ("TeleportFinish Info[0] SimIP is not an IPv4 address"). */
  skipped: string[];
}

/** Events whose bodies name a simulator the agent is about to talk to. */
export const SIM_GRANTING_EVENTS: readonly string[] = Object.freeze([
  'EnableSimulator',
  'TeleportFinish',
  'CrossedRegion',
  'EstablishAgentCommunication',
]);

// Answers are parsed only this deep: the grants sit at depth ≤ 5 (llsd → events → event → body → block list → block).
const MAX_LLSD_DEPTH = 32;
const MAX_SKIPPED = 32;

function emptyGrants(): RelayGrants {
  return { sims: [], seeds: [], capabilities: [], skipped: [] };
}

function skip(grants: RelayGrants, why: string): void {
  if (grants.skipped.length < MAX_SKIPPED) grants.skipped.push(why);
}

/**
 * A successful login_to_simulator answer → its simulator and seed capability.
 * Throws LoginError when the answer is a fault, a refusal, a redirect or
 * malformed: such an answer grants nothing.
 */
export function grantsFromLogin(xml: string): RelayGrants {
  const login = parseLoginResponseXml(xml);
  const grants = emptyGrants();
  grants.sims.push({ host: login.simIp, port: login.simPort, source: 'login answer' });
  grants.seeds.push({ url: login.seedCapability, source: 'login answer' });
  return grants;
}

/** Whether `error` is the login reader's verdict on the answer (as opposed to a bug). */
export function isLoginAnswerError(error: unknown): error is LoginError {
  return error instanceof LoginError;
}

function asMap(value: LLSDValue | undefined): LLSDMap | undefined {
  return value !== undefined && llsdKindOf(value) === 'map' ? (value as LLSDMap) : undefined;
}

function urlText(value: LLSDValue | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (value instanceof LLSDURI) return value.value;
  return undefined;
}

/** An IPv4 address as LLSD: 4 bytes of binary in network order (what sims send), or dotted text. */
function ipField(value: LLSDValue | undefined): string | undefined {
  if (value instanceof Uint8Array) {
    if (value.length !== 4) return undefined;
    return formatIpv4(((value[0]! << 24) | (value[1]! << 16) | (value[2]! << 8) | value[3]!) >>> 0);
  }
  if (typeof value === 'string') {
    const address = parseIpv4(value.trim());
    return address < 0 ? undefined : formatIpv4(address);
  }
  return undefined;
}

function portField(value: LLSDValue | undefined): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535 ? value : undefined;
}

function addSim(grants: RelayGrants, where: string, ip: LLSDValue | undefined, port: LLSDValue | undefined, source: string): void {
  const host = ipField(ip);
  const p = portField(port);
  if (host === undefined) skip(grants, `${where}: the IP is not an IPv4 address`);
  else if (p === undefined) skip(grants, `${where}: the port is not an integer in [1, 65535]`);
  else grants.sims.push({ host, port: p, source });
}

function addSeed(grants: RelayGrants, where: string, value: LLSDValue | undefined, source: string): void {
  const text = urlText(value);
  // TeleportFinish to a region on the same simulator may carry no new seed capability.
  if (text === undefined || text === '') return;
  if (parseHttpUrl(text) === undefined) skip(grants, `${where}: the seed capability is not an http(s) URL`);
  else grants.seeds.push({ url: text, source });
}

/** Every map in an LLSD array field ("SimulatorInfo": [{…}, …]). */
function blocks(body: LLSDMap, field: string): LLSDMap[] {
  const list = body[field];
  if (!Array.isArray(list)) return [];
  const out: LLSDMap[] = [];
  for (const item of list) {
    const map = asMap(item);
    if (map !== undefined) out.push(map);
  }
  return out;
}

function readEvent(grants: RelayGrants, index: number, message: string, body: LLSDMap): void {
  const where = (field: string, i: number): string => `events[${index}] ${message} ${field}[${i}]`;
  switch (message) {
    case 'EnableSimulator':
      blocks(body, 'SimulatorInfo').forEach((info, i) => addSim(grants, where('SimulatorInfo', i), info.IP, info.Port, message));
      return;
    case 'TeleportFinish':
      blocks(body, 'Info').forEach((info, i) => {
        addSim(grants, where('Info', i), info.SimIP, info.SimPort, message);
        addSeed(grants, where('Info', i), info.SeedCapability, message);
      });
      return;
    case 'CrossedRegion':
      blocks(body, 'RegionData').forEach((data, i) => {
        addSim(grants, where('RegionData', i), data.SimIP, data.SimPort, message);
        addSeed(grants, where('RegionData', i), data.SeedCapability, message);
      });
      return;
    case 'EstablishAgentCommunication': {
      // "sim-ip-and-port" is "a.b.c.d:port" text.
      const text = body['sim-ip-and-port'];
      const colon = typeof text === 'string' ? text.lastIndexOf(':') : -1;
      if (typeof text !== 'string' || colon < 0) skip(grants, `events[${index}] ${message}: sim-ip-and-port is not "ip:port"`);
      else {
        const portText = text.slice(colon + 1);
        addSim(grants, `events[${index}] ${message}`, text.slice(0, colon), /^\d{1,5}$/.test(portText) ? Number(portText) : null, message);
      }
      addSeed(grants, `events[${index}] ${message}`, body['seed-capability'], message);
      return;
    }
    default:
      return;
  }
}

function parseAnswer(body: string | Uint8Array, what: string): LLSDValue {
  try {
    return parseLLSD(body, { maxDepth: MAX_LLSD_DEPTH });
  } catch (err) {
    throw new Error(`${what} is not LLSD (${(err as Error).message.slice(0, 120)})`, { cause: err });
  }
}

/**
 * A seed capability answer (an LLSD map of name → URL) → every capability
 * URL. Throws when the answer is not LLSD or not a map.
 */
export function grantsFromSeed(body: string | Uint8Array): RelayGrants {
  const map = asMap(parseAnswer(body, 'seed capability answer'));
  if (map === undefined) throw new Error('seed capability answer is not an LLSD map');
  const grants = emptyGrants();
  for (const name of Object.keys(map)) {
    const text = urlText(map[name]);
    if (text === undefined || parseHttpUrl(text) === undefined) skip(grants, `capability ${JSON.stringify(name.slice(0, 64))} is not an http(s) URL`);
    else grants.capabilities.push({ name, url: text });
  }
  return grants;
}

/**
 * An EventQueueGet answer (`{events: [{message, body}], id}`) → the
 * simulators and seed capabilities its EnableSimulator, TeleportFinish,
 * CrossedRegion and EstablishAgentCommunication events name. Throws when the
 * answer is not LLSD or has no events list.
 */
export function grantsFromEventQueue(body: string | Uint8Array): RelayGrants {
  const map = asMap(parseAnswer(body, 'event queue answer'));
  const events = map?.events;
  if (!Array.isArray(events)) throw new Error('event queue answer has no "events" array');
  const grants = emptyGrants();
  events.forEach((value, index) => {
    const event = asMap(value);
    const message = event?.message;
    const eventBody = asMap(event?.body);
    if (event === undefined || typeof message !== 'string') {
      skip(grants, `events[${index}] is not a {message, body} map`);
    } else if (SIM_GRANTING_EVENTS.includes(message)) {
      if (eventBody === undefined) skip(grants, `events[${index}] ${message} has no body map`);
      else readEvent(grants, index, message, eventBody);
    }
  });
  return grants;
}
