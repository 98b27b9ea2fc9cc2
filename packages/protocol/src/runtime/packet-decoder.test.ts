import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { projectFixture } from '@slv/testing';
import { describe, expect, it } from 'vitest';
import { createPacketDecoder, createPacketEncoder, readerAs } from '../default-registry.ts';
import { DecodeStatus, describeKey } from './packet-decoder.ts';
import { MAX_PACKET_SIZE, PacketFlags } from './packet-header.ts';

const sessionDatagrams = readFileSync(projectFixture('opensim-0.9.2.2/session-login.udp.jsonl'), 'utf8')
  .trim().split('\n')
  .map((line) => Uint8Array.from(Buffer.from((JSON.parse(line) as { hex: string }).hex, 'hex')));

function packet(...bytes: number[]): Uint8Array {
  return Uint8Array.from(bytes);
}

describe('PacketDecoder framing', () => {
  const decoder = createPacketDecoder();

  it('reads all four message-number forms', () => {
    // High: StartPingCheck (1) PingID 7, OldestUnacked 0x01020304.
    expect(decoder.decode(packet(0, 0, 0, 0, 9, 0, 0x01, 7, 4, 3, 2, 1)), decoder.error).toBe(true);
    expect(decoder.message!.name).toBe('StartPingCheck');
    expect(decoder.sequence).toBe(9);
    expect(readerAs(decoder, 'StartPingCheck')!.PingID.OldestUnacked()).toBe(0x01020304);
    // One message of each frequency, through the encoder, so no number is hard-coded here.
    const encoder = createPacketEncoder();
    for (const name of ['RequestMultipleObjects', 'CompletePingCheck', 'UseCircuitCode', 'PacketAck', 'OpenCircuit', 'CloseCircuit'] as const) {
      const info = encoder.registry.get(name)!;
      const value = Object.fromEntries(info.blocks.map((b) => [b.name, b.kind === 'Single'
        ? Object.fromEntries(b.fields.map((f) => [f.name, f.type === 'LLUUID' ? '11111111-2222-3333-4444-555555555555' : f.type === 'IPADDR' ? '127.0.0.1' : f.type === 'Variable' ? new Uint8Array(0) : f.type === 'BOOL' ? true : 1]))
        : []]));
      const length = encoder.encode(info, value, { sequence: 1 });
      expect(decoder.decode(encoder.bytes, length), decoder.error).toBe(true);
      expect(decoder.message!.name).toBe(name);
    }
    // Fixed PacketAck is FF FF FF FB on the wire.
    expect(decoder.decode(packet(0, 0, 0, 0, 1, 0, 0xff, 0xff, 0xff, 0xfb, 1, 0x2a, 0, 0, 0))).toBe(true);
    expect(decoder.message!.name).toBe('PacketAck');
    expect(readerAs(decoder, 'PacketAck')!.Packets.ID(0)).toBe(42);
  });

  it('skips the extra header', () => {
    expect(decoder.decode(packet(0, 0, 0, 0, 1, 2, 0xaa, 0xbb, 0x01, 7, 4, 3, 2, 1)), decoder.error).toBe(true);
    expect(decoder.extraLength).toBe(2);
    expect(decoder.message!.name).toBe('StartPingCheck');
  });

  it('reads appended acks from the end, before zero-decoding', () => {
    const p = packet(PacketFlags.APPENDED_ACKS | PacketFlags.ZEROCODED, 0, 0, 0, 5, 0,
      0x01, 7, 0, 3, 1, /* acks: */ 0, 0, 0, 9, 0, 0, 1, 0, 2);
    expect(decoder.decode(p), decoder.error).toBe(true);
    expect(decoder.ackCount).toBe(2);
    expect(Array.from(decoder.acks.subarray(0, 2))).toEqual([256, 9]);
    expect(readerAs(decoder, 'StartPingCheck')!.PingID.OldestUnacked()).toBe(0x01000000);
  });
});

