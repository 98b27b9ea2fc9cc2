/** An IP address and UDP port, as read from (or written into) IP/UDP headers. */
export interface Endpoint {
  address: string;
  port: number;
}

export interface CapturedDatagram {
  /** 0-based position among all records (pcap) or non-blank lines (JSON lines). */
  index: number;
  /** Seconds (pcap: ts_sec + fraction; JSON lines: `t`). */
  timestamp?: number;
  /** JSON lines `dir` as given (e.g. 'client->sim'). */
  direction?: string;
  source?: Endpoint;
  destination?: Endpoint;
  /** The UDP payload; for pcap and raw files a view into the file's bytes. */
  payload: Uint8Array;
}

/** A record or line that could not be read; `error` says where (record/line, byte offset) and why. */
export interface CaptureError {
  index: number;
  error: string;
}

export type CaptureEntry = ({ kind: 'datagram' } & CapturedDatagram) | ({ kind: 'error' } & CaptureError);

export type CaptureFormat = 'pcap' | 'pcapng' | 'jsonl' | 'raw';

export interface CaptureReadResult {
  format: CaptureFormat;
  /** The LINKTYPE_* value of a pcap's global header, or of a pcapng's interfaces when they all share one. */
  linkType?: number;
  entries: CaptureEntry[];
  /** Records that were well-formed but carried no UDP (ARP, TCP, ICMP, ...). */
  skipped: number;
}

/**
 * A whole file in a format the reader refuses. None is refused today (pcapng is read);
 * problems inside a readable file are error entries, never thrown.
 */
export class CaptureFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaptureFormatError';
  }
}
