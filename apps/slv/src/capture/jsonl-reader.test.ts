import { describe, expect, it } from 'vitest';
import { looksLikeJsonLines, parseJsonLines } from './jsonl-reader.ts';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('parseJsonLines', () => {
  it('reads payload, timestamp and direction of each line', () => {
    const result = parseJsonLines(encode(
      '{"t":0.153,"dir":"client->sim","seq":0,"flags":64,"msg":"UseCircuitCode","hex":"40000000"}\n' +
        '{"t":1.5,"dir":"sim->client","hex":"00FFab"}\n',
    ));
    expect(result).toEqual({
      format: 'jsonl',
      entries: [
        { kind: 'datagram', index: 0, timestamp: 0.153, direction: 'client->sim', payload: Uint8Array.from([0x40, 0, 0, 0]) },
        { kind: 'datagram', index: 1, timestamp: 1.5, direction: 'sim->client', payload: Uint8Array.from([0, 0xff, 0xab]) },
      ],
      skipped: 0,
    });
  });

  it('reports bad lines between good ones with their line number and byte offset, and reads on', () => {
    const lines = [
      '{"t":1,"dir":"client->sim","hex":"01"}',
      '',
      '{"t":2,"hex":"02"',
      '   ',
      '{"t":3,"dir":"sim->client"}',
      '{"hex":"abc"}',
      '{"hex":"0g"}',
      '[1,2]',
      '{"hex":12}',
      '{"t":"soon","hex":"00"}',
      '{"dir":5,"hex":"00"}',
      '{"t":4,"dir":"sim->client","hex":"04"}\r',
    ];
    const result = parseJsonLines(encode(lines.join('\n')));
    expect(result.entries.map((e) => [e.kind, e.index])).toEqual([
      ['datagram', 0], ['error', 1], ['error', 2], ['error', 3], ['error', 4], ['error', 5],
      ['error', 6], ['error', 7], ['error', 8], ['datagram', 9],
    ]);
    const errors = result.entries.flatMap((e) => (e.kind === 'error' ? [e.error] : []));
    expect(errors[0]).toMatch(/^line 3 \(byte 40\): invalid JSON \(/);
    expect(errors.slice(1)).toEqual([
      'line 5 (byte 62): missing "hex" field',
      'line 6 (byte 90): "hex" has odd length 3',
      'line 7 (byte 104): "hex" has non-hex character "g" at position 1',
      'line 8 (byte 117): not a JSON object',
      'line 9 (byte 123): "hex" is not a string',
      'line 10 (byte 134): "t" is not a number',
      'line 11 (byte 158): "dir" is not a string',
    ]);
    expect(result.entries[9]).toEqual({ kind: 'datagram', index: 9, timestamp: 4, direction: 'sim->client', payload: Uint8Array.from([4]) });
  });

  it('accepts a byte-order mark and lines without t or dir', () => {
    const result = parseJsonLines(Uint8Array.from([0xef, 0xbb, 0xbf, ...encode('{"hex":""}')]));
    expect(result.entries).toEqual([{ kind: 'datagram', index: 0, payload: new Uint8Array(0) }]);
  });
});

describe('looksLikeJsonLines', () => {
  it('accepts a first line that is a printable JSON object', () => {
    expect(looksLikeJsonLines(encode('\n  {"hex":"00"}\r\n{"hex":"01"}'))).toBe(true);
  });

  it('rejects binary data and text that is not an object per line', () => {
    expect(looksLikeJsonLines(Uint8Array.from([0x7b, 0x00, 0x7d]))).toBe(false);
    expect(looksLikeJsonLines(encode('{"hex":"00"'))).toBe(false);
    expect(looksLikeJsonLines(encode('hello'))).toBe(false);
    expect(looksLikeJsonLines(new Uint8Array(0))).toBe(false);
  });
});
