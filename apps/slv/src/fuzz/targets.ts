/**
 * The input surfaces the fuzzer drives. A target makes its seed corpus, names
 * its mutators and input size bound, and prepares an `exercise` function that
 * feeds one input to the engine. An error the surface throws on bad input on
 * purpose (its documented error classes) is a refusal; any other throw is a crash.
 */
import { J2cDecodeError, J2cFormatError, NotJpeg2000Error, decodeTexture, discardLevels, indexPackets, maxDiscardOf, prefixCodestream, readCodestreamHeader } from '@slv/assets';
import { PerformanceSettingsResource, parseSettingsFile, settingsFromFile } from '@slv/config';
import { addSystems, createEngineWorld, createResources, createScheduler, runFrame } from '@slv/core';
import { Circuit, LoginError, MessageBus } from '@slv/net';
import {
  LLSDParseError, TemplateError, createPacketDecoder, parseLLSDBinary, parseLLSDNotation, parseLLSDXml, parseTemplate, readMessageObject,
} from '@slv/protocol';
import { parseLoginResponseXml } from '@slv/net';
import { WORLD_SYSTEMS, createWorldIngestion } from '@slv/world';
import { CaptureFormatError, parseCapture } from '../capture/index.ts';
import { dissectCapture } from '../commands/dissect.ts';
import { LLSD_BINARY_MUTATORS, PCAP_MUTATORS, nestingMutator, numberTextMutator } from './container-mutators.ts';
import { LLUDP_MUTATORS } from './lludp-mutators.ts';
import { meshTarget } from './mesh-target.ts';
import { BYTE_MUTATORS, dictionaryMutator, type WeightedMutator } from './mutators.ts';
import {
  captureCorpus, datagramCorpus, jpeg2000Corpus, llsdCorpus, loginCorpus, settingsCorpus, templateCorpus, worldCorpus, type SeedCorpus,
} from './seeds.ts';

/** Feeds one input to the engine; resolves when the engine is done with it. */
export type Exercise = (input: Uint8Array) => void | Promise<void>;

export interface FuzzTarget {
  readonly name: string;
  readonly description: string;
  /** Inputs are cut to this many bytes. */
  readonly maxInputBytes: number;
  readonly mutators: readonly WeightedMutator[];
  /** Inputs change state later inputs meet (one circuit, one world): a reproducer replays the run up to the input. */
  readonly stateful?: boolean;
  /** The error classes this surface throws on bad input on purpose. */
  readonly isDocumentedError: (error: unknown) => boolean;
  corpus(root: string | undefined): SeedCorpus | Promise<SeedCorpus>;
  prepare(): Exercise | Promise<Exercise>;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });
const neverThrows = (): boolean => false;

const XML_TOKENS = ['<', '>', '</', '/>', '<?xml version="1.0"?>', '<![CDATA[', ']]>', '<!--', '-->', '&amp;', '&#x10FFFF;', '&#0;', '&bogus;', '"', "'", '\u0000', '\uFEFF'];
const LLSD_XML_TOKENS = [...XML_TOKENS, '<llsd>', '</llsd>', '<map>', '</map>', '<array>', '</array>', '<key>', '</key>', '<string>', '</string>',
  '<integer>', '</integer>', '<real>', '</real>', '<uuid>', '</uuid>', '<date>', '</date>', '<uri>', '</uri>', '<boolean>', '</boolean>',
  '<binary encoding="base64">', '<binary encoding="base85">', '<binary encoding="base16">', '</binary>', '<undef />', '<map />', '<array/>'];
const XMLRPC_TOKENS = [...XML_TOKENS, '<methodResponse>', '<params>', '<param>', '<value>', '</value>', '<struct>', '</struct>', '<member>',
  '</member>', '<name>', '</name>', '<array>', '<data>', '</data>', '</array>', '<i4>', '<int>', '<string>', '<boolean>', '<double>',
  '<dateTime.iso8601>', '<base64>', '<fault>', 'login', 'true', 'false', 'indeterminate', 'agent_id', 'circuit_code', 'sim_port', 'look_at',
  'home', 'region_x', 'inventory-root', 'seed_capability', '[r1,r2,r3]', "{'region_handle':[r0,r0], 'position':[r1,r2,r3]}"];
