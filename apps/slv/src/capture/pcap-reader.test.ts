import { describe, expect, it } from 'vitest';
import type { CaptureEntry, CaptureReadResult, CapturedDatagram, Endpoint } from './capture-types.ts';
import {
  ETHERTYPE_ARP, ETHERTYPE_IPV4, ETHERTYPE_IPV6, LINKTYPE_ETHERNET, LINKTYPE_IPV4, LINKTYPE_IPV6, LINKTYPE_LINUX_SLL,
  LINKTYPE_LINUX_SLL2, LINKTYPE_LOOP, LINKTYPE_NULL, LINKTYPE_RAW, LINKTYPE_RAW_DLT, LINKTYPE_RAW_DLT_OPENBSD,
} from './link-layer.ts';
import { parsePcap } from './pcap-reader.ts';
import {
  type LinkFrameOptions, type PcapRecord, type PcapWriteOptions, buildIPv4Packet, buildIPv6Packet, buildLinkFrame,
  buildUdpIPv4Frame, buildUdpIPv6Frame, writePcap,
} from './pcap-writer.ts';

const CLIENT_V4: Endpoint = { address: '192.168.1.10', port: 54321 };
const SIM_V4: Endpoint = { address: '203.0.113.5', port: 9000 };
const CLIENT_V6: Endpoint = { address: '2001:db8::10', port: 50000 };
const SIM_V6: Endpoint = { address: '2001:db8:0:1::5', port: 13005 };

const PAYLOAD_A = Uint8Array.from([0x40, 0x00, 0x00, 0x00, 0x01, 0x00, 0xff, 0xff, 0x00, 0x03, 0xde, 0xad]);
const PAYLOAD_B = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff);

const TCP_HEADER = Uint8Array.from([0x1f, 0x90, 0xd4, 0x31, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x10, 0xff, 0xff, 0, 0, 0, 0]);
const ARP_BODY = Uint8Array.from({ length: 28 }, (_, i) => i);
const ICMP_ECHO = Uint8Array.from([8, 0, 0xf7, 0xff, 0, 0, 0, 0]);

const datagrams = (result: CaptureReadResult): Array<{ kind: 'datagram' } & CapturedDatagram> =>
  result.entries.filter((e): e is { kind: 'datagram' } & CapturedDatagram => e.kind === 'datagram');
const errors = (result: CaptureReadResult): string[] =>
  result.entries.flatMap((e: CaptureEntry) => (e.kind === 'error' ? [e.error] : []));

interface LinkCase {
  name: string;
  linkType: number;
  ipv6?: boolean;
  options?: LinkFrameOptions;
  hasArp: boolean;
}

const LINK_CASES: LinkCase[] = [
  { name: 'Ethernet', linkType: LINKTYPE_ETHERNET, hasArp: true },
  { name: 'Ethernet with an 802.1Q VLAN tag', linkType: LINKTYPE_ETHERNET, options: { vlanIds: [100] }, hasArp: true },
  { name: 'Ethernet with stacked QinQ tags', linkType: LINKTYPE_ETHERNET, options: { vlanIds: [10, 20, 30] }, hasArp: true },
  { name: 'Linux cooked SLL', linkType: LINKTYPE_LINUX_SLL, hasArp: true },
  { name: 'Linux cooked SLL2', linkType: LINKTYPE_LINUX_SLL2, hasArp: true },
  { name: 'BSD NULL, little-endian host', linkType: LINKTYPE_NULL, hasArp: false },
  { name: 'BSD NULL, big-endian host', linkType: LINKTYPE_NULL, options: { nullBigEndian: true }, hasArp: false },
  { name: 'OpenBSD LOOP', linkType: LINKTYPE_LOOP, hasArp: false },
  { name: 'raw IP (101)', linkType: LINKTYPE_RAW, hasArp: false },
  { name: 'raw IP (DLT 12)', linkType: LINKTYPE_RAW_DLT, hasArp: false },
  { name: 'raw IP (OpenBSD DLT 14)', linkType: LINKTYPE_RAW_DLT_OPENBSD, hasArp: false },
  { name: 'raw IPv4 (228)', linkType: LINKTYPE_IPV4, hasArp: false },
  { name: 'IPv6 over Ethernet', linkType: LINKTYPE_ETHERNET, ipv6: true, hasArp: true },
  { name: 'IPv6 over Ethernet with a VLAN tag', linkType: LINKTYPE_ETHERNET, ipv6: true, options: { vlanIds: [7] }, hasArp: true },
  { name: 'IPv6 over SLL2', linkType: LINKTYPE_LINUX_SLL2, ipv6: true, hasArp: true },
  { name: 'IPv6 over BSD NULL', linkType: LINKTYPE_NULL, ipv6: true, hasArp: false },
  { name: 'IPv6 over LOOP', linkType: LINKTYPE_LOOP, ipv6: true, hasArp: false },
  { name: 'raw IPv6 (101)', linkType: LINKTYPE_RAW, ipv6: true, hasArp: false },
  { name: 'raw IPv6 (229)', linkType: LINKTYPE_IPV6, ipv6: true, hasArp: false },
];

