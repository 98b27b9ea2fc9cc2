import { describe, expect, it } from 'vitest';
import { LINKTYPE_ETHERNET } from './link-layer.ts';
import { parseCapture } from './parse-capture.ts';
import { buildUdpIPv4Frame, writePcap } from './pcap-writer.ts';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const PCAPNG_START = Uint8Array.from([0x0a, 0x0d, 0x0d, 0x0a, 0x1c, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a]);

describe('parseCapture format detection', () => {
  const pcap = writePcap(
    [{ data: buildUdpIPv4Frame(LINKTYPE_ETHERNET, { address: '10.0.0.1', port: 1 }, { address: '10.0.0.2', port: 2 }, Uint8Array.from([7])) }],
    LINKTYPE_ETHERNET,
  );

  it('recognises pcap by its magic whatever the name', () => {
    for (const fileName of [undefined, 'capture', 'capture.pcap', 'capture.jsonl']) {
      const result = parseCapture(pcap, { fileName });
      expect(result.format).toBe('pcap');
      expect(result.entries).toMatchObject([{ kind: 'datagram', payload: Uint8Array.from([7]) }]);
    }
  });

  it('reads a .pcap file without a pcap magic as a pcap error', () => {
    const result = parseCapture(encode('hello'), { fileName: 'dump.PCAP' });
    expect(result).toEqual({
      format: 'pcap',
      entries: [{
        kind: 'error', index: 0,
        error: 'not a classic pcap file: magic bytes [68 65 6c 6c] at byte 0 are neither a1b2c3d4 nor a1b23c4d in either byte order',
      }],
      skipped: 0,
    });
  });

  it('reads pcapng by magic whatever the name, and a .pcapng file without the magic as a pcapng error', () => {
    for (const fileName of [undefined, '/tmp/login.pcapng', 'odd.pcap']) expect(parseCapture(PCAPNG_START, { fileName }).format).toBe('pcapng');
    const wrong = parseCapture(encode('xxxxxxxxxxxxxxxx'), { fileName: 'a.pcapng' });
    expect(wrong.format).toBe('pcapng');
    expect(wrong.entries[0]).toMatchObject({ kind: 'error' });
  });

  it('recognises JSON lines by content or by name', () => {
    expect(parseCapture(encode('{"hex":"0102"}\n')).format).toBe('jsonl');
    const byName = parseCapture(encode('not json\n'), { fileName: 'x.ndjson' });
    expect(byName.format).toBe('jsonl');
    expect(byName.entries[0]).toMatchObject({ kind: 'error', index: 0 });
  });

  it('reads anything else, and .packet/.bin whatever their content, as one raw datagram', () => {
    const bytes = Uint8Array.from([0x40, 0, 0, 0, 1, 0, 0xff, 0xff]);
    expect(parseCapture(bytes)).toEqual({ format: 'raw', entries: [{ kind: 'datagram', index: 0, payload: bytes }], skipped: 0 });
    expect(parseCapture(pcap, { fileName: 'x.bin' }).format).toBe('raw');
    expect(parseCapture(encode('{"hex":"00"}'), { fileName: 'C:\\caps\\ack.packet' }).format).toBe('raw');
  });

  it('reports an empty raw file', () => {
    expect(parseCapture(new Uint8Array(0)).entries).toEqual([
      { kind: 'error', index: 0, error: 'empty file: a raw capture must hold one datagram' },
    ]);
  });
});
