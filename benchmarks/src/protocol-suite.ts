/**
 * `slv bench protocol`: our packet decode against node-metaverse 0.8.16 on the
 * same real datagrams, in the same run. Like node-metaverse, the message level
 * stops at the ObjectUpdateCompressed blob and the LayerData bitstream (their
 * full decoding belongs to the ingestion benchmark); unlike it, ours allocates
 * nothing per message, which the allocation check at the end shows.
 */
import { createPacketDecoder, readerAs } from '@slv/protocol';
import {
  measureAllocations, runPair, suiteReport, type BenchCase, type RunOptions, type SuiteCaseResult, type SuiteReport,
} from './harness.ts';
import { describeUnavailable, loadFixturePackets, type FixturePacketOptions } from './fixture-packets.ts';
import { createNodeMetaverseDecoder } from './peers/node-metaverse.ts';
import { touchAllFields } from './touch-fields.ts';

export interface ProtocolSuiteOptions extends RunOptions, FixturePacketOptions {
  /** Decodes in the allocation check (default 1,000,000). */
  readonly allocationIterations?: number;
  readonly log?: (line: string) => void;
}

function oursCase(name: string, datagrams: readonly Uint8Array[]): BenchCase {
  const decoder = createPacketDecoder();
  const bytes = datagrams.reduce((n, d) => n + d.length, 0);
  return {
    name: `ours: ${name}`,
    unit: 'msg/s',
    bytesPerOp: bytes / datagrams.length,
    run(iterations) {
      let sum = 0;
      const count = datagrams.length;
      for (let i = 0; i < iterations; i++) {
        if (decoder.decode(datagrams[i % count]!)) sum += touchAllFields(decoder.reader!);
        else throw new Error(decoder.error);
      }
      return sum;
    },
  };
}

function nodeMetaverseCase(name: string, datagrams: readonly Uint8Array[]): BenchCase {
  const peer = createNodeMetaverseDecoder();
  // node-metaverse is handed Buffers, as dgram would give it.
  const buffers = datagrams.map((d) => Buffer.from(d));
  return {
    name: `node-metaverse: ${name}`,
    unit: 'msg/s',
    bytesPerOp: buffers.reduce((n, d) => n + d.length, 0) / buffers.length,
    run(iterations) {
      let sum = 0;
      const count = buffers.length;
      for (let i = 0; i < iterations; i++) sum += peer.decode(buffers[i % count]!).sequenceNumber & 1;
      return sum;
    },
  };
}

export async function runProtocolSuite(options: ProtocolSuiteOptions = {}): Promise<SuiteReport> {
  const log = options.log ?? (() => {});
  const fixtures = loadFixturePackets(options);
  if (fixtures.unavailable.length > 0) log(describeUnavailable(fixtures));
  const cases: [string, readonly Uint8Array[] | undefined][] = [
    ['ObjectUpdate, 1 prim, zero-coded', fixtures.objectUpdate && [fixtures.objectUpdate]],
    ['ImprovedTerseObjectUpdate, 12 objects', fixtures.terse12 && [fixtures.terse12]],
    ['PacketAck', fixtures.packetAck && [fixtures.packetAck]],
    ['ObjectUpdateCompressed, 3 objects (blob raw)', fixtures.compressed && [fixtures.compressed]],
    ['KillObject', fixtures.kill && [fixtures.kill]],
    [`OpenSim session mix (${fixtures.mix?.length ?? 0} datagrams)`, fixtures.mix],
  ];
  const results: SuiteCaseResult[] = [];
  // Every case is made before any runs, so V8 cannot specialise the first
  // pair's closures on their captured values (see benchmarks/README.md).
  const pairs = cases.flatMap(([name, datagrams]) =>
    datagrams ? [{ name, ours: oursCase(name, datagrams), peer: nodeMetaverseCase(name, datagrams) }] : []);
  for (const { name, ours, peer } of pairs) {
    log(`  ${name}…`);
    results.push(runPair(ours, peer, options));
  }
  if (fixtures.mix && results.length > 0) {
    const decoder = createPacketDecoder();
    const mix = fixtures.mix;
    let k = 0;
    const iterations = options.allocationIterations ?? 1_000_000;
    log(`  allocation check: ${iterations} decodes of the mix…`);
    const allocations = await measureAllocations(() => {
      decoder.decode(mix[k++ % mix.length]!);
      touchAllFields(decoder.reader!);
      // The typed path a viewer uses: vectors and UUIDs into scratch.
      readerAs(decoder, 'ObjectUpdate')?.ObjectData.Scale(0, scale);
      return undefined;
    }, iterations);
    const mixIndex = results.length - 1;
    results[mixIndex] = { ...results[mixIndex]!, allocations };
  }
  return suiteReport('protocol', results);
}

const scale = new Float32Array(3);
