/**
 * The mutators: the same seed and index give the same input, outputs stay
 * within the target's bound, seeds are never changed in place, and the
 * structure-aware mutators change what they claim to.
 */
import { createPacketDecoder, encodeMessage, createPacketEncoder, PacketFlags } from '@slv/protocol';
import { describe, expect, it } from 'vitest';
import { LLSD_BINARY_MUTATORS, PCAP_MUTATORS, llsdBinarySizeSites, nestingMutator, pcapLengthSites, pcapngLengthSites } from './container-mutators.ts';
import { FuzzRandom, randomForInput } from './fuzz-random.ts';
import { LLUDP_MUTATORS, frameAgain, lengthSites } from './lludp-mutators.ts';
import { BYTE_MUTATORS, mutateInput, type MutationContext } from './mutators.ts';
import { encodedTemplatePackets, writePcapng } from './seeds.ts';
import { buildUdpIPv4Frame, LINKTYPE_ETHERNET, writePcap } from '../capture/index.ts';

const packets = encodedTemplatePackets();
const ALL = [...BYTE_MUTATORS, ...LLUDP_MUTATORS, ...PCAP_MUTATORS, ...LLSD_BINARY_MUTATORS, nestingMutator('nest', '<array>', '</array>')];

function kill(ids: number[]): Uint8Array {
  const encoder = createPacketEncoder();
  return encoder.bytes.slice(0, encodeMessage(encoder, 'KillObject', { ObjectData: ids.map((ID) => ({ ID })) }, { sequence: 9 }));
}

describe('fuzz inputs', () => {
  it('are the same bytes for the same seed, target and index, and differ across seeds', () => {
    const context: MutationContext = { corpus: packets, maxLength: 9000 };
    const make = (seed: number, index: number) => mutateInput(randomForInput(seed, 'datagram', index), context, ALL);
    for (let index = 0; index < 200; index++) expect(make(5, index)).toEqual(make(5, index));
    const differing = Array.from({ length: 200 }, (_, i) => i).filter((i) => !Buffer.from(make(5, i)).equals(Buffer.from(make(6, i))));
    expect(differing.length).toBeGreaterThan(150);
    expect(make(5, 1)).not.toEqual(mutateInput(randomForInput(5, 'circuit', 1), context, ALL));
  });

  it('never exceed maxLength and never change a seed in place', () => {
    const copies = packets.map((p) => p.slice());
    for (const maxLength of [0, 1, 7, 64, 1200]) {
      const context: MutationContext = { corpus: packets, maxLength };
      for (let index = 0; index < 2000; index++) {
        expect(mutateInput(randomForInput(1, 'bounds', index), context, ALL).length).toBeLessThanOrEqual(maxLength);
      }
    }
    packets.forEach((p, i) => expect(p).toEqual(copies[i]));
  });

  it('each mutator alone keeps the bound', () => {
    const random = new FuzzRandom(3);
    for (const mutator of ALL) {
      for (let k = 0; k < 300; k++) {
        const out = mutator.mutate(random.pick(packets), random, { corpus: packets, maxLength: 256 });
        expect(out.length, mutator.name).toBeLessThanOrEqual(Math.max(256, ...packets.map((p) => p.length)));
        expect(mutateInput(random, { corpus: packets, maxLength: 256 }, [mutator]).length, mutator.name).toBeLessThanOrEqual(256);
      }
    }
  });
});

describe('LLUDP mutators', () => {
  it('find the block count and every Variable length of a packet', () => {
    const decoder = createPacketDecoder();
    const datagram = kill([1, 2, 3]);
    expect(decoder.decode(datagram)).toBe(true);
    const sites = lengthSites(decoder.bytes, decoder.bodyStart, decoder.bodyEnd, decoder.message!);
    expect(sites).toEqual([{ offset: decoder.bodyStart, width: 1, kind: 'count' }]);
    expect(decoder.bytes[decoder.bodyStart]).toBe(3);
  });

  it('frame a changed body again, zero-coded when the flag says so, acks kept', () => {
    const decoded = Uint8Array.of(PacketFlags.ZEROCODED, 0, 0, 0, 1, 0, 0xff, 0xff, 0, 0x53, 0, 0, 0, 0, 7);
    const framed = frameAgain(decoded, Uint8Array.of(0, 0, 0, 9, 1));
    expect(Array.from(framed)).toEqual([PacketFlags.ZEROCODED, 0, 0, 0, 1, 0, 0xff, 0xff, 0, 1, 0x53, 0, 4, 7, 0, 0, 0, 9, 1]);
  });

  it('change counts and lengths so that some packets no longer decode as they were', () => {
    const mutator = LLUDP_MUTATORS.find((m) => m.name === 'lludp-counts-and-lengths')!;
    const decoder = createPacketDecoder();
    const random = new FuzzRandom(9);
    const seed = kill([1, 2, 3, 4]);
    let changed = 0;
    for (let k = 0; k < 100; k++) {
      const out = mutator.mutate(seed, random, { corpus: [seed], maxLength: 9000 });
      if (!decoder.decode(out) || decoder.reader!.blocks[0]!.count !== 4) changed++;
    }
    expect(changed).toBeGreaterThan(50);
  });
});

describe('container mutators', () => {
  const frame = buildUdpIPv4Frame(LINKTYPE_ETHERNET, { address: '10.0.0.1', port: 1 }, { address: '10.0.0.2', port: 2 }, kill([1]));

  it('find every pcap record length, in either byte order', () => {
    for (const bigEndian of [false, true]) {
      const pcap = writePcap([{ data: frame }, { data: frame }], LINKTYPE_ETHERNET, { bigEndian });
      const sites = pcapLengthSites(pcap);
      expect(sites.map((s) => s.offset)).toEqual([16, 20, 24 + 8, 24 + 12, 24 + 16 + frame.length + 8, 24 + 16 + frame.length + 12]);
      expect(sites.every((s) => s.littleEndian === !bigEndian)).toBe(true);
    }
  });

  it('find every pcapng block length and the enhanced packets\' captured lengths', () => {
    const sites = pcapngLengthSites(writePcapng([frame], LINKTYPE_ETHERNET));
    expect(sites.length).toBe(2 + 2 + 1 + 2 + 1);
  });

  it('find LLSD binary sizes after their markers', () => {
    const doc = Uint8Array.of(0x5b, 0, 0, 0, 1, 0x73, 0, 0, 0, 2, 0x68, 0x69, 0x5d);
    expect(llsdBinarySizeSites(doc).map((s) => s.offset)).toEqual([1, 6]);
  });

  it('nest a stretch of text to the asked depth', () => {
    const random = new FuzzRandom(4);
    const mutator = nestingMutator('nest', '[', ']');
    let deepest = 0;
    for (let k = 0; k < 50; k++) {
      const out = new TextDecoder().decode(mutator.mutate(new TextEncoder().encode('[1,2]'), random, { corpus: [], maxLength: 100_000 }));
      deepest = Math.max(deepest, /^\[*/.exec(out.slice(out.indexOf('[')))![0].length);
    }
    expect(deepest).toBeGreaterThan(256);
  });
});