const FILE_VARIANTS: Array<{ name: string; options: PcapWriteOptions }> = [
  { name: 'little-endian µs', options: {} },
  { name: 'big-endian µs', options: { bigEndian: true } },
  { name: 'little-endian ns', options: { nanoseconds: true } },
  { name: 'big-endian ns', options: { bigEndian: true, nanoseconds: true } },
];

/** UDP out, a TCP segment, ARP (or ICMP where the link cannot carry ARP), UDP back. */
function buildSession(link: LinkCase): PcapRecord[] {
  const [client, sim] = link.ipv6 === true ? [CLIENT_V6, SIM_V6] : [CLIENT_V4, SIM_V4];
  const udp = link.ipv6 === true ? buildUdpIPv6Frame : buildUdpIPv4Frame;
  const tcp = link.ipv6 === true
    ? buildLinkFrame(link.linkType, ETHERTYPE_IPV6, buildIPv6Packet(client.address, sim.address, 6, TCP_HEADER), link.options)
    : buildLinkFrame(link.linkType, ETHERTYPE_IPV4, buildIPv4Packet(client.address, sim.address, 6, TCP_HEADER), link.options);
  const third = link.hasArp
    ? buildLinkFrame(link.linkType, ETHERTYPE_ARP, ARP_BODY, link.options)
    : link.ipv6 === true
      ? buildLinkFrame(link.linkType, ETHERTYPE_IPV6, buildIPv6Packet(client.address, sim.address, 58, ICMP_ECHO), link.options)
      : buildLinkFrame(link.linkType, ETHERTYPE_IPV4, buildIPv4Packet(client.address, sim.address, 1, ICMP_ECHO), link.options);
  return [
    { data: udp(link.linkType, client, sim, PAYLOAD_A, link.options), seconds: 1000, nanoseconds: 123_456_789 },
    { data: tcp, seconds: 1000, nanoseconds: 200_000_000 },
    { data: third, seconds: 1000, nanoseconds: 300_000_000 },
    { data: udp(link.linkType, sim, client, PAYLOAD_B, link.options), seconds: 1_700_000_000, nanoseconds: 500_000_000 },
  ];
}

describe('parsePcap over every supported link type', () => {
  for (const link of LINK_CASES) {
    for (const variant of FILE_VARIANTS) {
      it(`${link.name}, ${variant.name}`, () => {
        const result = parsePcap(writePcap(buildSession(link), link.linkType, variant.options));
        expect(result.format).toBe('pcap');
        expect(result.linkType).toBe(link.linkType);
        expect(errors(result)).toEqual([]);
        expect(result.skipped).toBe(2);

        const [first, second] = datagrams(result);
        expect(datagrams(result)).toHaveLength(2);
        const [client, sim] = link.ipv6 === true ? [CLIENT_V6, SIM_V6] : [CLIENT_V4, SIM_V4];
        expect(first.index).toBe(0);
        expect(first.source).toEqual(client);
        expect(first.destination).toEqual(sim);
        expect(first.payload).toEqual(PAYLOAD_A);
        expect(second.index).toBe(3);
        expect(second.source).toEqual(sim);
        expect(second.destination).toEqual(client);
        expect(second.payload).toEqual(PAYLOAD_B);

        const expectedFirst = variant.options.nanoseconds === true ? 1000.123456789 : 1000.123456;
        expect(first.timestamp).toBeCloseTo(expectedFirst, 9);
        expect(second.timestamp).toBe(1_700_000_000.5);
      });
    }
  }
});

