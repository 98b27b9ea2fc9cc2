/**
 * The browser's datagram transport: UDP through the launcher's relay
 * (relay/attach-relay.ts) over one WebSocket. Isomorphic: it needs only the
 * WHATWG WebSocket API, so it runs in browsers, on Node 22's global
 * WebSocket, or on the `ws` package's client (tests).
 *
 * Frames are `[IPv4: 4][port: u16 BE][datagram]` both ways (relay-frame.ts);
 * the relay's first text frame is the hello that carries this session's
 * token, which `relayFetch` puts on proxied HTTP requests.
 */
import {
  formatIpv4,
  MAX_RELAY_DATAGRAM,
  parseIpv4,
  parseRelayControl,
  RELAY_SESSION_HEADER,
  readRelayFrameAddress,
  readRelayFramePort,
  RELAY_FRAME_HEADER,
  writeRelayFrame,
} from '../relay/relay-frame.ts';
import type { DatagramTransport } from './datagram-transport.ts';

/** The part of the WHATWG WebSocket this transport uses. */
export interface RelaySocket {
  binaryType: string;
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: Uint8Array<ArrayBuffer>): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'message' | 'close' | 'error', listener: (event: unknown) => void): void;
}

export type RelaySocketConstructor = new (url: string) => RelaySocket;

export interface WebSocketTransportOptions {
  /** WebSocket implementation; default the global one. */
  WebSocket?: RelaySocketConstructor;
  /** How long to wait for the relay's hello; default 10 s. */
  timeoutMs?: number;
  /** Past this much unsent data, sends are dropped as a congested UDP link would; default 1 MiB. */
  maxBufferedBytes?: number;
}

/** A datagram the relay would not send, and why. */
export interface RelayRefusal {
  host: string;
  port: number;
  reason: string;
}

export interface WebSocketTransportStats {
  sent: number;
  received: number;
  /** Sends dropped: socket not open, or too much unsent data. */
  dropped: number;
  refused: number;
}

const OPEN = 1;

function describeCloseEvent(event: unknown): { code: number; reason: string } {
  const e = event as { code?: unknown; reason?: unknown };
  return { code: typeof e.code === 'number' ? e.code : 1006, reason: typeof e.reason === 'string' ? e.reason : '' };
}

export class WebSocketTransport implements DatagramTransport {
  readonly stats: WebSocketTransportStats = { sent: 0, received: 0, dropped: 0, refused: 0 };
  private datagramHandler: (bytes: Uint8Array, length: number, host: string, port: number) => void = () => {};
  private refusedHandler: (refusal: RelayRefusal) => void = () => {};
  private errorHandler: (reason: string) => void = () => {};
  private closeHandler: (code: number, reason: string) => void = () => {};
  // Most datagrams come from the one simulator: its dotted name is built once.
  private lastAddress = -1;
  private lastHost = '';
  private closed = false;

  private constructor(
    private readonly socket: RelaySocket,
    /** The relay session's token (for X-Relay-Session; see relayFetch). */
    readonly token: string,
    private readonly maxBufferedBytes: number,
  ) {
    socket.addEventListener('message', (event) => this.message((event as { data: unknown }).data));
    socket.addEventListener('close', (event) => {
      const { code, reason } = describeCloseEvent(event);
      this.closed = true;
      this.closeHandler(code, reason);
    });
  }

