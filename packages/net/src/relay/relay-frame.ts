/**
 * The relay's wire format, shared by the Node relay and the browser transport
 * (so this one file in relay/ is isomorphic: no Node imports).
 *
 * Binary WebSocket frames, both ways: `[IPv4: 4 bytes][port: u16 big-endian][datagram]`.
 * Browser → relay: the address is the destination; relay → browser: the source.
 * Text frames are JSON control messages (RelayControl).
 */

/** Bytes before the datagram in a binary frame. */
export const RELAY_FRAME_HEADER = 6;
/** Largest UDP payload over IPv4 (65535 − 8 UDP − 20 IP). */
export const MAX_RELAY_DATAGRAM = 65507;
/** Largest binary frame either side accepts. */
export const MAX_RELAY_FRAME = RELAY_FRAME_HEADER + MAX_RELAY_DATAGRAM;
/** Longest text control frame either side accepts. */
export const MAX_RELAY_CONTROL = 4096;

/** The HTTP header that carries a session's token on proxied requests. */
export const RELAY_SESSION_HEADER = 'x-relay-session';

/**
 * The header on the proxy's own answers (never on an upstream's): `refused`
 * (the relay would not forward the request) or `failed` (it could not reach
 * the upstream, or the answer broke a limit). The body is the reason, in the
 * words of the relay's log line.
 */
export const RELAY_OUTCOME_HEADER = 'x-relay-outcome';
export type RelayOutcome = 'refused' | 'failed';

/** Control messages (text frames). The relay sends all of them; the browser sends none. */
export type RelayControl =
  | { type: 'hello'; token: string }
  | { type: 'refused'; host: string; port: number; reason: string }
  | { type: 'error'; reason: string };

/** A frame or control message that breaks the format; `message` says where and why. */
export class RelayProtocolError extends Error {
  override name = 'RelayProtocolError';
}

/**
 * A dotted IPv4 address as an unsigned 32-bit number (first octet highest),
 * or -1 when `host` is not exactly four decimal octets. Allocates nothing.
 */
export function parseIpv4(host: string): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < host.length; i++) {
    const c = host.charCodeAt(i);
    if (c === 0x2e) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c >= 0x30 && c <= 0x39) {
      if (digits === 3) return -1;
      octet = octet * 10 + (c - 0x30);
      if (octet > 255) return -1;
      digits++;
    } else {
      return -1;
    }
  }
  if (dots !== 3 || digits === 0) return -1;
  return value * 256 + octet;
}

/** Dotted form of an address from parseIpv4. */
export function formatIpv4(address: number): string {
  return `${(address >>> 24) & 255}.${(address >>> 16) & 255}.${(address >>> 8) & 255}.${address & 255}`;
}

/** One number per IPv4 endpoint (48 bits, exact in a double), for Map keys without strings. */
export function endpointKey(address: number, port: number): number {
  return address * 65536 + port;
}

/**
 * Writes the header and `bytes[0, length)` into `out` (at least
 * RELAY_FRAME_HEADER + length long) and returns the frame's length.
 */
export function writeRelayFrame(out: Uint8Array, address: number, port: number, bytes: Uint8Array, length: number): number {
  if (!(address >= 0 && address <= 0xffffffff) || !Number.isInteger(address)) {
    throw new RangeError(`relay frame: address ${address} is not an unsigned 32-bit IPv4 address`);
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`relay frame: port ${port} is not in [0, 65535]`);
  if (!Number.isInteger(length) || length < 0 || length > bytes.length || length > MAX_RELAY_DATAGRAM) {
    throw new RangeError(`relay frame: length ${length} is not in [0, min(${bytes.length}, ${MAX_RELAY_DATAGRAM})]`);
  }
  if (out.length < RELAY_FRAME_HEADER + length) {
    throw new RangeError(`relay frame: output holds ${out.length} bytes, the frame needs ${RELAY_FRAME_HEADER + length}`);
  }
  out[0] = address >>> 24;
  out[1] = (address >>> 16) & 255;
  out[2] = (address >>> 8) & 255;
  out[3] = address & 255;
  out[4] = port >>> 8;
  out[5] = port & 255;
  out.set(bytes.length === length ? bytes : bytes.subarray(0, length), RELAY_FRAME_HEADER);
  return RELAY_FRAME_HEADER + length;
}

/** Throws RelayProtocolError unless `frame` can hold a header and a datagram no larger than UDP allows. */
export function checkRelayFrame(frame: Uint8Array): void {
  if (frame.length < RELAY_FRAME_HEADER) {
    throw new RelayProtocolError(`relay frame: ${frame.length} bytes, shorter than its ${RELAY_FRAME_HEADER}-byte address header`);
  }
  if (frame.length > MAX_RELAY_FRAME) {
    throw new RelayProtocolError(`relay frame: ${frame.length} bytes, over the ${MAX_RELAY_FRAME}-byte limit`);
  }
}

/** The frame's IPv4 address as an unsigned 32-bit number (call checkRelayFrame first). */
export function readRelayFrameAddress(frame: Uint8Array): number {
  return ((frame[0]! << 24) | (frame[1]! << 16) | (frame[2]! << 8) | frame[3]!) >>> 0;
}

/** The frame's port (call checkRelayFrame first). */
export function readRelayFramePort(frame: Uint8Array): number {
  return (frame[4]! << 8) | frame[5]!;
}

/** The JSON text of a control message. */
export function formatRelayControl(control: RelayControl): string {
  return JSON.stringify(control);
}

function fail(text: string, why: string): never {
  const shown = text.length > 80 ? `${text.slice(0, 80)}…` : text;
  throw new RelayProtocolError(`relay control message ${JSON.stringify(shown)}: ${why}`);
}

/** A text frame from the relay, checked field by field. */
export function parseRelayControl(text: string): RelayControl {
  if (text.length > MAX_RELAY_CONTROL) fail(text, `longer than ${MAX_RELAY_CONTROL} characters`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    fail(text, `not JSON (${(err as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(text, 'not a JSON object');
  const record = value as Record<string, unknown>;
  const stringField = (name: string): string => {
    const v = record[name];
    if (typeof v !== 'string') fail(text, `"${name}" is not a string`);
    return v;
  };
  switch (record.type) {
    case 'hello': {
      const token = stringField('token');
      if (token.length === 0) fail(text, 'hello has an empty token');
      return { type: 'hello', token };
    }
    case 'refused': {
      const port = record.port;
      if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) fail(text, '"port" is not an integer in [0, 65535]');
      return { type: 'refused', host: stringField('host'), port, reason: stringField('reason') };
    }
    case 'error':
      return { type: 'error', reason: stringField('reason') };
    default:
      return fail(text, `unknown "type" ${JSON.stringify(record.type)}`);
  }
}