describe('parsePcap details', () => {
  it('keeps payloads as views into the file and ignores Ethernet padding', () => {
    const tiny = Uint8Array.from([1, 2, 3]);
    const file = writePcap([{ data: buildUdpIPv4Frame(LINKTYPE_ETHERNET, CLIENT_V4, SIM_V4, tiny) }], LINKTYPE_ETHERNET);
    const [datagram] = datagrams(parsePcap(file));
    expect(datagram.payload).toEqual(tiny);
    expect(datagram.payload.buffer).toBe(file.buffer);
  });

  it('reads an empty UDP payload', () => {
    const file = writePcap([{ data: buildUdpIPv4Frame(LINKTYPE_RAW, CLIENT_V4, SIM_V4, new Uint8Array(0)) }], LINKTYPE_RAW);
    const [datagram] = datagrams(parsePcap(file));
    expect(datagram.payload.length).toBe(0);
    expect(datagram.destination).toEqual(SIM_V4);
  });

  it('reads a file with no records', () => {
    expect(parsePcap(writePcap([], LINKTYPE_ETHERNET))).toEqual({ format: 'pcap', linkType: 1, entries: [], skipped: 0 });
  });

  it('masks the FCS bits out of the link-type field', () => {
    const file = writePcap([{ data: buildUdpIPv4Frame(LINKTYPE_ETHERNET, CLIENT_V4, SIM_V4, PAYLOAD_A) }], LINKTYPE_ETHERNET);
    new DataView(file.buffer).setUint32(20, 0x1400_0001, true); // F bit + FCS length 4
    const result = parsePcap(file);
    expect(result.linkType).toBe(LINKTYPE_ETHERNET);
    expect(datagrams(result)[0].payload).toEqual(PAYLOAD_A);
  });

  it('counts non-IP EtherTypes and unknown loopback families as skipped', () => {
    const lldp = buildLinkFrame(LINKTYPE_ETHERNET, 0x88cc, new Uint8Array(20));
    const llc = buildLinkFrame(LINKTYPE_ETHERNET, 0x0030, new Uint8Array(48)); // 802.3 length field
    const ethernet = parsePcap(writePcap([{ data: lldp }, { data: llc }], LINKTYPE_ETHERNET));
    expect(ethernet).toMatchObject({ entries: [], skipped: 2 });

    const appletalk = Uint8Array.from([16, 0, 0, 0, 1, 2, 3, 4]);
    expect(parsePcap(writePcap([{ data: appletalk }], LINKTYPE_NULL))).toMatchObject({ entries: [], skipped: 1 });
  });

  it('walks IPv6 extension headers and accepts an atomic fragment', () => {
    const udpBytes = buildUdpIPv6Frame(LINKTYPE_RAW, CLIENT_V6, SIM_V6, PAYLOAD_A).subarray(40);
    const hopByHop = Uint8Array.from([44, 0, 1, 4, 0, 0, 0, 0]); // next: fragment; PadN
    const atomicFragment = Uint8Array.from([17, 0, 0, 0, 0, 0, 0x12, 0x34]);
    const packet = buildIPv6Packet(CLIENT_V6.address, SIM_V6.address, 0, Uint8Array.from([...hopByHop, ...atomicFragment, ...udpBytes]));
    const [datagram] = datagrams(parsePcap(writePcap([{ data: packet }], LINKTYPE_RAW)));
    expect(datagram.payload).toEqual(PAYLOAD_A);
    expect(datagram.source).toEqual(CLIENT_V6);
    expect(datagram.destination).toEqual(SIM_V6);
  });
});