const NOTATION_TOKENS = ['!', '1', '0', 't', 'f', 'true', 'false', 'i', 'i-2147483649', 'r', 'rNaN', 'r1e999', 'u', 's(', 's(99999)"', "'", '"',
  '\\', '\\x', 'l"', 'd"', 'b(', 'b16"', 'b64"', 'b85"', '{', '}', '[', ']', ':', ','];
const TEMPLATE_TOKENS = ['{', '}', 'version', '2.0', '3.0', 'Low', 'Medium', 'High', 'Fixed', '0xFFFFFFFB', '0xFFFFFFFF', '65535', '255',
  'Trusted', 'NotTrusted', 'Zerocoded', 'Unencoded', 'Deprecated', 'UDPDeprecated', 'UDPBlackListed', 'Single', 'Multiple', 'Variable',
  'U8', 'U64', 'F64', 'LLUUID', 'LLVector3d', 'LLQuaternion', 'IPADDR', 'IPPORT', 'BOOL', 'Fixed 0', 'Variable 3', '//', '/*', '*/', '\n'];
const JSON_TOKENS = ['{', '}', '[', ']', ':', ',', '"', 'null', 'true', 'false', '"__proto__"', '"constructor"', '"hasOwnProperty"', '"toString"',
  '"version"', '"profile"', '"Custom"', '"base"', '"overrides"', '"hardware"', '"detectedAt"', '"quality"', '"custom"', '1e400', '-0', '\uD800'];

const textMutators = (tokens: readonly string[], nesting: readonly WeightedMutator[]): readonly WeightedMutator[] =>
  [...BYTE_MUTATORS, dictionaryMutator('format-tokens', tokens, 4), numberTextMutator, ...nesting];

/** Reads every field of a decoded message, as the dissector and handlers do. */
function readEveryField(decoder: ReturnType<typeof createPacketDecoder>): void {
  if (decoder.reader !== null) readMessageObject(decoder.reader);
}

const datagram: FuzzTarget = {
  name: 'datagram',
  description: 'PacketDecoder.decode, then every field of the message read (readMessageObject)',
  maxInputBytes: 8192 + 64,
  mutators: [...BYTE_MUTATORS, ...LLUDP_MUTATORS],
  isDocumentedError: neverThrows,
  corpus: datagramCorpus,
  prepare() {
    const decoder = createPacketDecoder();
    return (input) => {
      if (decoder.decode(input)) readEveryField(decoder);
    };
  },
};

const circuit: FuzzTarget = {
  name: 'circuit',
  description: 'Circuit.receive on one long-lived circuit (acks, dedupe, reorder window, pings; fresh sequence numbers on most inputs), ticked on a simulated clock',
  maxInputBytes: 8192 + 64,
  mutators: [...BYTE_MUTATORS, ...LLUDP_MUTATORS],
  stateful: true,
  isDocumentedError: neverThrows,
  corpus: datagramCorpus,
  prepare() {
    let now = 0;
    let received = 0;
    let sequence = 0;
    const scratch = new Uint8Array(8192 + 64);
    const circuit = new Circuit({
      send: () => {},
      settings: { ackCollectionMs: 50, appendedAcks: true, reorderWindowMs: 30 },
      now: () => now,
      listener: { message: (decoder) => readEveryField(decoder) },
    });
    return (input) => {
      scratch.set(input);
      // Seeds share sequence numbers, so most inputs would stop at the duplicate check: inputs get the next number of a
      // running count (one in eight a recent one again: duplicates and reordering); one in 64 keeps its own, and the
      // count jumps to it when it is ahead, so wild jumps are met without later inputs falling behind the window.
      if (input.length >= 6) {
        if (received % 64 === 0) {
          const own = ((input[1]! << 16) | (input[2]! << 8) | input[3]!) << 8 | input[4]!;
          if (((own - sequence) & 0xffffff) < 0x800000) sequence = own & 0xffffff;
        } else {
          sequence = (sequence + 1) & 0xffffff;
          const written = received % 8 === 0 ? (sequence - 1 - (received % 7)) & 0xffffff : sequence;
          scratch[1] = 0;
          scratch[2] = written >>> 16;
          scratch[3] = (written >>> 8) & 0xff;
          scratch[4] = written & 0xff;
        }
      }
      circuit.receive(scratch, input.length);
      now += 3;
      if (++received % 8 === 0) circuit.tick();
    };
  },
};

