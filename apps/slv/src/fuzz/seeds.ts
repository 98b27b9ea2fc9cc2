/**
 * Seed corpora: the real OpenSimulator captures and HTTP bodies in fixtures/
 * (when the CLI runs inside the repository), and documents the project makes
 * itself: packets from the protocol encoder and the simulator's scene
 * encoders, LLSD from the LLSD writers, login answers from the login server,
 * settings files from @slv/config, templates written from the generated
 * schema, JPEG2000 from the simulator's texture library. Everything is
 * generated from fixed seeds, so a run seed names the same corpus each time.
 * The canonical message_template.msg (../shared) is used when present, never
 * needed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultSettingsFile, presetSettings, serializeSettingsFile, type SettingsFile } from '@slv/config';
import { seededRandom } from '@slv/core';
import { formatFault, formatLoginFailure, formatLoginSuccess } from '@slv/net';
import {
  LLSDReal, LLSDURI, LLSDUUID, MESSAGE_SCHEMA, TEMPLATE_VERSION, createLLSDMap, createPacketDecoder, createPacketEncoder, defaultRegistry,
  formatLLSDBinary, formatLLSDNotation, formatLLSDXml, parseLLSDXml, readMessageObject, type FieldInfo, type LLSDValue, type MessageInfo,
} from '@slv/protocol';
import {
  cachedBlock, compressedBlock, encodeObjectUpdateBlock, generateScene, terseBlock, DEFAULT_REGION_X, DEFAULT_REGION_Y,
} from '@slv/sim';
import { buildUdpIPv4Frame, LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL2, pcapngBlock, writePcap } from '../capture/index.ts';
import { FuzzRandom } from './fuzz-random.ts';
import { concat } from './mutators.ts';
import { OPENSIM_FIXTURES } from './project-root.ts';

const text = new TextEncoder();

/** A corpus and where it came from, for the report. */
export interface SeedCorpus {
  readonly seeds: Uint8Array[];
  readonly sources: string[];
}

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}

/** Every datagram of the recorded OpenSimulator sessions, both directions. */
export function capturedDatagrams(root: string | undefined): Uint8Array[] {
  if (root === undefined) return [];
  const dir = join(root, OPENSIM_FIXTURES);
  const out: Uint8Array[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort()) {
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
      const hex = /"hex":"([0-9a-fA-F]*)"/.exec(line)?.[1];
      if (hex !== undefined && hex.length % 2 === 0) out.push(hexBytes(hex));
    }
  }
  return out;
}

function captureFiles(root: string | undefined): Uint8Array[] {
  if (root === undefined) return [];
  const dir = join(root, OPENSIM_FIXTURES);
  return readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort().map((n) => new Uint8Array(readFileSync(join(dir, n))));
}

function httpFixtures(root: string | undefined, suffix: string): Uint8Array[] {
  if (root === undefined) return [];
  const dir = join(root, OPENSIM_FIXTURES, 'http');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((n) => n.endsWith(suffix)).sort().map((n) => new Uint8Array(readFileSync(join(dir, n))));
}

