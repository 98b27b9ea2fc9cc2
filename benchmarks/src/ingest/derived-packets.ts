/**
 * Derived packets for the ingest suite: real objects under new local ids and
 * UUIDs, and the KillObject datagrams that end them.
 */
import { createPacketEncoder, encodeMessage, readMessageObject, readerAs } from '@slv/protocol';
import type { MessageInput, PacketDecoder } from '@slv/protocol';

const encoder = createPacketEncoder();

/** An ObjectUpdate datagram holding `objects` (real blocks with their ids changed). */
export function encodeObjectUpdate(message: MessageInput<'ObjectUpdate'>): Uint8Array {
  const length = encodeMessage(encoder, 'ObjectUpdate', message, { sequence: 1 });
  return encoder.bytes.slice(0, length);
}

export function uuidOf(n: number): string {
  const hex = (n >>> 0).toString(16).padStart(8, '0');
  return `${hex}-5bd1-4c6e-9a1e-${hex}abcd`;
}

/** ObjectUpdate datagrams creating the objects a terse packet names, at the SL region handle. */
export function objectsFor(decoder: PacketDecoder, template: Uint8Array, handle: bigint, localIds: readonly number[]): Uint8Array {
  decoder.decode(template);
  const message = readMessageObject(decoder.reader!) as unknown as MessageInput<'ObjectUpdate'>;
  const block = (message.ObjectData as Record<string, unknown>[])[0]!;
  return encodeObjectUpdate({
    RegionData: { RegionHandle: handle, TimeDilation: 65535 },
    ObjectData: localIds.map((ID) => ({ ...block, ID, FullID: uuidOf(ID), ParentID: 0 })) as MessageInput<'ObjectUpdate'>['ObjectData'],
  });
}

/**
 * Copies of an ObjectUpdateCompressed datagram (unencoded, so bytes can be
 * patched in place) whose blobs get the local ids first, first+1, ….
 */
export function compressedCopies(decoder: PacketDecoder, template: Uint8Array, first: number, copies: number): Uint8Array[] {
  decoder.decode(template);
  const blocks = readerAs(decoder, 'ObjectUpdateCompressed')!.ObjectData;
  const shift = template.length - decoder.bodyEnd;
  if (decoder.zerocoded || shift !== 0) throw new Error('ingest bench: the compressed template must be unencoded, without appended acks');
  const offsets = Array.from({ length: blocks.count }, (_, i) => blocks.DataOffset(i));
  const out: Uint8Array[] = [];
  let id = first;
  for (let c = 0; c < copies; c++) {
    const d = template.slice();
    const view = new DataView(d.buffer);
    for (const at of offsets) {
      view.setUint32(at, id, true);
      view.setUint32(at + 12, 0x5bd14c6e, true);
      view.setUint32(at + 16, id, true);
      id++;
    }
    out.push(d);
  }
  return out;
}

export function killDatagram(localIds: readonly number[]): Uint8Array {
  const length = encodeMessage(encoder, 'KillObject', { ObjectData: localIds.map((ID) => ({ ID })) }, { sequence: 1 });
  return encoder.bytes.slice(0, length);
}