function llsdTarget(format: 'xml' | 'binary' | 'notation'): FuzzTarget {
  const parse = format === 'xml' ? parseLLSDXml : format === 'binary' ? parseLLSDBinary : parseLLSDNotation;
  const mutators = format === 'binary'
    ? [...BYTE_MUTATORS, ...LLSD_BINARY_MUTATORS, dictionaryMutator('llsd-binary-markers', ['!', '1', '0', 'i', 'r', 'u', 's', 'b', 'k', 'l', 'd', '[', ']', '{', '}', '<? LLSD/Binary ?>\n'])]
    : format === 'xml'
      ? textMutators(LLSD_XML_TOKENS, [nestingMutator('llsd-xml-array-depth', '<array>', '</array>'), nestingMutator('llsd-xml-map-depth', '<map><key>k</key>', '</map>')])
      : textMutators(NOTATION_TOKENS, [nestingMutator('llsd-notation-array-depth', '[', ']'), nestingMutator('llsd-notation-map-depth', "{'k':", '}')]);
  return {
    name: `llsd-${format}`,
    description: `parseLLSD${format === 'xml' ? 'Xml' : format === 'binary' ? 'Binary' : 'Notation'} (documented: LLSDParseError)`,
    maxInputBytes: 64 * 1024,
    mutators,
    isDocumentedError: (error) => error instanceof LLSDParseError,
    corpus: (root) => llsdCorpus(root, format),
    prepare: () => (input) => {
      // Text formats are parsed from bytes and from the decoded string: both are public entry points.
      if (format !== 'binary' && input.length % 2 === 1) parse(utf8.decode(input) as never);
      else parse(input);
    },
  };
}

const login: FuzzTarget = {
  name: 'login',
  description: 'parseLoginResponseXml: the XML-RPC login answer (documented: LoginError)',
  maxInputBytes: 64 * 1024,
  mutators: textMutators(XMLRPC_TOKENS, [nestingMutator('xmlrpc-array-depth', '<value><array><data>', '</data></array></value>'),
    nestingMutator('xmlrpc-struct-depth', '<value><struct><member><name>m</name>', '</member></struct></value>')]),
  isDocumentedError: (error) => error instanceof LoginError,
  corpus: loginCorpus,
  prepare: () => (input) => {
    parseLoginResponseXml(utf8.decode(input));
  },
};

const template: FuzzTarget = {
  name: 'template',
  description: 'parseTemplate: message_template.msg text (documented: TemplateError)',
  maxInputBytes: 256 * 1024,
  mutators: textMutators(TEMPLATE_TOKENS, [nestingMutator('template-brace-depth', '{', '}')]),
  isDocumentedError: (error) => error instanceof TemplateError,
  corpus: templateCorpus,
  prepare: () => (input) => {
    parseTemplate(utf8.decode(input));
  },
};

const capture: FuzzTarget = {
  name: 'capture',
  description: 'parseCapture (pcap, pcapng, JSON lines, raw) and slv dissect of every datagram in it (documented: CaptureFormatError)',
  maxInputBytes: 128 * 1024,
  mutators: [...BYTE_MUTATORS, ...PCAP_MUTATORS, ...LLUDP_MUTATORS, dictionaryMutator('jsonl-tokens', ['\n', '{"t":', '"hex":"', '"dir":"', '"}', 'ff', '0'])],
  isDocumentedError: (error) => error instanceof CaptureFormatError,
  corpus: captureCorpus,
  prepare: () => (input) => {
    const result = parseCapture(input);
    for (const item of dissectCapture(result, { json: true, filter: [] })) if ('blocks' in item) JSON.stringify(item);
  },
};

