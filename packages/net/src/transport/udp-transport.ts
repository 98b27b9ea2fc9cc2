import { createSocket, type Socket } from 'node:dgram';
import type { DatagramTransport } from './datagram-transport.ts';

/** A UDP socket (node:dgram) as a DatagramTransport. */
export class UdpTransport implements DatagramTransport {
  private handler: (bytes: Uint8Array, length: number, host: string, port: number) => void = () => {};
  private closed = false;

  private constructor(readonly socket: Socket) {
    socket.on('message', (message, remote) => {
      this.handler(message, message.length, remote.address, remote.port);
    });
  }

  /** Binds to host:port (port 0 picks a free one). */
  static async bind(port = 0, host = '127.0.0.1'): Promise<UdpTransport> {
    const socket = createSocket({ type: 'udp4', recvBufferSize: 4 << 20 });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    socket.on('error', () => { /* ICMP port-unreachable and friends: UDP is lossy anyway. */ });
    return new UdpTransport(socket);
  }

  get port(): number {
    return this.socket.address().port;
  }

  get host(): string {
    return this.socket.address().address;
  }

  /** Sends one datagram; after close() it is dropped (dgram would throw from inside a timer). */
  send(bytes: Uint8Array, length: number, host: string, port: number): void {
    if (this.closed) return;
    // dgram copies synchronously into the kernel only for Buffers; a copy keeps `bytes` reusable.
    this.socket.send(Buffer.from(bytes.subarray(0, length)), port, host);
  }

  onDatagram(handler: (bytes: Uint8Array, length: number, host: string, port: number) => void): void {
    this.handler = handler;
  }

  close(): void {
    this.closed = true;
    try { this.socket.close(); } catch { /* already closed */ }
  }
}
