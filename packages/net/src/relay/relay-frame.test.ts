import { describe, expect, it } from 'vitest';
import {
  checkRelayFrame,
  endpointKey,
  formatIpv4,
  formatRelayControl,
  MAX_RELAY_FRAME,
  parseIpv4,
  parseRelayControl,
  readRelayFrameAddress,
  readRelayFramePort,
  RELAY_FRAME_HEADER,
  RelayProtocolError,
  writeRelayFrame,
} from './relay-frame.ts';

describe('parseIpv4 / formatIpv4', () => {
  it('reads dotted quads, first octet highest', () => {
    expect(parseIpv4('127.0.0.1')).toBe(0x7f000001);
    expect(parseIpv4('255.255.255.255')).toBe(0xffffffff);
    expect(parseIpv4('0.0.0.0')).toBe(0);
    expect(parseIpv4('192.168.1.20')).toBe(0xc0a80114);
    expect(formatIpv4(0xc0a80114)).toBe('192.168.1.20');
    expect(formatIpv4(0xffffffff)).toBe('255.255.255.255');
  });

  it('rejects everything that is not exactly four octets', () => {
    for (const bad of ['', '1.2.3', '1.2.3.4.5', '256.0.0.1', '1..2.3', '1.2.3.', '.1.2.3', 'a.b.c.d', '1.2.3.4 ', 'localhost', '::1', '1.2.3.0004']) {
      expect(parseIpv4(bad), bad).toBe(-1);
    }
  });

  it('keys endpoints uniquely by address and port', () => {
    expect(endpointKey(0xffffffff, 65535)).toBe(0xffffffff * 65536 + 65535);
    expect(endpointKey(1, 0)).not.toBe(endpointKey(0, 65535));
  });
});

describe('relay frames', () => {
  it('writes [IPv4][port BE][datagram] and reads it back', () => {
    const datagram = Uint8Array.of(0x40, 0, 0, 0, 1, 0xff, 0xff, 0, 3);
    const out = new Uint8Array(64).fill(0xee);
    const n = writeRelayFrame(out, parseIpv4('10.1.2.3'), 9000, datagram, 7);
    expect(n).toBe(RELAY_FRAME_HEADER + 7);
    expect([...out.subarray(0, n)]).toEqual([10, 1, 2, 3, 0x23, 0x28, 0x40, 0, 0, 0, 1, 0xff, 0xff]);
    expect(out[n]).toBe(0xee);
    const frame = out.subarray(0, n);
    checkRelayFrame(frame);
    expect(formatIpv4(readRelayFrameAddress(frame))).toBe('10.1.2.3');
    expect(readRelayFramePort(frame)).toBe(9000);
  });

  it('reads high addresses and ports as unsigned', () => {
    const out = new Uint8Array(RELAY_FRAME_HEADER);
    writeRelayFrame(out, 0xfe000001, 65535, new Uint8Array(0), 0);
    expect(readRelayFrameAddress(out)).toBe(0xfe000001);
    expect(readRelayFramePort(out)).toBe(65535);
  });

  it('refuses bad arguments with the reason', () => {
    const bytes = new Uint8Array(10);
    expect(() => writeRelayFrame(new Uint8Array(8), 1, 1, bytes, 10)).toThrow(/output holds 8 bytes, the frame needs 16/);
    expect(() => writeRelayFrame(new Uint8Array(32), 1, 70000, bytes, 1)).toThrow(/port 70000/);
    expect(() => writeRelayFrame(new Uint8Array(32), -1, 1, bytes, 1)).toThrow(/address -1/);
    expect(() => writeRelayFrame(new Uint8Array(32), 1, 1, bytes, 11)).toThrow(/length 11/);
  });

  it('checks frame bounds', () => {
    expect(() => checkRelayFrame(new Uint8Array(5))).toThrow(RelayProtocolError);
    expect(() => checkRelayFrame(new Uint8Array(5))).toThrow(/5 bytes, shorter than its 6-byte address header/);
    expect(() => checkRelayFrame(new Uint8Array(MAX_RELAY_FRAME + 1))).toThrow(/over the 65513-byte limit/);
    expect(() => checkRelayFrame(new Uint8Array(MAX_RELAY_FRAME))).not.toThrow();
  });
});

describe('relay control messages', () => {
  it('round-trips every kind', () => {
    for (const control of [
      { type: 'hello', token: 'abc' },
      { type: 'refused', host: '1.2.3.4', port: 9000, reason: 'not granted' },
      { type: 'error', reason: 'bad frame' },
    ] as const) {
      expect(parseRelayControl(formatRelayControl(control))).toEqual(control);
    }
  });

  it('says what is wrong with a bad message', () => {
    expect(() => parseRelayControl('nope')).toThrow(/not JSON/);
    expect(() => parseRelayControl('[1]')).toThrow(/not a JSON object/);
    expect(() => parseRelayControl('{"type":"hello"}')).toThrow(/"token" is not a string/);
    expect(() => parseRelayControl('{"type":"hello","token":""}')).toThrow(/empty token/);
    expect(() => parseRelayControl('{"type":"refused","host":"h","port":70000,"reason":"r"}')).toThrow(/"port" is not an integer/);
    expect(() => parseRelayControl('{"type":"bye"}')).toThrow(/unknown "type" "bye"/);
    expect(() => parseRelayControl(`"${'x'.repeat(5000)}"`)).toThrow(/longer than 4096/);
  });
});
