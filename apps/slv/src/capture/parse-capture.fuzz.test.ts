import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaptureReadResult } from './capture-types.ts';
import { parseJsonLines } from './jsonl-reader.ts';
import {
  ETHERTYPE_ARP, ETHERTYPE_IPV4, LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL2, LINKTYPE_NULL, LINKTYPE_RAW, SUPPORTED_LINK_TYPES,
} from './link-layer.ts';
import { parseCapture } from './parse-capture.ts';
import { PCAP_GLOBAL_HEADER_LENGTH, PCAP_RECORD_HEADER_LENGTH } from './pcap-reader.ts';
import { type PcapRecord, buildIPv4Packet, buildLinkFrame, buildUdpIPv4Frame, buildUdpIPv6Frame, writePcap } from './pcap-writer.ts';

const startsAsPcapng = (bytes: Uint8Array): boolean =>
  bytes.length >= 4 && bytes[0] === 0x0a && bytes[1] === 0x0d && bytes[2] === 0x0d && bytes[3] === 0x0a;

/** Output stays within what the input could hold: no entry or payload appears from nowhere. */
function expectBounded(result: CaptureReadResult, bytes: Uint8Array): void {
  const records = result.format === 'pcap'
    ? Math.max(1, Math.ceil((bytes.length - PCAP_GLOBAL_HEADER_LENGTH) / PCAP_RECORD_HEADER_LENGTH))
    : bytes.length + 1;
  expect(result.entries.length).toBeLessThanOrEqual(records);
  for (const entry of result.entries) {
    if (entry.kind === 'datagram') expect(entry.payload.length).toBeLessThanOrEqual(bytes.length);
    else expect(entry.error.length).toBeGreaterThan(0);
  }
}

const session = (linkType: number): PcapRecord[] => {
  const a = { address: '10.1.2.3', port: 13000 };
  const b = { address: '198.51.100.7', port: 9000 };
  const records: PcapRecord[] = [
    { data: buildUdpIPv4Frame(linkType, a, b, Uint8Array.from({ length: 40 }, (_, i) => i)), seconds: 1, nanoseconds: 5 },
    { data: buildLinkFrame(linkType, ETHERTYPE_IPV4, buildIPv4Packet(a.address, b.address, 6, new Uint8Array(20))) },
    { data: buildUdpIPv6Frame(linkType, { address: '2001:db8::1', port: 1 }, { address: '2001:db8::2', port: 2 }, new Uint8Array(12)) },
    { data: buildUdpIPv4Frame(linkType, b, a, new Uint8Array(100), { ipv4: { moreFragments: true } }) },
  ];
  if (linkType === LINKTYPE_ETHERNET || linkType === LINKTYPE_LINUX_SLL2) {
    records.push({ data: buildLinkFrame(linkType, ETHERTYPE_ARP, new Uint8Array(28)) });
  }
  return records;
};

const VALID_FILES = [LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL2, LINKTYPE_NULL, LINKTYPE_RAW].flatMap((linkType) => [
  writePcap(session(linkType), linkType),
  writePcap(session(linkType), linkType, { bigEndian: true, nanoseconds: true, snaplen: 70 }),
]);

describe('capture readers under random input', () => {
  it('never throw on random bytes, whatever the file name', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 600 }),
        fc.constantFrom(undefined, 'x', 'x.pcap', 'x.cap', 'x.jsonl', 'x.bin', 'x.packet'),
        (bytes, fileName) => {
          fc.pre(!startsAsPcapng(bytes));
          expectBounded(parseCapture(bytes, { fileName }), bytes);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never throw on a valid pcap header followed by random records', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SUPPORTED_LINK_TYPES),
        fc.boolean(),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 120 }), fc.uint8Array({ maxLength: 120 }), fc.integer({ min: 0, max: 200 })), { maxLength: 8 }),
        (linkType, bigEndian, records) => {
          const bytes = writePcap(records.map(([, data, extra]) => ({ data, originalLength: data.length + extra })), linkType, { bigEndian });
          // Overwrite each record's stated length with a random one to misalign what follows.
          const view = new DataView(bytes.buffer);
          let offset = PCAP_GLOBAL_HEADER_LENGTH;
          for (const [stated, data] of records) {
            if (stated % 3 === 0) view.setUint32(offset + 8, stated, !bigEndian);
            offset += PCAP_RECORD_HEADER_LENGTH + data.length;
          }
          expectBounded(parseCapture(bytes), bytes);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never throw on random corruptions or truncations of a valid pcap', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VALID_FILES),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 12 }),
        fc.option(fc.nat()),
        (valid, changes, cut) => {
          const bytes = valid.slice(0, cut === null ? valid.length : cut % (valid.length + 1));
          for (const [position, value] of changes) if (bytes.length > 0) bytes[position % bytes.length] = value;
          fc.pre(!startsAsPcapng(bytes));
          expectBounded(parseCapture(bytes), bytes);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('never throw on random JSON-lines text, with one entry per non-blank line', () => {
    const line = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.record({ t: fc.oneof(fc.double(), fc.string()), dir: fc.string(), hex: fc.oneof(fc.string(), fc.uint8Array({ maxLength: 20 }).map((b) => Buffer.from(b).toString('hex'))) })
        .map((record) => JSON.stringify(record)),
      fc.json(),
    ).map((text) => text.replace(/\n/g, ' '));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), (lines) => {
        const bytes = new TextEncoder().encode(lines.join('\n'));
        const result = parseJsonLines(bytes);
        const nonBlank = lines.join('\n').replace(/^\uFEFF/, '').split('\n').filter((l) => l.replace(/[ \t\r]/g, '') !== '');
        expect(result.entries).toHaveLength(nonBlank.length);
        expectBounded(result, bytes);
      }),
      { numRuns: 1000 },
    );
  });
});
