/**
 * Test support: pulls LayerID.Type and LayerData.Data out of a whole captured UDP datagram.
 * Kept independent of the package's packet runtime so the codec's conformance tests stand alone.
 */

export interface CapturedLayerData {
  readonly sequence: number;
  readonly layerType: number;
  readonly data: Uint8Array;
}

const FLAG_ZERO_CODED = 0x80;
const FLAG_APPENDED_ACKS = 0x10;
const LAYER_DATA_MESSAGE = 0x0b;

/** The zero-coding of SL messages: 0x00 followed by a count stands for that many zero bytes. */
function zeroDecode(body: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const byte = body[i]!;
    if (byte !== 0) {
      out.push(byte);
      continue;
    }
    const count = body[++i];
    if (count === undefined) throw new Error('zero-coded body ends inside a zero run');
    for (let k = 0; k < count; k++) out.push(0);
  }
  return Uint8Array.from(out);
}

export function parseLayerDataDatagram(datagram: Uint8Array): CapturedLayerData {
  if (datagram.length < 6) throw new Error(`a ${datagram.length}-byte datagram has no header`);
  const flags = datagram[0]!;
  const sequence = new DataView(datagram.buffer, datagram.byteOffset).getUint32(1, false);
  let end = datagram.length;
  if (flags & FLAG_APPENDED_ACKS) {
    const acks = datagram[end - 1]!;
    end -= 1 + 4 * acks;
  }
  let body = datagram.subarray(6 + datagram[5]!, end);
  if (flags & FLAG_ZERO_CODED) body = zeroDecode(body);
  if (body[0] !== LAYER_DATA_MESSAGE) throw new Error(`message byte 0x${body[0]?.toString(16)} is not LayerData (High 11)`);
  const layerType = body[1]!;
  const length = body[2]! | (body[3]! << 8);
  if (4 + length > body.length) throw new Error(`Data claims ${length} bytes, ${body.length - 4} present`);
  return { sequence, layerType, data: body.slice(4, 4 + length) };
}

export function hexToBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}
