import { describe, expect, it } from 'vitest';
import { ETHERTYPE_ARP, ETHERTYPE_IPV4, LINKTYPE_ETHERNET, LINKTYPE_IPV4, LINKTYPE_NULL, LINKTYPE_RAW } from './link-layer.ts';
import { buildIPv4Packet, buildLinkFrame, buildUdpIPv4Frame, buildUdpIPv6Frame, writePcap } from './pcap-writer.ts';

/** Independent one's-complement check: a correct checksum makes the sum 0xffff. */
function sum16(...parts: Uint8Array[]): number {
  let sum = 0;
  for (const bytes of parts) {
    for (let i = 0; i < bytes.length; i += 2) sum += (bytes[i] << 8) | (bytes[i + 1] ?? 0);
  }
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('writePcap', () => {
  it('writes the global header and record headers in the chosen byte order and resolution', () => {
    const data = Uint8Array.from([1, 2, 3]);
    const little = writePcap([{ data, seconds: 0x01020304, nanoseconds: 5_678_999 }], LINKTYPE_RAW);
    expect(hex(little)).toBe(
      'd4c3b2a1' + '0200' + '0400' + '00000000' + '00000000' + '00000400' + '65000000' +
        '04030201' + '2e160000' + '03000000' + '03000000' + '010203',
    );
    const big = writePcap([{ data, seconds: 1, nanoseconds: 5_678_999 }], LINKTYPE_RAW, { bigEndian: true, nanoseconds: true, snaplen: 96 });
    expect(hex(big.subarray(0, 24))).toBe('a1b23c4d' + '0002' + '0004' + '00000000' + '00000000' + '00000060' + '00000065');
    expect(hex(big.subarray(24, 40))).toBe('00000001' + '0056a797' + '00000003' + '00000003');
  });

  it('cuts frames to the snaplen and keeps their original length', () => {
    const file = writePcap([{ data: new Uint8Array(100) }], LINKTYPE_RAW, { snaplen: 40 });
    const view = new DataView(file.buffer);
    expect(file.length).toBe(24 + 16 + 40);
    expect(view.getUint32(32, true)).toBe(40);
    expect(view.getUint32(36, true)).toBe(100);
  });

  it('rejects out-of-range fields', () => {
    expect(() => writePcap([{ data: new Uint8Array(1), nanoseconds: 1e9 }], LINKTYPE_RAW)).toThrow(
      'nanoseconds must be an integer from 0 to 999999999, got 1000000000',
    );
    expect(() => writePcap([{ data: new Uint8Array(1), seconds: -1 }], LINKTYPE_RAW)).toThrow(RangeError);
  });
});

describe('frame builders', () => {
  it('fills in the IPv4 header checksum (the widely published c0a8:0001 → c0a8:00c7 example, checksum b861)', () => {
    const packet = buildIPv4Packet('192.168.0.1', '192.168.0.199', 17, new Uint8Array(95), { dontFragment: true });
    expect(hex(packet.subarray(0, 20))).toBe('4500007300004000' + '4011b861' + 'c0a80001' + 'c0a800c7');
  });

  it('fills in UDP checksums over the IPv4 and IPv6 pseudo-headers', () => {
    const payload = Uint8Array.from([0xde, 0xad, 0xbe, 0xef, 0x01]);
    const v4 = buildUdpIPv4Frame(LINKTYPE_RAW, { address: '10.0.0.1', port: 1234 }, { address: '10.0.0.2', port: 9000 }, payload);
    const udp4 = v4.subarray(20);
    expect(sum16(v4.subarray(12, 20), Uint8Array.from([0, 17, 0, udp4.length]), udp4)).toBe(0xffff);

    const v6 = buildUdpIPv6Frame(LINKTYPE_RAW, { address: 'fe80::1', port: 1234 }, { address: 'fe80::2', port: 9000 }, payload);
    const udp6 = v6.subarray(40);
    expect(sum16(v6.subarray(8, 40), Uint8Array.from([0, 0, 0, udp6.length, 0, 0, 0, 17]), udp6)).toBe(0xffff);
  });

  it('writes VLAN tags outermost first, QinQ outside 802.1Q, and pads Ethernet to 60 bytes', () => {
    const frame = buildLinkFrame(LINKTYPE_ETHERNET, ETHERTYPE_ARP, new Uint8Array(4), { vlanIds: [10, 20] });
    expect(frame.length).toBe(60);
    expect(hex(frame.subarray(12, 22))).toBe('88a8000a' + '81000014' + '0806');
  });

  it('writes the loopback family in the requested byte order', () => {
    const packet = buildIPv4Packet('127.0.0.1', '127.0.0.1', 17, new Uint8Array(8));
    expect(hex(buildLinkFrame(LINKTYPE_NULL, ETHERTYPE_IPV4, packet).subarray(0, 4))).toBe('02000000');
    expect(hex(buildLinkFrame(LINKTYPE_NULL, ETHERTYPE_IPV4, packet, { nullBigEndian: true }).subarray(0, 4))).toBe('00000002');
  });

  it('rejects frames a link type cannot carry and values out of range', () => {
    expect(() => buildLinkFrame(LINKTYPE_NULL, ETHERTYPE_ARP, new Uint8Array(28))).toThrow('carries only IPv4 or IPv6, not EtherType 0x806');
    expect(() => buildUdpIPv6Frame(LINKTYPE_IPV4, { address: '::1', port: 1 }, { address: '::1', port: 2 }, new Uint8Array(0))).toThrow(
      'link type 228 cannot carry EtherType 0x86dd',
    );
    expect(() => buildLinkFrame(LINKTYPE_ETHERNET, ETHERTYPE_IPV4, new Uint8Array(0), { vlanIds: [4096] })).toThrow('VLAN ID');
    expect(() => buildLinkFrame(105, ETHERTYPE_IPV4, new Uint8Array(0))).toThrow('cannot build frames for link type 105');
    expect(() => buildUdpIPv4Frame(LINKTYPE_RAW, { address: '1.2.3.4', port: 70000 }, { address: '1.2.3.4', port: 1 }, new Uint8Array(0))).toThrow(
      'source port must be an integer from 0 to 65535',
    );
    expect(() => buildUdpIPv4Frame(LINKTYPE_RAW, { address: '1.2.3.4', port: 1 }, { address: '1.2.3.4', port: 1 }, new Uint8Array(65520))).toThrow(
      'IPv4 total length',
    );
  });
});
