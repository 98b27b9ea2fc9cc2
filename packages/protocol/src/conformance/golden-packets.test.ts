/**
 * Conformance against real traffic: the Second Life 2017 captures (with node-metaverse's
 * decoding as a cross-check) and the recorded OpenSimulator 0.9.2.2 session.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describeWithShared, projectFixture, sharedPath } from '@slv/testing';
import { describe, expect, it } from 'vitest';
import { createPacketDecoder, createPacketEncoder, readMessageObject, readerAs } from '../index.ts';
import type { FieldInfo, MessageObject } from '../index.ts';

const SL_DIR = 'fixtures/secondlife-2017';

/** node-metaverse's JSON form of a field → ours, minding its known mistakes. */
function fromNodeMetaverse(value: unknown, field: FieldInfo): unknown {
  if (value !== null && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('mUUID' in v) return v.mUUID;
    if ('unsigned' in v) return (BigInt((v.high as number) >>> 0) << 32n) | BigInt((v.low as number) >>> 0);
    if ('values' in v) return Object.values(v.values as Record<string, number>);
    if (v.type === 'Buffer') return Uint8Array.from(v.data as number[]);
  }
  // node-metaverse reads IPPORT little-endian; the wire is big-endian.
  if (field.type === 'IPPORT') return (((value as number) & 0xff) << 8) | ((value as number) >>> 8);
  return value;
}

function expectMatchesNodeMetaverse(ours: MessageObject, theirs: Record<string, unknown>, fieldsOf: (block: string) => readonly FieldInfo[]): number {
  let compared = 0;
  for (const [blockName, ourBlock] of Object.entries(ours)) {
    const theirBlock = theirs[blockName];
    const ourInstances = Array.isArray(ourBlock) ? ourBlock : [ourBlock];
    const theirInstances = (Array.isArray(theirBlock) ? theirBlock : theirBlock === undefined ? [] : [theirBlock]) as Record<string, unknown>[];
    expect(ourInstances.length, `${blockName} instance count`).toBe(theirInstances.length);
    ourInstances.forEach((instance, i) => {
      for (const field of fieldsOf(blockName)) {
        expect(instance[field.name], `${blockName}[${i}].${field.name}`).toEqual(fromNodeMetaverse(theirInstances[i]![field.name], field));
        compared++;
      }
    });
  }
  return compared;
}

