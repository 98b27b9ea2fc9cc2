/**
 * Real datagrams for the benchmark suites. The Second Life 2017 captures are
 * third-party reference data, read in place from `../shared` (or
 * `$SLV_SHARED_DIR`) at run time and never copied; the OpenSim session is the
 * project's own copy under `fixtures/`. This module is also bundled into the
 * `slv` CLI, so the repository root is found (by @slv/testing/paths, which
 * has no vitest and is bundled with it) from the module's location, then from
 * the working directory, unless the caller names it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { locateRepoRoot, locateSharedDir } from '@slv/testing/paths';

/** The single-datagram fixtures, by the name the suites use. */
export const SINGLE_PACKET_FILES = {
  /** ObjectUpdate, zero-coded, one prim. */
  objectUpdate: 'fixtures/secondlife-2017/ObjectUpdateMessageZL.packet',
  /** ImprovedTerseObjectUpdate with 12 ObjectData blocks. */
  terse12: 'fixtures/secondlife-2017/ImprovedTerseObjectUpdateMessageL.packet',
  packetAck: 'fixtures/secondlife-2017/PacketAckMessage.packet',
  compressed: 'fixtures/secondlife-2017/ObjectUpdateCompressedMessageL.packet',
  kill: 'fixtures/secondlife-2017/KillObjectMessageL.packet',
} as const;

export type SinglePacketName = keyof typeof SINGLE_PACKET_FILES;
export type FixturePacketName = SinglePacketName | 'mix';

/** The OpenSim session whose sim->client datagrams make the `mix`, relative to the repository's `fixtures/`. */
export const MIX_SESSION = 'opensim-0.9.2.2/session-login.udp.jsonl';

export interface FixturePacketOptions {
  /** Repository root (the folder holding turbo.json); found automatically when absent. */
  readonly root?: string;
  /** The reference folder; defaults to `$SLV_SHARED_DIR`, else `<root>/../shared`. */
  readonly sharedDir?: string;
}

export interface UnavailableFixture {
  readonly name: FixturePacketName;
  readonly path: string;
  readonly reason: string;
}

export interface FixturePackets {
  readonly objectUpdate?: Uint8Array;
  readonly terse12?: Uint8Array;
  readonly packetAck?: Uint8Array;
  readonly compressed?: Uint8Array;
  readonly kill?: Uint8Array;
  /** Every sim->client datagram of the OpenSim login session, in capture order. */
  readonly mix?: readonly Uint8Array[];
  /** Message name of each `mix` datagram, as recorded in the capture. */
  readonly mixMessages?: readonly string[];
  /** Total bytes of the `mix` datagrams. */
  readonly mixBytes?: number;
  /** What could not be loaded, and why. */
  readonly unavailable: readonly UnavailableFixture[];
  readonly root: string | undefined;
  readonly sharedDir: string | undefined;
}

const HEX = /^(?:[0-9a-fA-F]{2})*$/;

function hexToBytes(hex: string, where: string): Uint8Array {
  if (!HEX.test(hex)) throw new Error(`${where}: "hex" is not an even-length hexadecimal string`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}

interface CaptureLine {
  readonly dir?: unknown;
  readonly msg?: unknown;
  readonly hex?: unknown;
}

/** The sim->client datagrams of a `.udp.jsonl` capture, in order. Malformed lines are errors naming file and line. */
export function readSimToClientDatagrams(path: string): { datagrams: Uint8Array[]; messages: string[] } {
  const datagrams: Uint8Array[] = [];
  const messages: string[] = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!.trim();
    if (text === '') continue;
    const where = `${path}:${i + 1}`;
    let line: CaptureLine;
    try {
      line = JSON.parse(text) as CaptureLine;
    } catch (err) {
      throw new Error(`${where}: not valid JSON (${(err as Error).message})`);
    }
    if (typeof line !== 'object' || line === null) throw new Error(`${where}: expected a JSON object`);
    if (line.dir !== 'sim->client') continue;
    if (typeof line.hex !== 'string') throw new Error(`${where}: missing string field "hex"`);
    datagrams.push(hexToBytes(line.hex, where));
    messages.push(typeof line.msg === 'string' ? line.msg : '?');
  }
  return { datagrams, messages };
}

/**
 * Loads every fixture datagram it can. Absent files are listed in
 * `unavailable` with the path looked at (typically: `../shared` is missing on
 * this machine); present but malformed files throw.
 */
export function loadFixturePackets(options: FixturePacketOptions = {}): FixturePackets {
  const root = locateRepoRoot(options.root);
  const sharedDir = locateSharedDir(root, options.sharedDir);
  const unavailable: UnavailableFixture[] = [];
  const singles: Partial<Record<SinglePacketName, Uint8Array>> = {};

  for (const name of Object.keys(SINGLE_PACKET_FILES) as SinglePacketName[]) {
    const rel = SINGLE_PACKET_FILES[name];
    if (sharedDir === undefined) {
      unavailable.push({ name, path: rel, reason: 'no reference folder: set SLV_SHARED_DIR or run inside the repository (../shared beside it)' });
      continue;
    }
    const path = join(sharedDir, rel);
    if (!existsSync(path)) {
      unavailable.push({ name, path, reason: `missing (third-party reference data is read in place from ${sharedDir})` });
      continue;
    }
    // A copy so every datagram owns exactly its own ArrayBuffer.
    singles[name] = new Uint8Array(readFileSync(path));
  }

  let mix: { datagrams: Uint8Array[]; messages: string[] } | undefined;
  if (root === undefined) {
    unavailable.push({ name: 'mix', path: join('fixtures', MIX_SESSION), reason: 'repository root not found (no turbo.json above this module or the working directory); pass root explicitly' });
  } else {
    const path = join(root, 'fixtures', MIX_SESSION);
    if (existsSync(path)) mix = readSimToClientDatagrams(path);
    else unavailable.push({ name: 'mix', path, reason: 'missing from the project fixtures' });
  }

  return {
    ...singles,
    ...(mix === undefined
      ? {}
      : { mix: mix.datagrams, mixMessages: mix.messages, mixBytes: mix.datagrams.reduce((n, d) => n + d.length, 0) }),
    unavailable,
    root,
    sharedDir,
  };
}

/** A one-line-per-fixture explanation of what is missing, or '' when everything loaded. */
export function describeUnavailable(fixtures: FixturePackets): string {
  return fixtures.unavailable.map((u) => `fixture "${u.name}" unavailable: ${u.path}: ${u.reason}`).join('\n');
}

/** The named single datagram, or an error that says where it was looked for. */
export function requireFixturePacket(fixtures: FixturePackets, name: SinglePacketName): Uint8Array {
  const packet = fixtures[name];
  if (packet !== undefined) return packet;
  const why = fixtures.unavailable.find((u) => u.name === name);
  throw new Error(`fixture "${name}" unavailable${why === undefined ? '' : `: ${why.path}: ${why.reason}`}`);
}
