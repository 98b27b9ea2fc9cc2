/**
 * Which capture format a file is, from its magic number and name, and the
 * reader for it. Order: an explicit raw-datagram extension; the pcap / pcapng
 * magic; a pcap, pcapng or JSON-lines extension; JSON-looking text; else raw.
 */
import { CaptureFormatError, type CaptureReadResult } from './capture-types.ts';
import { looksLikeJsonLines, parseJsonLines } from './jsonl-reader.ts';
import { parsePcap, readPcapMagic } from './pcap-reader.ts';

const PCAPNG_MAGIC = [0x0a, 0x0d, 0x0d, 0x0a];
const RAW_EXTENSIONS = ['packet', 'bin'];
const PCAP_EXTENSIONS = ['pcap', 'cap', 'dmp'];
const PCAPNG_EXTENSIONS = ['pcapng', 'ntar'];
const JSONL_EXTENSIONS = ['jsonl', 'ndjson'];

export interface CaptureHint {
  fileName?: string;
}

function extensionOf(fileName: string | undefined): string {
  if (fileName === undefined) return '';
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

function isPcapng(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && PCAPNG_MAGIC.every((b, i) => bytes[i] === b);
}

function pcapngError(fileName: string | undefined): CaptureFormatError {
  const input = fileName ?? 'capture.pcapng';
  const output = /\.(pcapng|ntar)$/i.test(input) ? input.replace(/\.(pcapng|ntar)$/i, '.pcap') : `${input}.classic.pcap`;
  return new CaptureFormatError(
    `${fileName ?? 'input'}: pcapng is not supported (section header block magic 0a 0d 0d 0a at byte 0); ` +
      `convert it to classic pcap with: editcap -F pcap ${input} ${output}`,
  );
}

function parseRaw(bytes: Uint8Array): CaptureReadResult {
  if (bytes.length === 0) {
    return { format: 'raw', entries: [{ kind: 'error', index: 0, error: 'empty file: a raw capture must hold one datagram' }], skipped: 0 };
  }
  return { format: 'raw', entries: [{ kind: 'datagram', index: 0, payload: bytes }], skipped: 0 };
}

/**
 * Reads a capture held in memory. Problems inside the file become error
 * entries; only a format it refuses outright (pcapng) throws CaptureFormatError.
 */
export function parseCapture(bytes: Uint8Array, hint: CaptureHint = {}): CaptureReadResult {
  const extension = extensionOf(hint.fileName);
  if (RAW_EXTENSIONS.includes(extension)) return parseRaw(bytes);
  if (isPcapng(bytes)) throw pcapngError(hint.fileName);
  if (readPcapMagic(bytes) !== undefined || PCAP_EXTENSIONS.includes(extension)) return parsePcap(bytes);
  if (PCAPNG_EXTENSIONS.includes(extension)) throw pcapngError(hint.fileName);
  if (JSONL_EXTENSIONS.includes(extension) || looksLikeJsonLines(bytes)) return parseJsonLines(bytes);
  return parseRaw(bytes);
}