describeWithShared('Second Life 2017 packets', [SL_DIR], () => {
  const names = readdirSync(sharedPath(SL_DIR)).filter((f) => f.endsWith('.packet')).map((f) => f.slice(0, -'.packet'.length));
  const decoder = createPacketDecoder();
  const encoder = createPacketEncoder();

  it('has the 17 captures', () => expect(names.length).toBe(17));

  for (const name of names) {
    it(`${name} decodes exactly as the capture says, and re-encodes to the same body`, () => {
      const datagram = new Uint8Array(readFileSync(sharedPath(`${SL_DIR}/${name}.packet`)));
      const expected = JSON.parse(readFileSync(sharedPath(`${SL_DIR}/${name}.json`), 'utf8')) as {
        packet: { packetFlags: number; sequenceNumber: number; message: Record<string, unknown> & { name: string } };
      };
      expect(decoder.decode(datagram), decoder.error).toBe(true);
      const info = decoder.message!;
      expect(info.name).toBe(expected.packet.message.name);
      expect(decoder.sequence).toBe(expected.packet.sequenceNumber);
      expect(decoder.zerocoded).toBe(name.includes('Z', name.lastIndexOf('Message') + 7));
      expect(decoder.reliable).toBe(name.endsWith('L'));
      expect(decoder.hasAcks).toBe(/A[Z]?L?$/.test(name.slice(name.lastIndexOf('Message') + 7)));
      expect(decoder.reader!.trailing).toBe(0);

      const object = readMessageObject(decoder.reader!);
      const compared = expectMatchesNodeMetaverse(object, expected.packet.message,
        (block) => info.blocks.find((b) => b.name === block)!.fields);
      expect(compared).toBeGreaterThan(0);

      encoder.encode(info, object, { sequence: decoder.sequence, reliable: decoder.reliable, zeroCode: 'never' });
      expect(Array.from(encoder.bytes.subarray(6, encoder.length)))
        .toEqual(Array.from(decoder.bytes.subarray(6, decoder.bodyEnd)));
    });
  }

  it('reads the fields a viewer needs without allocating: ObjectUpdate, terse, acks', () => {
    expect(decoder.decode(new Uint8Array(readFileSync(sharedPath(`${SL_DIR}/ObjectUpdateMessageZL.packet`))))).toBe(true);
    const update = readerAs(decoder, 'ObjectUpdate')!;
    expect(update.ObjectData.count).toBe(1);
    expect(update.RegionData.RegionHandleHigh()).toBe(264448);
    expect(update.RegionData.RegionHandleLow()).toBe(282112);
    expect(update.RegionData.RegionHandle()).toBe((264448n << 32n) | 282112n);
    expect(update.ObjectData.FullIDString(0)).toBe('9ec3650f-f2aa-b8f4-6a1c-dddd661e157d');
    const scale = new Float32Array(3);
    update.ObjectData.Scale(0, scale);
    expect(Array.from(scale)).toEqual([1.5726165771484375, 0.19215093553066254, 0.009999999776482582]);
    expect(update.ObjectData.ObjectDataLength(0)).toBe(60);
    expect(update.ObjectData.TextureEntryLength(0)).toBeGreaterThan(0);
    expect(update.ObjectData.PCode(0)).toBe(9);

    expect(decoder.decode(new Uint8Array(readFileSync(sharedPath(`${SL_DIR}/ImprovedTerseObjectUpdateMessageL.packet`))))).toBe(true);
    const terse = readerAs(decoder, 'ImprovedTerseObjectUpdate')!;
    expect(terse.ObjectData.count).toBe(12);
    expect(readerAs(decoder, 'ObjectUpdate')).toBeNull();

    expect(decoder.decode(new Uint8Array(readFileSync(sharedPath(`${SL_DIR}/AgentDataUpdateMessageAL.packet`))))).toBe(true);
    expect(decoder.ackCount).toBe(3);
    const json = JSON.parse(readFileSync(sharedPath(`${SL_DIR}/AgentDataUpdateMessageAL.json`), 'utf8')) as { receivedAcks: number[] };
    expect(Array.from(decoder.acks.subarray(0, 3)).sort()).toEqual([...json.receivedAcks].sort());
  });
});

describe('OpenSimulator 0.9.2.2 session', () => {
  for (const file of ['session-login.udp.jsonl', 'session-rez.udp.jsonl']) {
    it(`${file}: every datagram decodes to its message and re-encodes to the same body`, () => {
      const lines = readFileSync(projectFixture(`opensim-0.9.2.2/${file}`), 'utf8').trim().split('\n');
      const decoder = createPacketDecoder();
      const encoder = createPacketEncoder();
      const trailing: string[] = [];
      const absent: string[] = [];
      for (const line of lines) {
        const record = JSON.parse(line) as { seq: number; flags: number; msg: string; hex: string };
        const datagram = Uint8Array.from(Buffer.from(record.hex, 'hex'));
        expect(decoder.decode(datagram), `${record.msg}: ${decoder.error}`).toBe(true);
        expect(decoder.message!.name).toBe(record.msg);
        expect(decoder.sequence).toBe(record.seq);
        expect(decoder.flags).toBe(record.flags);
        const reader = decoder.reader!;
        if (reader.trailing > 0) trailing.push(`${record.msg}:${reader.trailing}`);
        encoder.encode(decoder.message!, readMessageObject(reader), { sequence: decoder.sequence, zeroCode: 'never' });
        // Blocks the sender left off come back as empty Variable blocks (one count byte each).
        const original = [...decoder.bytes.subarray(6, decoder.bodyEnd - reader.trailing)];
        if (reader.absentBlocks > 0) absent.push(`${record.msg}:${reader.absentBlocks}`);
        expect(Array.from(encoder.bytes.subarray(6, encoder.length)), record.msg)
          .toEqual([...original, ...new Array<number>(reader.absentBlocks).fill(0)]);
      }
      // OpenSimulator appends an (empty) Size block to MapBlockReply that this template lacks.
      expect(trailing).toEqual(['MapBlockReply:1']);
      // ...and leaves off trailing blocks this template added (read as count 0).
      expect([...new Set(absent)].sort()).toEqual(['AvatarAppearance:1', 'RegionInfo:2']);
    });
  }
});
