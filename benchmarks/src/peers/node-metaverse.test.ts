import { readFileSync, readdirSync } from 'node:fs';
import { describeWithShared, projectFixture, sharedPath } from '@slv/testing';
import { describe, expect, it } from 'vitest';
import { readSimToClientDatagrams } from '../fixture-packets.ts';
import { createNodeMetaverseDecoder } from './node-metaverse.ts';

const SL = 'fixtures/secondlife-2017';

interface Expected {
  readonly sentAcks: number[];
  readonly receivedAcks: number[];
  readonly packet: { readonly message: Record<string, unknown> & { name: string } } & Record<string, unknown>;
}

function loadSl(name: string): { datagram: Uint8Array; expected: Expected } {
  return {
    // A plain Uint8Array, not the Buffer readFileSync returns, to exercise the adapter's view.
    datagram: new Uint8Array(readFileSync(sharedPath(`${SL}/${name}.packet`))),
    expected: JSON.parse(readFileSync(sharedPath(`${SL}/${name}.json`), 'utf8')) as Expected,
  };
}

// The .json beside each capture is node-metaverse's own decode of it, serialised.
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describeWithShared('node-metaverse peer on the Second Life 2017 captures', [`${SL}/ObjectUpdateMessageZL.packet`, `${SL}/ObjectUpdateMessageZL.json`], () => {
  it('decodes every capture to exactly the recorded packet, acks included', () => {
    const names = readdirSync(sharedPath(SL))
      .filter((f) => f.endsWith('.packet'))
      .map((f) => f.slice(0, -'.packet'.length));
    expect(names.length).toBeGreaterThanOrEqual(5);
    for (const name of names) {
      const { datagram, expected } = loadSl(name);
      const decoder = createNodeMetaverseDecoder();
      const packet = decoder.decode(datagram);
      expect(asJson(packet), name).toEqual(expected.packet);
      expect(decoder.stats.acksRequested, name).toBe(expected.sentAcks.length);
      expect(decoder.stats.appendedAcks, name).toBe(expected.receivedAcks.length);
      expect(decoder.stats.trailingWarnings, name).toBe(0);
    }
  });

  it('ObjectUpdate (zero-coded): one prim whose FullID matches the recorded one', () => {
    const { datagram, expected } = loadSl('ObjectUpdateMessageZL');
    const packet = createNodeMetaverseDecoder().decode(datagram);
    expect(packet.packetFlags & 0x80).toBe(0x80);
    expect(packet.message.name).toBe('ObjectUpdate');
    const objects = (packet.message as unknown as { ObjectData: { ID: number; FullID: { toString(): string } }[] }).ObjectData;
    const recorded = (expected.packet.message as unknown as { ObjectData: { ID: number; FullID: { mUUID: string } }[] }).ObjectData;
    expect(objects).toHaveLength(1);
    expect(objects[0]!.FullID.toString()).toBe(recorded[0]!.FullID.mUUID);
    expect(objects[0]!.ID).toBe(579529457);
  });

  it('ImprovedTerseObjectUpdate carries 12 ObjectData blocks', () => {
    const packet = createNodeMetaverseDecoder().decode(loadSl('ImprovedTerseObjectUpdateMessageL').datagram);
    expect(packet.message.name).toBe('ImprovedTerseObjectUpdate');
    expect((packet.message as unknown as { ObjectData: unknown[] }).ObjectData).toHaveLength(12);
  });

  it('PacketAck lists the acknowledged sequence number', () => {
    const packet = createNodeMetaverseDecoder().decode(loadSl('PacketAckMessage').datagram);
    expect(packet.message.name).toBe('PacketAck');
    expect(packet.sequenceNumber).toBe(2113);
    expect((packet.message as unknown as { Packets: { ID: number }[] }).Packets).toEqual([{ ID: 2006 }]);
  });

  it('KillObject and ObjectUpdateCompressed decode their blocks', () => {
    const kill = createNodeMetaverseDecoder().decode(loadSl('KillObjectMessageL').datagram);
    expect((kill.message as unknown as { ObjectData: { ID: number }[] }).ObjectData.map((o) => o.ID)).toEqual([
      579538094, 579538095, 579538098, 579538099, 579564526, 579564527,
    ]);
    const compressed = createNodeMetaverseDecoder().decode(loadSl('ObjectUpdateCompressedMessageL').datagram);
    expect(compressed.message.name).toBe('ObjectUpdateCompressed');
    expect((compressed.message as unknown as { ObjectData: unknown[] }).ObjectData).toHaveLength(3);
  });

  it('counts appended acks (AgentDataUpdate with three acks on its tail)', () => {
    const decoder = createNodeMetaverseDecoder();
    decoder.decode(loadSl('AgentDataUpdateMessageAL').datagram);
    expect(decoder.stats).toEqual({ decoded: 1, acksRequested: 1, appendedAcks: 3, trailingWarnings: 0 });
  });
});

describe('node-metaverse peer on the OpenSim login session', () => {
  const { datagrams, messages } = readSimToClientDatagrams(projectFixture('opensim-0.9.2.2/session-login.udp.jsonl'));

  it('decodes every sim->client datagram to the recorded message name', () => {
    const decoder = createNodeMetaverseDecoder();
    expect(datagrams.length).toBeGreaterThan(50);
    const names = datagrams.map((d) => decoder.decode(d).message.name);
    expect(names).toEqual(messages);
    expect(decoder.stats.decoded).toBe(datagrams.length);
    // node-metaverse's MapBlockReply layout is one byte short of what OpenSim sends: counted, not printed.
    expect(decoder.stats.trailingWarnings).toBe(messages.filter((m) => m === 'MapBlockReply').length);
  });

  it('accepts a Buffer or a Uint8Array at an offset into a larger buffer alike', () => {
    const first = datagrams[0]!;
    const backing = new Uint8Array(first.length + 7);
    backing.set(first, 7);
    const decoder = createNodeMetaverseDecoder();
    const fromView = decoder.decode(backing.subarray(7));
    const fromBuffer = decoder.decode(Buffer.from(first));
    expect(asJson(fromView)).toEqual(asJson(fromBuffer));
  });
});

describe('node-metaverse peer on bad input', () => {
  it('rejects a truncated datagram with an error naming its size', () => {
    expect(() => createNodeMetaverseDecoder().decode(new Uint8Array([0x40, 0, 0]))).toThrow(/node-metaverse could not decode a 3-byte datagram/);
  });

  it('rejects an unknown message number', () => {
    // Low-frequency number 0xFFFF0000 is not in the template.
    const datagram = new Uint8Array([0, 0, 0, 0, 1, 0, 0xff, 0xff, 0, 0]);
    expect(() => createNodeMetaverseDecoder().decode(datagram)).toThrow(/10-byte datagram/);
  });

  it('restores console.error after a failed decode', () => {
    const before = console.error;
    expect(() => createNodeMetaverseDecoder().decode(new Uint8Array(2))).toThrow();
    expect(console.error).toBe(before);
  });
});
