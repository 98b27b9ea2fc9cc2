import { describe, expect, it } from 'vitest';
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from './ip-address.ts';

describe('IPv4 text', () => {
  it('formats and parses dotted quads', () => {
    expect(formatIPv4(Uint8Array.from([9, 192, 168, 0, 255]), 1)).toBe('192.168.0.255');
    expect(parseIPv4('10.0.255.1')).toEqual(Uint8Array.from([10, 0, 255, 1]));
  });

  it('rejects malformed addresses with the reason', () => {
    expect(() => parseIPv4('10.0.1')).toThrow("invalid IPv4 address '10.0.1': expected four dotted numbers");
    expect(() => parseIPv4('10.0.1.256')).toThrow("'256' is not a number from 0 to 255");
    expect(() => parseIPv4('10.0.1.x')).toThrow("'x' is not a number");
  });
});

describe('IPv6 text (RFC 5952)', () => {
  const roundTrip = (text: string): string => formatIPv6(parseIPv6(text), 0);

  it('compresses the longest run of zero groups, the first on a tie', () => {
    expect(roundTrip('2001:0db8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
    expect(roundTrip('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(roundTrip('2001:db8:0:1:0:0:0:1')).toBe('2001:db8:0:1::1');
    expect(roundTrip('0:0:0:0:0:0:0:0')).toBe('::');
    expect(roundTrip('0:0:0:0:0:0:0:1')).toBe('::1');
    expect(roundTrip('fe80:0:0:0:0:0:0:0')).toBe('fe80::');
  });

  it('never compresses a single zero group and writes lowercase hex', () => {
    expect(roundTrip('2001:DB8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1');
  });

  it('keeps the dotted tail of IPv4-mapped addresses', () => {
    expect(roundTrip('::ffff:c000:0201')).toBe('::ffff:192.0.2.1');
    expect(parseIPv6('::ffff:192.0.2.1')).toEqual(parseIPv6('::ffff:c000:201'));
  });

  it('rejects malformed addresses with the reason', () => {
    expect(() => parseIPv6('1::2::3')).toThrow("'::' appears more than once");
    expect(() => parseIPv6('1:2:3')).toThrow('wrong number of groups (3)');
    expect(() => parseIPv6('1:2:3:4:5:6:7::8')).toThrow('wrong number of groups (8)');
    expect(() => parseIPv6('12345::')).toThrow("'12345' is not a group of 1 to 4 hex digits");
    expect(() => parseIPv6('fe80::1%eth0')).toThrow("'1%eth0' is not a group");
  });
});