const settings: FuzzTarget = {
  name: 'settings',
  description: 'parseSettingsFile and the settings it yields (documented never to throw)',
  maxInputBytes: 64 * 1024,
  mutators: textMutators(JSON_TOKENS, [nestingMutator('json-array-depth', '[', ']'), nestingMutator('json-object-depth', '{"overrides":', '}')]),
  isDocumentedError: neverThrows,
  corpus: settingsCorpus,
  prepare: () => (input) => {
    const loaded = parseSettingsFile(utf8.decode(input));
    settingsFromFile(loaded.file);
  },
};

const world: FuzzTarget = {
  name: 'world',
  description: 'decode, MessageBus dispatch into @slv/world ingestion of ONE long-lived world, WORLD_SYSTEMS frames every 32 inputs (errors go to onError)',
  maxInputBytes: 8192 + 64,
  mutators: [...BYTE_MUTATORS, ...LLUDP_MUTATORS],
  stateful: true,
  isDocumentedError: neverThrows,
  corpus: worldCorpus,
  prepare() {
    const capacity = 8192;
    const settings = new PerformanceSettingsResource({ profile: 'Custom', base: 'Balanced', overrides: { world: { entityCapacity: capacity } } });
    const engineWorld = createEngineWorld({ capacity });
    const bus = new MessageBus();
    let clock = 0;
    const { ingestion } = createWorldIngestion(engineWorld, settings.settings, { bus, clock: () => clock, onError: () => {}, requestObjects: () => {} });
    const resources = { ...createResources({ settings, bus }), ingestion };
    const scheduler = createScheduler(engineWorld, resources);
    addSystems(scheduler, WORLD_SYSTEMS);
    const decoder = createPacketDecoder();
    const source = { label: 'fuzz' };
    let inputs = 0;
    return (input) => {
      if (decoder.decode(input)) bus.dispatch(decoder, source);
      clock += 5;
      if (++inputs % 32 === 0) runFrame(scheduler, clock);
    };
  },
};

const jpeg2000: FuzzTarget = {
  name: 'jpeg2000',
  description: 'readCodestreamHeader, packet index and discard levels, then OpenJPEG decode of a prefix (documented: NotJpeg2000Error, J2cFormatError, J2cDecodeError)',
  maxInputBytes: 256 * 1024,
  mutators: [...BYTE_MUTATORS, dictionaryMutator('j2k-markers', [0x4f, 0x51, 0x52, 0x53, 0x55, 0x58, 0x5c, 0x5d, 0x5f, 0x60, 0x61, 0x64, 0x90, 0x91, 0x92, 0x93, 0xd9].map((m) => Uint8Array.of(0xff, m)), 4)],
  isDocumentedError: (error) => error instanceof NotJpeg2000Error || error instanceof J2cFormatError || error instanceof J2cDecodeError,
  corpus: () => jpeg2000Corpus(),
  async prepare() {
    const { installOpenJpegFromNodeModules } = await import('@slv/assets/node');
    installOpenJpegFromNodeModules();
    let inputs = 0;
    return async (input) => {
      const header = readCodestreamHeader(input);
      let index = null;
      try {
        index = indexPackets(header, input);
      } catch (error) {
        if (!(error instanceof J2cFormatError)) throw error;
      }
      const levels = discardLevels(header, index, input.length);
      if (index !== null && index.found > 0) prefixCodestream(input, header, index, 1 + (inputs % index.found));
      // OpenJPEG is the slow part: decode one input in four, at a discard level and prefix chosen from the input.
      if (inputs++ % 4 !== 0) return;
      const discard = Math.min(maxDiscardOf(header), input.length % 6);
      const cut = levels[discard]?.bytes ?? input.length;
      await decodeTexture(input.subarray(0, Math.max(1, Math.min(input.length, cut))), { discard, maxTextureSize: 512 });
    };
  },
};

export const FUZZ_TARGETS: readonly FuzzTarget[] = [
  datagram, circuit, llsdTarget('xml'), llsdTarget('binary'), llsdTarget('notation'), login, template, capture, settings, world, jpeg2000, meshTarget,
];

export function findTarget(name: string, targets: readonly FuzzTarget[] = FUZZ_TARGETS): FuzzTarget | undefined {
  return targets.find((t) => t.name === name);
}