function uuidText(random: FuzzRandom): string {
  const hex = Array.from({ length: 32 }, () => random.below(16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A value the encoder accepts for `field`. */
function fieldValue(field: FieldInfo, random: FuzzRandom): unknown {
  switch (field.type) {
    case 'U8': return random.below(0x100);
    case 'U16': return random.below(0x10000);
    case 'U32': return random.below(0x1_0000_0000);
    case 'S8': return random.between(-0x80, 0x7f);
    case 'S16': return random.between(-0x8000, 0x7fff);
    case 'S32': return random.between(-0x8000_0000, 0x7fff_ffff);
    case 'U64': return BigInt(random.below(0x1_0000_0000)) << 32n | BigInt(random.below(0x1_0000_0000));
    case 'S64': return BigInt(random.between(-0x8000_0000, 0x7fff_ffff)) << 32n;
    case 'F32': case 'F64': return (random.below(2_000_001) - 1_000_000) / 1000;
    case 'BOOL': return random.chance(0.5);
    case 'LLUUID': return uuidText(random);
    case 'LLVector3': case 'LLVector3d': case 'LLQuaternion': return [0, 1, 2].map(() => random.below(512) / 2);
    case 'LLVector4': return [0, 1, 2, 3].map(() => random.below(512) / 2);
    case 'IPADDR': return `${random.byte()}.${random.byte()}.${random.byte()}.${random.byte()}`;
    case 'IPPORT': return random.below(0x10000);
    case 'Fixed': return Uint8Array.from({ length: field.size }, () => random.byte());
    case 'Variable': {
      const length = random.small(field.size === 1 ? 255 : 600);
      return random.chance(0.5)
        ? Uint8Array.from({ length }, () => random.byte())
        : text.encode('Fuzz seed text '.repeat(Math.ceil(length / 15)).slice(0, length));
    }
  }
}

function messageValue(message: MessageInfo, random: FuzzRandom): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const block of message.blocks) {
    const instances = block.kind === 'Single' ? 1 : block.kind === 'Multiple' ? block.count : random.small(6);
    const list = Array.from({ length: instances }, () => Object.fromEntries(block.fields.map((f) => [f.name, fieldValue(f, random)])));
    value[block.name] = block.kind === 'Single' ? list[0] : list;
  }
  return value;
}

/** One packet of every message in the template, written by the protocol encoder from seeded values. */
export function encodedTemplatePackets(): Uint8Array[] {
  const encoder = createPacketEncoder();
  const random = new FuzzRandom(0x5eed);
  const out: Uint8Array[] = [];
  for (const message of defaultRegistry.messages) {
    try {
      const length = encoder.encode(message, messageValue(message, random), { sequence: 1 + out.length, reliable: random.chance(0.5) });
      out.push(encoder.bytes.slice(0, length));
    } catch {
      // a message whose seeded values do not fit one packet: the others cover its field types
    }
  }
  return out;
}

/** The captured datagrams decoded and written again by the encoder (the encoder's view of real traffic). */
function reencoded(datagrams: readonly Uint8Array[]): Uint8Array[] {
  const decoder = createPacketDecoder();
  const encoder = createPacketEncoder();
  const out: Uint8Array[] = [];
  for (const datagram of datagrams) {
    if (!decoder.decode(datagram)) continue;
    try {
      const length = encoder.encode(decoder.message!, readMessageObject(decoder.reader!), { sequence: decoder.sequence, reliable: decoder.reliable });
      out.push(encoder.bytes.slice(0, length));
    } catch {
      // a captured value the encoder refuses is left to the captured bytes
    }
  }
  return out;
}

/** What the embedded simulator sends for a small scene: full, compressed, cached and terse updates, and kills. */
export function sceneDatagrams(): Uint8Array[] {
  const scene = generateScene({ objects: 40, lights: 4, movers: 4, seed: 7 });
  const regionData = { RegionHandle: (BigInt(DEFAULT_REGION_X) << 32n) | BigInt(DEFAULT_REGION_Y), TimeDilation: 65535 };
  const encoder = createPacketEncoder();
  const out: Uint8Array[] = [];
  const push = (name: string, value: Record<string, unknown>) => {
    try {
      out.push(encoder.bytes.slice(0, encoder.encode(name, value, { sequence: out.length + 1, reliable: true })));
    } catch {
      // too large for one packet: smaller groups are encoded too
    }
  };
  for (let i = 0; i < scene.objects.length; i += 3) {
    const group = scene.objects.slice(i, i + 3);
    push('ObjectUpdate', { RegionData: regionData, ObjectData: group.map(encodeObjectUpdateBlock) });
    push('ObjectUpdateCompressed', { RegionData: regionData, ObjectData: group.map(compressedBlock) });
    push('ObjectUpdateCached', { RegionData: regionData, ObjectData: group.map(cachedBlock) });
    push('ImprovedTerseObjectUpdate', { RegionData: regionData, ObjectData: group.map(terseBlock) });
  }
  push('KillObject', { ObjectData: scene.objects.slice(0, 10).map((o) => ({ ID: o.localId })) });
  return out;
}

export function datagramCorpus(root: string | undefined): SeedCorpus {
  const captured = capturedDatagrams(root);
  const seeds = [...captured, ...reencoded(captured), ...encodedTemplatePackets(), ...sceneDatagrams()];
  const sources = ['protocol encoder: every template message', 'simulator scene encoders (40 objects)'];
  if (captured.length > 0) sources.unshift(`${OPENSIM_FIXTURES}/*.jsonl (${captured.length} datagrams, and re-encoded)`);
  return { seeds, sources };
}

/** The sim->client half that world ingestion sees, plus scene packets. */
export function worldCorpus(root: string | undefined): SeedCorpus {
  const decoder = createPacketDecoder();
  const ingested = new Set(['ObjectUpdate', 'ObjectUpdateCompressed', 'ObjectUpdateCached', 'ImprovedTerseObjectUpdate', 'KillObject', 'LayerData']);
  const captured = capturedDatagrams(root).filter((d) => decoder.decode(d) && ingested.has(decoder.message!.name));
  const seeds = [...captured, ...sceneDatagrams()];
  return { seeds, sources: [...(captured.length > 0 ? [`${OPENSIM_FIXTURES}: ${captured.length} object/terrain datagrams`] : []), 'simulator scene encoders'] };
}

function sampleLLSDValues(): LLSDValue[] {
  const random = seededRandom(11);
  const nested = (depth: number): LLSDValue => {
    if (depth === 0) return random() < 0.5 ? Math.floor(random() * 1000) : 'leaf';
    return createLLSDMap({ list: [nested(depth - 1), nested(depth - 1)], name: `level ${depth}`, real: new LLSDReal(depth / 3) });
  };
  return [
    createLLSDMap({
      integer: -42, real: new LLSDReal(3.25), string: 'héllo <&> "world"', boolean: true, undef: null,
      uuid: new LLSDUUID('4c2a0f1e-9a17-4f1b-8d2e-5b8b3c0e7a11'), uri: new LLSDURI('http://127.0.0.1:9000/CAPS/abc/'),
      date: new Date(Date.UTC(2024, 1, 29, 12, 0, 0)), binary: Uint8Array.of(0, 1, 2, 0xfe, 0xff), empty: [], emptyMap: createLLSDMap(),
    }),
    [1, 'two', new LLSDReal(3), [null, false], createLLSDMap({ k: 'v' })],
    nested(6),
    'a bare string',
  ];
}

/** LLSD documents in one format: the fixtures' bodies and sample values, as the project's writer writes them. */
export function llsdCorpus(root: string | undefined, format: 'xml' | 'binary' | 'notation'): SeedCorpus {
  const fixtures = httpFixtures(root, '.llsd.xml');
  const values: LLSDValue[] = [...sampleLLSDValues()];
  for (const bytes of fixtures) {
    try {
      values.push(parseLLSDXml(bytes));
    } catch {
      // a fixture body that is not LLSD is still an XML seed
    }
  }
  const write = (value: LLSDValue): Uint8Array =>
    format === 'xml' ? text.encode(formatLLSDXml(value)) : format === 'binary' ? formatLLSDBinary(value) : text.encode(formatLLSDNotation(value));
  const seeds = [...(format === 'xml' ? fixtures : []), ...values.map(write)];
  return { seeds, sources: [`@slv/protocol LLSD ${format} writer (${values.length} values)`, ...(fixtures.length > 0 ? [`${OPENSIM_FIXTURES}/http/*.llsd.xml (${fixtures.length})`] : [])] };
}

export function loginCorpus(root: string | undefined): SeedCorpus {
  const fixture = httpFixtures(root, 'login-response.xml');
  const random = new FuzzRandom(21);
  const success = formatLoginSuccess({
    agentId: uuidText(random), sessionId: uuidText(random), secureSessionId: uuidText(random), circuitCode: 123456,
    simIp: '127.0.0.1', simPort: 9000, regionX: 256000, regionY: 256000, regionSizeX: 512, regionSizeY: 512,
    seedCapability: 'http://127.0.0.1:9000/CAPS/seed/', firstName: 'Fuzz', lastName: 'Tester', inventoryRoot: uuidText(random),
    lookAt: [1, 0, 0], home: { regionX: 256000, regionY: 256000, position: [128, 128, 25], lookAt: [0, 1, 0] },
    startLocation: 'last', message: 'Welcome', secondsSinceEpoch: 1_700_000_000, agentAccess: 'M', agentAccessMax: 'A',
  });
  const seeds = [...fixture, text.encode(success), text.encode(formatLoginFailure('key', 'Could not authenticate your avatar.')),
    text.encode(formatFault(5, 'no such method'))];
  return { seeds, sources: ['@slv/net login server (success, failure, fault)', ...(fixture.length > 0 ? [`${OPENSIM_FIXTURES}/http/login-response.xml`] : [])] };
}

/** Template text for some messages of the generated schema, in the template's own syntax. */
export function writeTemplateText(messages: readonly (typeof MESSAGE_SCHEMA)[number][]): string {
  const lines = [`version ${TEMPLATE_VERSION}`, ''];
  for (const [name, frequency, number, flags, deprecation, blocks] of messages) {
    const numberText = frequency === 'Fixed' ? `0x${number.toString(16).toUpperCase().padStart(8, '0')}` : String(number);
    const trust = (flags & 1) !== 0 ? 'Trusted' : 'NotTrusted';
    const encoding = (flags & 2) !== 0 ? 'Zerocoded' : 'Unencoded';
    lines.push('{', `\t${name} ${frequency} ${numberText} ${trust} ${encoding}${deprecation === 'NotDeprecated' ? '' : ` ${deprecation}`}`);
    for (const [blockName, kind, count, fields] of blocks) {
      lines.push('\t{', `\t\t${blockName} ${kind}${kind === 'Multiple' ? ` ${count}` : ''}`);
      for (const [fieldName, type, size] of fields) lines.push(`\t\t{\t${fieldName}\t${type}${size === undefined ? '' : ` ${size}`}\t}`);
      lines.push('\t}');
    }
    lines.push('}', '');
  }
  return lines.join('\n');
}

export function templateCorpus(root: string | undefined): SeedCorpus {
  const seeds: Uint8Array[] = [];
  for (let start = 0; start < MESSAGE_SCHEMA.length; start += 16) seeds.push(text.encode(writeTemplateText(MESSAGE_SCHEMA.slice(start, start + 16))));
  const sources = ['template text written from the generated schema (16 messages a seed)'];
  const canonical = root === undefined ? undefined : join(root, '..', 'shared', 'protocol', 'message_template.msg');
  if (canonical !== undefined && existsSync(canonical)) {
    // Windows of the real file keep its comments and spacing; the whole file is one seed too.
    const whole = readFileSync(canonical, 'utf8');
    const starts = [...whole.matchAll(/^\{/gm)].map((m) => m.index);
    for (let i = 0; i < starts.length; i += 12) seeds.push(text.encode(`version 2.0\n${whole.slice(starts[i], starts[i + 12] ?? whole.length)}`));
    seeds.push(text.encode(whole));
    sources.push('../shared/protocol/message_template.msg (present: windows of 12 messages and the whole file)');
  }
  return { seeds, sources };
}

/** A minimal pcapng writer (section, one interface, enhanced packet blocks) for seeds. */
export function writePcapng(frames: readonly Uint8Array[], linkType: number): Uint8Array {
  const blocks: Uint8Array[] = [];
  const block = (type: number, body: Uint8Array) => {
    blocks.push(pcapngBlock(type, body));
  };
  const shb = new DataView(new ArrayBuffer(16));
  shb.setUint32(0, 0x1a2b3c4d, true);
  shb.setUint16(4, 1, true);
  shb.setBigInt64(8, -1n, true);
  block(0x0a0d0d0a, new Uint8Array(shb.buffer));
  const idb = new DataView(new ArrayBuffer(8));
  idb.setUint16(0, linkType, true);
  idb.setUint32(4, 65535, true);
  block(1, new Uint8Array(idb.buffer));
  frames.forEach((frame, i) => {
    const body = new Uint8Array(20 + frame.length);
    const view = new DataView(body.buffer);
    view.setUint32(4, 0, true);
    view.setUint32(8, i * 1000, true);
    view.setUint32(12, frame.length, true);
    view.setUint32(16, frame.length, true);
    body.set(frame, 20);
    block(6, body);
  });
  return concat(...blocks);
}

export function captureCorpus(root: string | undefined): SeedCorpus {
  const datagrams = capturedDatagrams(root);
  const payloads = datagrams.length > 0 ? datagrams : encodedTemplatePackets();
  const client = { address: '10.0.0.2', port: 13000 };
  const sim = { address: '10.0.0.1', port: 9000 };
  const seeds: Uint8Array[] = [...captureFiles(root)];
  for (let i = 0; i < payloads.length; i += 8) {
    const group = payloads.slice(i, i + 8);
    const linkType = i % 16 === 0 ? LINKTYPE_ETHERNET : LINKTYPE_LINUX_SLL2;
    const frames = group.map((p, k) => buildUdpIPv4Frame(linkType, k % 2 === 0 ? client : sim, k % 2 === 0 ? sim : client, p));
    seeds.push(writePcap(frames.map((data) => ({ data })), linkType, { bigEndian: i % 24 === 0 }));
    seeds.push(writePcapng(frames, linkType));
    seeds.push(text.encode(group.map((p, k) => JSON.stringify({ t: k / 10, dir: 'sim->client', hex: Buffer.from(p).toString('hex') })).join('\n')));
  }
  return { seeds, sources: ['pcap (@slv/cli pcap writer), pcapng and JSON lines of the datagrams', ...(datagrams.length > 0 ? [`${OPENSIM_FIXTURES}/*.jsonl`] : [])] };
}

export function settingsCorpus(): SeedCorpus {
  const files: SettingsFile[] = [defaultSettingsFile('Low'), defaultSettingsFile('Balanced'), defaultSettingsFile('High')];
  files.push({ ...defaultSettingsFile('Balanced'), profile: 'Custom', base: 'High', overrides: presetSettings('Low') });
  files.push({
    ...defaultSettingsFile('High'), userChoseProfile: false, detectedAt: '2024-05-01T10:00:00.000Z',
    hardware: { source: 'webgl', gpuRenderer: 'ANGLE (NVIDIA GeForce RTX 3060)', gpuVendor: 'Google Inc.', maxTextureSize: 16384, webglVersion: 2, memoryMB: 16384, cpuCores: 8, platform: 'Linux x86_64' },
  });
  const seeds = files.map((f) => text.encode(serializeSettingsFile(f)));
  seeds.push(text.encode(JSON.stringify({ version: 1, quality: 'mid', drawDistance: 128, maxLights: 512, textureMemoryMB: 1024 })));
  return { seeds, sources: ['@slv/config serializeSettingsFile (presets, Custom, hardware), a v1 file'] };
}

const be16 = (v: number): number[] => [(v >> 8) & 0xff, v & 0xff];
const be32 = (v: number): number[] => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];

/** A small valid codestream of empty packets (SIZ, COD, QCD, one tile-part, EOC): decodes to a flat image. */
export function emptyPacketCodestream(width: number, height: number, components: number, tile = Math.max(width, height)): Uint8Array {
  const siz = [...be16(0), ...be32(width), ...be32(height), ...be32(0), ...be32(0), ...be32(tile), ...be32(tile), ...be32(0), ...be32(0), ...be16(components)];
  for (let c = 0; c < components; c++) siz.push(7, 1, 1);
  const layers = 2;
  const levels = 5;
  const cod = [0xff, 0x52, ...be16(12), 0, 2, ...be16(layers), components >= 3 ? 1 : 0, levels, 4, 4, 0, 0];
  const qcd = [0xff, 0x5c, ...be16(5), 0x22, ...be16(0x4000)];
  const tilesX = Math.ceil(width / tile);
  const tilesY = Math.ceil(height / tile);
  const parts: number[] = [];
  for (let t = 0; t < tilesX * tilesY; t++) {
    const packets = new Array<number>(layers * (levels + 1) * components).fill(0);
    parts.push(0xff, 0x90, ...be16(10), ...be16(t), ...be32(14 + packets.length), 0, 1, 0xff, 0x93, ...packets);
  }
  return Uint8Array.from([0xff, 0x4f, 0xff, 0x51, ...be16(siz.length + 2), ...siz, ...cod, ...qcd, ...parts, 0xff, 0xd9]);
}

/** Codestreams: hand-made ones of every component count, and the simulator's smallest real textures. */
export async function jpeg2000Corpus(): Promise<SeedCorpus> {
  const seeds = [emptyPacketCodestream(64, 64, 1), emptyPacketCodestream(40, 24, 2), emptyPacketCodestream(64, 32, 3), emptyPacketCodestream(128, 128, 4, 64)];
  const sources = ['hand-made codestreams of empty packets (1–4 components, one with four tiles)'];
  try {
    const { LIBRARY_TEXTURES, TextureLibrary } = await import('@slv/sim');
    const small = [...LIBRARY_TEXTURES].sort((a, b) => a.size - b.size).slice(0, 3);
    const library = new TextureLibrary({ textures: small });
    try {
      for (const texture of small) {
        const asset = await library.asset(texture.id);
        if (asset !== null) seeds.push(asset.bytes);
      }
      sources.push(`the simulator's texture library (OpenJPEG-encoded, ${small.map((t) => `${t.size}²`).join(', ')})`);
    } finally {
      await library.close();
    }
  } catch (error) {
    sources.push(`(texture library unavailable: ${(error as Error).message})`);
  }
  return { seeds, sources };
}
