import { readFileSync } from 'node:fs';
import type { CaptureReadResult } from './capture-types.ts';
import { parseCapture } from './parse-capture.ts';

/** Reads a whole capture file (pcap, JSON lines, or one raw datagram); see parseCapture. */
export function readCapture(path: string): CaptureReadResult {
  const buffer = readFileSync(path);
  // A plain Uint8Array view, so payloads are not Buffers.
  return parseCapture(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength), { fileName: path });
}