describe('parsePcap errors', () => {
  const frame = (payload: Uint8Array = PAYLOAD_A): Uint8Array => buildUdpIPv4Frame(LINKTYPE_ETHERNET, CLIENT_V4, SIM_V4, payload);
  const three = (): Uint8Array => writePcap([{ data: frame() }, { data: frame() }, { data: frame() }], LINKTYPE_ETHERNET);

  it('reports a truncated global header', () => {
    const result = parsePcap(writePcap([], LINKTYPE_ETHERNET).subarray(0, 10));
    expect(result.entries).toEqual([
      { kind: 'error', index: 0, error: 'pcap global header truncated: the file has 10 bytes, the header needs 24' },
    ]);
  });

  it('reports an unsupported version or link type', () => {
    const file = writePcap([], 105);
    expect(errors(parsePcap(file))[0]).toMatch(/unsupported pcap link type 105 at byte 20/);
    file[20] = 1;
    file[4] = 3;
    expect(errors(parsePcap(file))[0]).toMatch(/unsupported pcap version 3\.4/);
  });

  it('reports a snaplen-cut record in the middle and reads on', () => {
    const file = writePcap([{ data: frame() }, { data: frame(PAYLOAD_B) }, { data: frame() }], LINKTYPE_ETHERNET, { snaplen: 64 });
    const result = parsePcap(file);
    expect(result.entries.map((e) => e.kind)).toEqual(['datagram', 'error', 'datagram']);
    const cut = result.entries[1];
    expect(cut).toMatchObject({ index: 1 });
    expect(errors(result)[0]).toBe(
      'pcap record 2 at byte 100: IPv4 total length 328 at frame byte 16 exceeds the 50 bytes captured ' +
        '(frame cut to 64 of 342 bytes by snaplen 64)',
    );
    expect(datagrams(result)[1]).toMatchObject({ index: 2, payload: PAYLOAD_A });
  });

  it('reports a record whose length runs past the end of the file and stops', () => {
    const file = three();
    new DataView(file.buffer).setUint32(24 + 76 + 8, 0xffffffff, true); // record 2's incl_len
    const result = parsePcap(file);
    expect(result.entries.map((e) => e.kind)).toEqual(['datagram', 'error']);
    expect(errors(result)[0]).toBe(
      'pcap record 2 at byte 100: record truncated: its header says 4294967295 captured bytes but the file ends after 136',
    );
  });

  it('reports a truncated final record', () => {
    const result = parsePcap(three().slice(0, -5));
    expect(result.entries.map((e) => e.kind)).toEqual(['datagram', 'datagram', 'error']);
    expect(result.entries[2]).toEqual({
      kind: 'error', index: 2,
      error: 'pcap record 3 at byte 176: record truncated: its header says 60 captured bytes but the file ends after 55',
    });
  });

  it('reports a truncated final record header', () => {
    const result = parsePcap(three().slice(0, 176 + 10));
    expect(errors(result)).toEqual(['pcap record 3 at byte 176: record header truncated (10 of 16 bytes)']);
  });

  it('reports IPv4 fragments without guessing, keeping their place in the list', () => {
    const first = buildUdpIPv4Frame(LINKTYPE_ETHERNET, CLIENT_V4, SIM_V4, PAYLOAD_B, { ipv4: { identification: 0x1c46, moreFragments: true } });
    const last = buildUdpIPv4Frame(LINKTYPE_ETHERNET, CLIENT_V4, SIM_V4, PAYLOAD_A, { ipv4: { identification: 0x1c46, fragmentOffset: 1480 } });
    const result = parsePcap(writePcap([{ data: frame() }, { data: first }, { data: last }, { data: frame() }], LINKTYPE_ETHERNET));
    expect(result.entries.map((e) => [e.kind, e.index])).toEqual([['datagram', 0], ['error', 1], ['error', 2], ['datagram', 3]]);
    expect(errors(result)).toEqual([
      'pcap record 2 at byte 100: IPv4 fragment not reassembled (id 0x1c46, offset 0, more fragments follow)',
      'pcap record 3 at byte 458: IPv4 fragment not reassembled (id 0x1c46, offset 1480, last fragment)',
    ]);
  });

  it('reports IPv6 fragments and ESP', () => {
    const udpBytes = buildUdpIPv6Frame(LINKTYPE_RAW, CLIENT_V6, SIM_V6, PAYLOAD_A).subarray(40);
    const fragment = Uint8Array.from([17, 0, 0, 1, 0xab, 0xcd, 0xef, 0x01]); // offset 0, more fragments
    const fragmented = buildIPv6Packet(CLIENT_V6.address, SIM_V6.address, 44, Uint8Array.from([...fragment, ...udpBytes]));
    const esp = buildIPv6Packet(CLIENT_V6.address, SIM_V6.address, 50, new Uint8Array(24));
    const result = parsePcap(writePcap([{ data: fragmented }, { data: esp }], LINKTYPE_RAW));
    expect(errors(result)).toEqual([
      'pcap record 1 at byte 24: IPv6 fragment not reassembled (id 0xabcdef01, offset 0, more fragments follow)',
      'pcap record 2 at byte 108: IPv6 packet at frame byte 0 is ESP-encrypted: cannot tell whether it carries UDP',
    ]);
  });

  it('reports a bogus IHL', () => {
    const small = frame();
    small[14] = 0x43;
    const large = frame();
    large[14] = 0x4f;
    const result = parsePcap(writePcap([{ data: small }, { data: large }], LINKTYPE_ETHERNET));
    expect(errors(result)).toEqual([
      'pcap record 1 at byte 24: bogus IPv4 IHL 3 at frame byte 14 (12 bytes; the header is at least 20)',
      'pcap record 2 at byte 100: IPv4 IHL 15 at frame byte 14 means a 60-byte header but only 46 bytes remain',
    ]);
  });

  it('reports a UDP length larger than the frame, or smaller than its header', () => {
    const long = frame();
    new DataView(long.buffer).setUint16(14 + 20 + 4, 1000);
    const short = frame();
    new DataView(short.buffer).setUint16(14 + 20 + 4, 4);
    const result = parsePcap(writePcap([{ data: long }, { data: short }], LINKTYPE_ETHERNET));
    expect(errors(result)).toEqual([
      'pcap record 1 at byte 24: UDP length 1000 at frame byte 38 exceeds the 20 bytes left in the IPv4 packet',
      'pcap record 2 at byte 100: bogus UDP length 4 at frame byte 38 (less than the 8-byte header)',
    ]);
  });

  it('reports an IPv4 total length past the frame, and frames too short for their link header', () => {
    const long = frame();
    new DataView(long.buffer).setUint16(16, 200);
    const ethernet = parsePcap(writePcap([{ data: long }, { data: new Uint8Array(10) }], LINKTYPE_ETHERNET));
    expect(errors(ethernet)).toEqual([
      'pcap record 1 at byte 24: IPv4 total length 200 at frame byte 16 exceeds the 46 bytes captured',
      'pcap record 2 at byte 100: frame of 10 bytes is shorter than an Ethernet header (14)',
    ]);
    const raw = parsePcap(writePcap([{ data: Uint8Array.from([0x50, 0, 0, 0]) }, { data: new Uint8Array(0) }], LINKTYPE_RAW));
    expect(errors(raw)).toEqual([
      'pcap record 1 at byte 24: raw IP frame has IP version 5, expected 4 or 6',
      'pcap record 2 at byte 44: empty frame where a raw IP packet was expected',
    ]);
    const v6In228 = parsePcap(writePcap([{ data: buildUdpIPv6Frame(LINKTYPE_RAW, CLIENT_V6, SIM_V6, PAYLOAD_A) }], LINKTYPE_IPV4));
    expect(errors(v6In228)).toEqual(['pcap record 1 at byte 24: raw IP frame has IP version 6, expected 4']);
  });

  it('reports a truncated VLAN tag', () => {
    const tagged = buildLinkFrame(LINKTYPE_ETHERNET, ETHERTYPE_IPV4, new Uint8Array(0), { vlanIds: [5] }).subarray(0, 16);
    expect(errors(parsePcap(writePcap([{ data: tagged }], LINKTYPE_ETHERNET)))).toEqual([
      'pcap record 1 at byte 24: VLAN tag at frame byte 14 truncated (frame is 16 bytes)',
    ]);
  });
});