  /** Opens the WebSocket and resolves once the relay's hello has named this session's token. */
  static connect(url: string, options: WebSocketTransportOptions = {}): Promise<WebSocketTransport> {
    const Socket = options.WebSocket ?? (globalThis as { WebSocket?: RelaySocketConstructor }).WebSocket;
    if (Socket === undefined) {
      return Promise.reject(new Error('WebSocketTransport: this runtime has no WebSocket; pass options.WebSocket (the ws package in Node < 22)'));
    }
    const timeoutMs = options.timeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      let socket: RelaySocket;
      try {
        socket = new Socket(url);
      } catch (err) {
        reject(new Error(`WebSocketTransport: cannot open ${url}: ${(err as Error).message}`, { cause: err }));
        return;
      }
      socket.binaryType = 'arraybuffer';
      let settled = false;
      const fail = (why: string): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(new Error(`WebSocketTransport: relay ${url}: ${why}`));
        socket.close();
      };
      const timer = setTimeout(() => fail(`no hello within ${timeoutMs} ms`), timeoutMs);
      socket.addEventListener('error', () => fail('WebSocket error before the hello'));
      socket.addEventListener('close', (event) => {
        const { code, reason } = describeCloseEvent(event);
        fail(`closed before the hello (${code}${reason ? ` ${reason}` : ''})`);
      });
      socket.addEventListener('message', (event) => {
        if (settled) return;
        const data = (event as { data: unknown }).data;
        if (typeof data !== 'string') return fail('a binary frame before the hello');
        let control;
        try {
          control = parseRelayControl(data);
        } catch (err) {
          return fail((err as Error).message);
        }
        if (control.type === 'error') return fail(`relay error: ${control.reason}`);
        if (control.type !== 'hello') return fail(`expected the hello, got ${control.type}`);
        settled = true;
        clearTimeout(timer);
        resolve(new WebSocketTransport(socket, control.token, options.maxBufferedBytes ?? 1 << 20));
      });
    });
  }

  /** Sends `bytes[0, length)` to host:port (dotted IPv4) through the relay. */
  send(bytes: Uint8Array, length: number, host: string, port: number): void {
    const address = parseIpv4(host);
    if (address < 0) throw new Error(`WebSocketTransport.send: host ${JSON.stringify(host)} is not a dotted IPv4 address`);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RangeError(`WebSocketTransport.send: port ${port} is not in [1, 65535]`);
    if (!Number.isInteger(length) || length < 0 || length > bytes.length || length > MAX_RELAY_DATAGRAM) {
      throw new RangeError(`WebSocketTransport.send: length ${length} is not in [0, min(${bytes.length}, ${MAX_RELAY_DATAGRAM})]`);
    }
    if (this.closed || this.socket.readyState !== OPEN || this.socket.bufferedAmount > this.maxBufferedBytes) {
      this.stats.dropped++;
      return;
    }
    // A fresh frame per send: WebSocket.send may queue the view rather than copy it, and `bytes` is the caller's to reuse.
    const frame = new Uint8Array(RELAY_FRAME_HEADER + length);
    writeRelayFrame(frame, address, port, bytes, length);
    this.socket.send(frame);
    this.stats.sent++;
  }

  onDatagram(handler: (bytes: Uint8Array, length: number, host: string, port: number) => void): void {
    this.datagramHandler = handler;
  }

  /** Called when the relay refuses a datagram (its destination was never granted). */
  onRefused(handler: (refusal: RelayRefusal) => void): void {
    this.refusedHandler = handler;
  }

  /** Called for relay error messages and frames this side cannot read. */
  onError(handler: (reason: string) => void): void {
    this.errorHandler = handler;
  }

  /** Called once when the WebSocket closes, from either side. */
  onClose(handler: (code: number, reason: string) => void): void {
    this.closeHandler = handler;
  }

  get isOpen(): boolean {
    return !this.closed && this.socket.readyState === OPEN;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close(1000, 'transport closed');
  }

  private message(data: unknown): void {
    if (typeof data === 'string') {
      this.control(data);
      return;
    }
    let frame: Uint8Array;
    if (data instanceof ArrayBuffer) frame = new Uint8Array(data);
    else if (ArrayBuffer.isView(data)) frame = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    else {
      this.errorHandler('relay sent a binary frame that is not an ArrayBuffer (binaryType must stay "arraybuffer")');
      return;
    }
    if (frame.length < RELAY_FRAME_HEADER) {
      this.errorHandler(`relay sent a ${frame.length}-byte frame, shorter than the ${RELAY_FRAME_HEADER}-byte address header`);
      return;
    }
    const address = readRelayFrameAddress(frame);
    if (address !== this.lastAddress) {
      this.lastAddress = address;
      this.lastHost = formatIpv4(address);
    }
    this.stats.received++;
    this.datagramHandler(frame.subarray(RELAY_FRAME_HEADER), frame.length - RELAY_FRAME_HEADER, this.lastHost, readRelayFramePort(frame));
  }

  private control(text: string): void {
    let control;
    try {
      control = parseRelayControl(text);
    } catch (err) {
      this.errorHandler((err as Error).message);
      return;
    }
    if (control.type === 'refused') {
      this.stats.refused++;
      this.refusedHandler({ host: control.host, port: control.port, reason: control.reason });
    } else if (control.type === 'error') {
      this.errorHandler(`relay error: ${control.reason}`);
    } else {
      this.errorHandler('relay sent a second hello');
    }
  }
}

/**
 * A fetch that sends every request through the relay's HTTP proxy:
 * `{proxyBaseUrl}?url=<request URL>` with the session token in
 * X-Relay-Session. Method, headers and body pass through, so the login and
 * capability clients use it unchanged. `proxyBaseUrl` may be relative to the
 * page ('/proxy').
 */
export function relayFetch(transportOrToken: WebSocketTransport | string, proxyBaseUrl: string, baseFetch?: typeof fetch): typeof fetch {
  const pageUrl = (globalThis as { location?: { href?: string } }).location?.href;
  let base: URL;
  try {
    base = new URL(proxyBaseUrl, pageUrl);
  } catch (err) {
    throw new Error(`relayFetch: proxy URL ${JSON.stringify(proxyBaseUrl)} is not absolute and there is no page to resolve it against`, { cause: err });
  }
  const token = (): string => (typeof transportOrToken === 'string' ? transportOrToken : transportOrToken.token);
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const target = new URL(base);
    target.searchParams.set('url', request.url);
    const headers = new Headers(request.headers);
    headers.set(RELAY_SESSION_HEADER, token());
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
    return (baseFetch ?? fetch)(target, { method: request.method, headers, body, signal: request.signal });
  };
}