describe('PacketDecoder on bad input: a clear error, never a throw or a hang', () => {
  const decoder = createPacketDecoder();

  it('rejects packets too short or too long', () => {
    expect(decoder.decode(packet(0, 0, 0, 0, 1, 0))).toBe(false);
    expect(decoder.status).toBe(DecodeStatus.BadHeader);
    expect(decoder.error).toMatch(/6 bytes/);
    expect(decoder.decode(new Uint8Array(MAX_PACKET_SIZE + 1))).toBe(false);
    expect(decoder.status).toBe(DecodeStatus.BadHeader);
  });

  it('rejects an ack count larger than the packet', () => {
    expect(decoder.decode(packet(PacketFlags.APPENDED_ACKS, 0, 0, 0, 1, 0, 0x01, 7, 0, 0, 0, 0, 2))).toBe(false);
    expect(decoder.status).toBe(DecodeStatus.BadAcks);
    expect(decoder.error).toMatch(/2 appended acks/);
  });

  it('rejects zero-code bombs and dangling runs', () => {
    const bomb = new Uint8Array(1200);
    bomb[0] = PacketFlags.ZEROCODED;
    bomb[6] = 0x01;
    expect(decoder.decode(bomb)).toBe(false);
    expect(decoder.status).toBe(DecodeStatus.BadZeroCode);
    expect(decoder.error).toMatch(/expands past 8192/);
    expect(decoder.decode(packet(PacketFlags.ZEROCODED, 0, 0, 0, 1, 0, 0x01, 0))).toBe(false);
    expect(decoder.error).toMatch(/no count/);
  });

  it('reports an unknown message number with its number and the packet fields', () => {
    expect(decoder.decode(packet(PacketFlags.RELIABLE, 0, 0, 1, 0, 0, 0xff, 0xff, 0x7f, 0xf0, 1, 2))).toBe(false);
    expect(decoder.status).toBe(DecodeStatus.UnknownMessage);
    expect(decoder.error).toBe('unknown message number Low 32752 (0x7ff0) (seq 256, flags 0x40)');
    expect(decoder.reliable).toBe(true); // enough to still ack it
    expect(decoder.decode(packet(0, 0, 0, 0, 1, 0, 0xfe, 0))).toBe(false);
    expect(decoder.error).toMatch(/^unknown message number High 254/);
    expect(decoder.decode(packet(0, 0, 0, 0, 1, 0, 0xff, 0xff, 0xff))).toBe(false);
    expect(decoder.error).toMatch(/message number cut short/);
    expect(describeKey(0xfffffffb)).toBe('Fixed 0xFFFFFFFB');
    expect(describeKey(0xff05)).toBe('Medium 5');
  });

  it('names the field when a Variable length runs past the end', () => {
    // ImprovedTerseObjectUpdate (High 15): RegionData (U64 + U16), ObjectData Variable { Data Var1, TextureEntry Var2 }.
    const p = packet(0, 0, 0, 0, 1, 0, 15, ...new Array<number>(10).fill(1), 1, 0xff, 1, 2, 3);
    expect(decoder.decode(p)).toBe(false);
    expect(decoder.status).toBe(DecodeStatus.BadBody);
    expect(decoder.error).toMatch(/ImprovedTerseObjectUpdate: block ObjectData\[0\] field Data runs past the end/);
    const huge = packet(0, 0, 0, 0, 1, 0, 15, ...new Array<number>(10).fill(1), 1, 0, 0xff, 0xff);
    expect(decoder.decode(huge)).toBe(false);
    expect(decoder.error).toMatch(/field TextureEntry runs past the end of the body \(needs 65549 bytes, body has 14\)/);
  });

  it('treats a missing trailing Variable block as empty and reports unknown trailing bytes', () => {
    // KillObject (High 16): one Variable block.
    expect(decoder.decode(packet(0, 0, 0, 0, 1, 0, 16))).toBe(true);
    expect(readerAs(decoder, 'KillObject')!.ObjectData.count).toBe(0);
    expect(decoder.reader!.absentBlocks).toBe(1);
    expect(decoder.decode(packet(0, 0, 0, 0, 1, 0, 16, 1, 1, 0, 0, 0, 0xee, 0xee))).toBe(true);
    expect(readerAs(decoder, 'KillObject')!.ObjectData.ID(0)).toBe(1);
    expect(decoder.reader!.trailing).toBe(2);
  });

  it('handles every real datagram truncated at every length', () => {
    let failures = 0;
    for (const datagram of sessionDatagrams) {
      for (let length = 0; length < datagram.length; length++) {
        const ok = decoder.decode(datagram, length);
        if (!ok) {
          failures++;
          expect(decoder.error.length).toBeGreaterThan(10);
          expect(decoder.reader).toBeNull();
        }
      }
    }
    expect(failures).toBeGreaterThan(1000);
  });

  it('survives random and corrupted datagrams', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 0, maxLength: 1500 }), (bytes) => {
      const ok = decoder.decode(bytes);
      expect(typeof ok).toBe('boolean');
      if (!ok) expect(decoder.error).not.toBe('');
    }), { numRuns: 3000 });
    fc.assert(fc.property(
      fc.constantFrom(...sessionDatagrams), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
      (datagram, edits) => {
        const copy = datagram.slice();
        for (const [at, value] of edits) copy[at % copy.length] = value;
        const ok = decoder.decode(copy);
        if (!ok) expect(decoder.error).not.toBe('');
      },
    ), { numRuns: 3000 });
  });
});
