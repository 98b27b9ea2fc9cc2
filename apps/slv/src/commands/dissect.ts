/**
 * `slv dissect FILE`: decodes Second Life UDP traffic from a pcap, a JSON-lines
 * session or a single datagram. One line per packet, or one JSON object per
 * packet with --json; a packet that cannot be decoded is reported and skipped.
 */
import {
  createPacketDecoder, defaultRegistry, readMessageObject, variableText,
  type FieldValue, type MessageObject, type ProtocolRegistry,
} from '@slv/protocol';
import { readCapture, type CapturedDatagram, type CaptureReadResult } from '../capture/index.ts';
import { nearestName, parseCommandArgs, UsageError } from '../cli-args.ts';

export const DISSECT_USAGE = `usage: slv dissect FILE [--json] [--filter NAME[,NAME]]

  FILE             pcap or pcapng (Ethernet, Linux cooked, loopback, raw IP), .jsonl session, or one raw datagram
  --json           one JSON object per packet
  --filter NAMES   only these messages (comma-separated or repeated; any case)
  -h, --help       this text

Exit status: 0 when at least one packet decoded, 1 when none did (or the file cannot be read), 2 for a usage mistake.
`;

export interface DissectOptions {
  json: boolean;
  /** Message names to keep (empty: all). */
  filter: readonly string[];
  registry?: ProtocolRegistry;
  /** Counts kept while dissecting; `decoded` includes packets the filter left out. */
  counts?: { decoded: number };
}

export interface DissectedPacket {
  index: number;
  dir?: string;
  seq: number;
  flags: { zerocoded: boolean; reliable: boolean; resent: boolean; acks: boolean };
  message: string;
  blocks: Record<string, Record<string, JsonFieldValue>[]>;
  appendedAcks?: number[];
  trailingBytes?: number;
  timestamp?: number;
}

export type JsonFieldValue = number | boolean | string | number[] | { hex: string };

export interface DissectError {
  index: number;
  error: string;
  dir?: string;
}

const HEX = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');

/** Variable data as text when it reads as printable UTF-8 (one trailing NUL allowed), else hex. */
function jsonValue(value: FieldValue): JsonFieldValue {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) {
    const text = variableText(value);
    const printable = value.length > 0 && !text.includes('\uFFFD') && !/[\u0000-\u0008\u000E-\u001F]/.test(text);
    return printable ? text : { hex: HEX(value) };
  }
  return value;
}

function blocksAsJson(object: MessageObject): DissectedPacket['blocks'] {
  const blocks: DissectedPacket['blocks'] = {};
  for (const [name, block] of Object.entries(object)) {
    const instances = Array.isArray(block) ? block : [block];
    blocks[name] = instances.map((instance) =>
      Object.fromEntries(Object.entries(instance).map(([field, value]) => [field, jsonValue(value)])));
  }
  return blocks;
}

function endpoint(e: { address: string; port: number } | undefined): string {
  if (!e) return '?';
  return e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
}

/**
 * Pcaps carry addresses, not roles: whoever sends UseCircuitCode is a client, so
 * packets between a learned client and its peer are labelled client->sim / sim->client.
 */
function directionResolver(capture: CaptureReadResult, registry: ProtocolRegistry): (d: CapturedDatagram) => string | undefined {
  const clients = new Set<string>();
  const useCircuitCode = registry.get('UseCircuitCode');
  if (useCircuitCode) {
    const decoder = createPacketDecoder(registry);
    for (const entry of capture.entries) {
      if (entry.kind === 'datagram' && entry.source && decoder.decode(entry.payload) && decoder.message === useCircuitCode) {
        clients.add(endpoint(entry.source));
      }
    }
  }
  return (d) => {
    if (d.direction) return d.direction;
    if (!d.source || !d.destination) return undefined;
    const from = endpoint(d.source);
    const to = endpoint(d.destination);
    if (clients.has(from)) return 'client->sim';
    if (clients.has(to)) return 'sim->client';
    return `${from}->${to}`;
  };
}

function flagLetters(p: DissectedPacket): string {
  return (p.flags.reliable ? 'R' : '-') + (p.flags.zerocoded ? 'Z' : '-') + (p.flags.resent ? 'S' : '-') + (p.flags.acks ? 'A' : '-');
}

function summarize(value: JsonFieldValue): string {
  if (Array.isArray(value)) return `<${value.map((v) => +v.toFixed(3)).join(',')}>`;
  if (typeof value === 'object') return value.hex.length > 16 ? `0x${value.hex.slice(0, 16)}…(${value.hex.length / 2}B)` : `0x${value.hex}`;
  if (typeof value === 'string') return value.length > 40 ? JSON.stringify(value.slice(0, 40) + '…') : JSON.stringify(value);
  if (typeof value === 'number' && !Number.isInteger(value)) return String(+value.toFixed(4));
  return String(value);
}

