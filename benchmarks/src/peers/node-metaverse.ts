/**
 * node-metaverse 0.8.16 as a benchmark peer: the decode half of
 * `Circuit.receivedPacket` (header, reliable-ack request, appended acks,
 * zero-decoding, message lookup and a fully materialised message object via
 * `Packet.readFromBuffer`), without the circuit around it: no acks sent, no
 * duplicate tracking, no timers, no events. Its callbacks are made once here,
 * where Circuit binds two per datagram, so the peer is measured at its best.
 */
import { Packet } from '@caspertech/node-metaverse/dist/lib/classes/Packet.js';

export type { Packet as NodeMetaversePacket } from '@caspertech/node-metaverse/dist/lib/classes/Packet.js';

/** What the decoder saw, cumulatively; the counters are the only state it keeps. */
export interface NodeMetaverseDecodeStats {
  /** Datagrams decoded. */
  decoded: number;
  /** Reliable datagrams, for which node-metaverse would send a PacketAck. */
  acksRequested: number;
  /** Acks appended to datagrams (the Ack flag). */
  appendedAcks: number;
  /** Datagrams node-metaverse warns about because bytes are left after its message layout. */
  trailingWarnings: number;
}

export interface NodeMetaverseDecoder {
  /** Decodes one sim->client datagram into a node-metaverse `Packet` whose `message` is the message class instance. */
  decode(datagram: Uint8Array): Packet;
  readonly stats: NodeMetaverseDecodeStats;
}

const TRAILING_WARNING = /^WARNING: Finished reading /;

export function createNodeMetaverseDecoder(): NodeMetaverseDecoder {
  const stats: NodeMetaverseDecodeStats = { decoded: 0, acksRequested: 0, appendedAcks: 0, trailingWarnings: 0 };
  const ackReceived = (): void => {
    stats.appendedAcks++;
  };
  const sendAck = (): void => {
    stats.acksRequested++;
  };
  // readFromBuffer reports trailing bytes on console.error; counted instead of printed so a
  // benchmark neither floods the terminal nor measures terminal output.
  const captureError = (...args: unknown[]): void => {
    if (typeof args[0] === 'string' && TRAILING_WARNING.test(args[0])) stats.trailingWarnings++;
    else consoleError(...args);
  };
  let consoleError: (...args: unknown[]) => void = console.error;

  return {
    stats,
    decode(datagram: Uint8Array): Packet {
      // dgram hands node-metaverse Buffers; other byte arrays get a view, not a copy.
      const buf = Buffer.isBuffer(datagram) ? datagram : Buffer.from(datagram.buffer, datagram.byteOffset, datagram.byteLength);
      const packet = new Packet();
      consoleError = console.error;
      console.error = captureError;
      try {
        packet.readFromBuffer(buf, 0, ackReceived, sendAck);
      } catch (err) {
        throw new Error(`node-metaverse could not decode a ${datagram.byteLength}-byte datagram: ${(err as Error).message}`, { cause: err });
      } finally {
        console.error = consoleError;
      }
      stats.decoded++;
      return packet;
    },
  };
}
