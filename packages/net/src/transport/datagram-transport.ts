/** An endpoint that sends and receives datagrams: a UDP socket in Node, a WebSocket relay in the browser. */
export interface DatagramTransport {
  /** Sends `bytes[0, length)` to host:port. `bytes` may be reused after the call. */
  send(bytes: Uint8Array, length: number, host: string, port: number): void;
  /** The one receive handler; `bytes` is valid only during the call. */
  onDatagram(handler: (bytes: Uint8Array, length: number, host: string, port: number) => void): void;
  close(): void;
}
