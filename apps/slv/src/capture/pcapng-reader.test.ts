import { describe, expect, it } from 'vitest';
import { LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL, LINKTYPE_NULL } from './link-layer.ts';
import { parseCapture } from './parse-capture.ts';
import { buildUdpIPv4Frame, pcapngBlock } from './pcap-writer.ts';

const block = pcapngBlock;

function fields(sizes: [number, number | bigint][], le = true, tail: Uint8Array = new Uint8Array(0)): Uint8Array {
  const length = sizes.reduce((n, [size]) => n + size, 0);
  const out = new Uint8Array(length + tail.length);
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const [size, value] of sizes) {
    if (size === 2) view.setUint16(offset, Number(value), le);
    else if (size === 4) view.setUint32(offset, Number(value), le);
    else view.setBigInt64(offset, BigInt(value), le);
    offset += size;
  }
  out.set(tail, length);
  return out;
}

const sectionHeader = (le = true) => block(0x0a0d0d0a, fields([[4, 0x1a2b3c4d], [2, 1], [2, 0], [8, -1n]], le), le);
/** An IDB; `nanoseconds` adds the if_tsresol option (9) and the end of options. */
const interfaceDescription = (linkType: number, le = true, nanoseconds = false) => {
  const options = nanoseconds ? Uint8Array.from([...(le ? [9, 0, 1, 0] : [0, 9, 0, 1]), 9, 0, 0, 0, 0, 0, 0, 0]) : new Uint8Array(0);
  return block(1, fields([[2, linkType], [2, 0], [4, 65535]], le, options), le);
};
const enhancedPacket = (iface: number, ticks: number, frame: Uint8Array, le = true) =>
  block(6, fields([[4, iface], [4, 0], [4, ticks], [4, frame.length], [4, frame.length]], le, frame), le);
const simplePacket = (frame: Uint8Array) => block(3, fields([[4, frame.length]], true, frame));

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) { out.set(part, offset); offset += part.length; }
  return out;
};

const frame = (linkType: number, port: number, payload: number) =>
  buildUdpIPv4Frame(linkType, { address: '10.0.0.1', port }, { address: '10.0.0.2', port: 13000 }, Uint8Array.from([payload]));

describe('pcapng', () => {
  it('reads enhanced and simple packet blocks over several interfaces, link types, sections and byte orders', () => {
    const file = concat(
      sectionHeader(),
      interfaceDescription(LINKTYPE_ETHERNET),
      interfaceDescription(LINKTYPE_NULL, true, true),
      enhancedPacket(0, 2_000_000, frame(LINKTYPE_ETHERNET, 1, 0xa1)),
      block(5, new Uint8Array(8)), // interface statistics: skipped
      enhancedPacket(1, 3_000_000_000, frame(LINKTYPE_NULL, 2, 0xa2)),
      simplePacket(frame(LINKTYPE_ETHERNET, 3, 0xa3)),
      // A second, big-endian section has its own interface list.
      sectionHeader(false),
      interfaceDescription(LINKTYPE_LINUX_SLL, false),
      enhancedPacket(0, 5_000_000, frame(LINKTYPE_LINUX_SLL, 4, 0xa4), false),
    );
    const result = parseCapture(file, { fileName: 'session.pcapng' });
    expect(result.format).toBe('pcapng');
    expect(result.linkType).toBeUndefined();
    expect(result.skipped).toBe(0);
    const datagrams = result.entries.filter((e) => e.kind === 'datagram');
    expect(result.entries.filter((e) => e.kind === 'error')).toEqual([]);
    expect(datagrams.map((d) => [d.source?.port, d.payload[0]])).toEqual([[1, 0xa1], [2, 0xa2], [3, 0xa3], [4, 0xa4]]);
    // Microseconds by default; the loopback interface said nanoseconds.
    expect(datagrams[0]!.timestamp).toBeCloseTo(2, 9);
    expect(datagrams[1]!.timestamp).toBeCloseTo(3, 9);
    expect(datagrams[3]!.timestamp).toBeCloseTo(5, 9);
  });

  it('reports a packet naming an interface the section lacks, and a truncated block, as errors', () => {
    const file = concat(sectionHeader(), interfaceDescription(LINKTYPE_ETHERNET), enhancedPacket(3, 0, frame(LINKTYPE_ETHERNET, 1, 1)));
    const cut = enhancedPacket(0, 0, frame(LINKTYPE_ETHERNET, 1, 1)).subarray(0, 20);
    const errors = parseCapture(concat(file, cut)).entries.filter((e) => e.kind === 'error');
    expect(errors.map((e) => (e as { error: string }).error)).toEqual([
      expect.stringMatching(/pcapng block 3 at byte \d+: packet names interface 3, but the section describes 1/),
      expect.stringMatching(/pcapng block 4 at byte \d+: block length .* past the end of the file/),
    ]);
  });
});