export function formatPacketLine(p: DissectedPacket, width = 200): string {
  const head = `${String(p.index).padStart(5)} ${(p.timestamp ?? 0).toFixed(3).padStart(8)} ${(p.dir ?? '').padEnd(12)} ` +
    `seq ${String(p.seq).padEnd(7)} ${flagLetters(p)} ${p.message}`;
  const parts: string[] = [];
  for (const [name, instances] of Object.entries(p.blocks)) {
    if (instances.length === 0) continue;
    const first = Object.entries(instances[0]!).map(([k, v]) => `${k}=${summarize(v)}`).join(' ');
    parts.push(`${name}${instances.length > 1 ? `×${instances.length}` : ''}{${first}}`);
  }
  if (p.appendedAcks) parts.push(`acks[${p.appendedAcks.join(',')}]`);
  if (p.trailingBytes) parts.push(`+${p.trailingBytes} unknown trailing bytes`);
  const line = `${head}  ${parts.join(' ')}`;
  return line.length > width ? line.slice(0, width - 1) + '…' : line;
}

/** Decodes every datagram of a capture; errors are entries too, never exceptions. */
export function* dissectCapture(capture: CaptureReadResult, options: DissectOptions): Generator<DissectedPacket | DissectError> {
  const registry = options.registry ?? defaultRegistry;
  const decoder = createPacketDecoder(registry);
  const directionOf = directionResolver(capture, registry);
  const keep = new Set(options.filter);
  for (const entry of capture.entries) {
    if (entry.kind === 'error') {
      if (keep.size === 0) yield { index: entry.index, error: entry.error };
      continue;
    }
    const dir = directionOf(entry);
    if (!decoder.decode(entry.payload)) {
      if (keep.size === 0) yield { index: entry.index, ...(dir ? { dir } : {}), error: decoder.error };
      continue;
    }
    const name = decoder.message!.name;
    if (options.counts) options.counts.decoded++;
    if (keep.size > 0 && !keep.has(name)) continue;
    const packet: DissectedPacket = {
      index: entry.index,
      ...(dir ? { dir } : {}),
      seq: decoder.sequence,
      flags: { zerocoded: decoder.zerocoded, reliable: decoder.reliable, resent: decoder.resent, acks: decoder.hasAcks },
      message: name,
      blocks: blocksAsJson(readMessageObject(decoder.reader!)),
    };
    if (decoder.ackCount > 0) packet.appendedAcks = Array.from(decoder.acks.subarray(0, decoder.ackCount));
    if (decoder.reader!.trailing > 0) packet.trailingBytes = decoder.reader!.trailing;
    if (entry.timestamp !== undefined) packet.timestamp = entry.timestamp;
    yield packet;
  }
}

/** `slv dissect` from its arguments: flags checked, filter names resolved, then runDissect. */
export function runDissectCommand(args: string[], out: (line: string) => void, err: (line: string) => void): number {
  const { values, positionals } = parseCommandArgs({
    args, allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, filter: { type: 'string', multiple: true, default: [] }, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    out(DISSECT_USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`needs exactly one FILE, got ${positionals.length === 0 ? 'none' : positionals.map((p) => JSON.stringify(p)).join(' ')}`);
  const wanted = values.filter.flatMap((f) => f.split(',')).map((f) => f.trim()).filter(Boolean);
  return runDissect(positionals[0]!, { json: values.json, filter: resolveMessageNames(wanted, defaultRegistry) }, out, err);
}

/** Template names for `wanted`, matched without regard to case; an unknown one is refused with the nearest name. */
export function resolveMessageNames(wanted: readonly string[], registry: ProtocolRegistry): string[] {
  const byLowerCase = new Map(registry.messages.map((m) => [m.name.toLowerCase(), m.name]));
  return wanted.map((name) => {
    const found = byLowerCase.get(name.toLowerCase());
    if (found !== undefined) return found;
    const near = nearestName(name, byLowerCase.values());
    throw new UsageError(`--filter: no message named ${JSON.stringify(name)} in the template${near ? `; did you mean ${near}?` : ''}`);
  });
}

/** The reason a file could not be read, without repeating its path (the caller prints it once). */
function readFailure(error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOENT') return 'no such file';
  if (error.code === 'EISDIR') return 'is a directory, not a capture file';
  if (error.code === 'EACCES') return 'permission denied';
  return error.message.replace(/, \w+ '.*'$/, '');
}

/** Runs the command; returns the exit status: 0 when a packet decoded, 1 when none did or the file cannot be read. */
export function runDissect(file: string, options: DissectOptions, out: (line: string) => void, err: (line: string) => void): number {
  let capture: CaptureReadResult;
  try {
    capture = readCapture(file);
  } catch (error) {
    err(`slv dissect: ${file}: ${readFailure(error as NodeJS.ErrnoException)}`);
    return 1;
  }
  let packets = 0;
  let errors = 0;
  const counts = { decoded: 0 };
  for (const item of dissectCapture(capture, { ...options, counts })) {
    if ('error' in item) {
      errors++;
      out(options.json ? JSON.stringify(item) : `${String(item.index).padStart(5)} error: ${item.error}`);
    } else {
      packets++;
      out(options.json ? JSON.stringify(item) : formatPacketLine(item));
    }
  }
  err(`${file}: ${capture.format}${capture.linkType !== undefined ? ` (link type ${capture.linkType})` : ''}, ` +
    `${packets} packets shown, ${errors} undecodable, ${capture.skipped} non-UDP frames skipped`);
  if (counts.decoded === 0) {
    err(`slv dissect: ${file}: nothing decoded as a Second Life packet`);
    return 1;
  }
  return 0;
}
