/**
 * Which capture format a file is, from its magic number and name, and the
 * reader for it. Order: an explicit raw-datagram extension; the pcap / pcapng
 * magic; a pcap, pcapng or JSON-lines extension; JSON-looking text; else raw.
 */
import type { CaptureReadResult } from './capture-types.ts';
import { looksLikeJsonLines, parseJsonLines } from './jsonl-reader.ts';
import { parsePcap, readPcapMagic } from './pcap-reader.ts';
import { isPcapng, parsePcapng } from './pcapng-reader.ts';

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

function parseRaw(bytes: Uint8Array): CaptureReadResult {
  if (bytes.length === 0) {
    return { format: 'raw', entries: [{ kind: 'error', index: 0, error: 'empty file: a raw capture must hold one datagram' }], skipped: 0 };
  }
  return { format: 'raw', entries: [{ kind: 'datagram', index: 0, payload: bytes }], skipped: 0 };
}

/** Reads a capture held in memory. Problems inside the file become error entries, never exceptions. */
export function parseCapture(bytes: Uint8Array, hint: CaptureHint = {}): CaptureReadResult {
  const extension = extensionOf(hint.fileName);
  if (RAW_EXTENSIONS.includes(extension)) return parseRaw(bytes);
  if (isPcapng(bytes)) return parsePcapng(bytes);
  if (readPcapMagic(bytes) !== undefined || PCAP_EXTENSIONS.includes(extension)) return parsePcap(bytes);
  if (PCAPNG_EXTENSIONS.includes(extension)) return parsePcapng(bytes);
  if (JSONL_EXTENSIONS.includes(extension) || looksLikeJsonLines(bytes)) return parseJsonLines(bytes);
  return parseRaw(bytes);
}
