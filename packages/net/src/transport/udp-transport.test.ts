import { describe, expect, it } from 'vitest';
import { UdpTransport } from './udp-transport.ts';

describe('UdpTransport', () => {
  it('delivers on loopback, and a send after close is dropped instead of throwing', async () => {
    const a = await UdpTransport.bind(0, '127.0.0.1');
    const b = await UdpTransport.bind(0, '127.0.0.1');
    try {
      const got = new Promise<number[]>((resolve) => b.onDatagram((bytes, length) => resolve(Array.from(bytes.subarray(0, length)))));
      a.send(Uint8Array.of(7, 8, 9), 2, '127.0.0.1', b.port);
      expect(await got).toEqual([7, 8]);
      a.close();
      // dgram throws ERR_SOCKET_DGRAM_NOT_RUNNING here, which from a fault injector's timer was an uncaught exception.
      expect(() => a.send(Uint8Array.of(1), 1, '127.0.0.1', b.port)).not.toThrow();
    } finally {
      a.close();
      b.close();
    }
  });
});
