import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithShared, projectFixture, sharedPath } from '@slv/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { LINKTYPE_LINUX_SLL } from './link-layer.ts';
import { buildUdpIPv4Frame, writePcap } from './pcap-writer.ts';
import { readCapture } from './read-capture.ts';

describe('readCapture on the project fixtures', () => {
  it('reads the OpenSim login session as 154 datagrams with directions', () => {
    const path = projectFixture('opensim-0.9.2.2/session-login.udp.jsonl');
    const result = readCapture(path);
    expect(result.format).toBe('jsonl');
    expect(result.entries).toHaveLength(154);
    expect(result.entries.every((e) => e.kind === 'datagram')).toBe(true);

    const lines = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { t: number; dir: string; hex: string });
    result.entries.forEach((entry, i) => {
      if (entry.kind !== 'datagram') throw new Error(entry.error);
      expect(entry.index).toBe(i);
      expect(entry.direction).toBe(lines[i].dir);
      expect(entry.timestamp).toBe(lines[i].t);
      expect(Buffer.from(entry.payload).toString('hex')).toBe(lines[i].hex.toLowerCase());
    });
    const directions = new Set(result.entries.map((e) => (e.kind === 'datagram' ? e.direction : '')));
    expect([...directions].sort()).toEqual(['client->sim', 'sim->client']);
    expect(result.entries[0]).toMatchObject({ timestamp: 0.153, direction: 'client->sim' });
  });
});

describe('readCapture on a pcap file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'slv-capture-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('returns plain Uint8Array payloads read from disk', () => {
    const payload = Uint8Array.from([1, 2, 3, 4, 5]);
    const frame = buildUdpIPv4Frame(LINKTYPE_LINUX_SLL, { address: '127.0.0.1', port: 13000 }, { address: '127.0.0.1', port: 9000 }, payload);
    const path = join(dir, 'one.pcap');
    writeFileSync(path, writePcap([{ data: frame, seconds: 42 }], LINKTYPE_LINUX_SLL));
    const result = readCapture(path);
    expect(result).toMatchObject({ format: 'pcap', linkType: LINKTYPE_LINUX_SLL, skipped: 0 });
    const [entry] = result.entries;
    expect(entry).toMatchObject({ kind: 'datagram', index: 0, timestamp: 42, source: { address: '127.0.0.1', port: 13000 } });
    if (entry.kind !== 'datagram') throw new Error(entry.error);
    expect(Object.getPrototypeOf(entry.payload)).toBe(Uint8Array.prototype);
    expect(entry.payload).toEqual(payload);
  });

  it('lets a missing file fail with the file system error', () => {
    expect(() => readCapture(join(dir, 'absent.pcap'))).toThrow(/ENOENT/);
  });
});

describeWithShared('readCapture on a Second Life reference datagram', ['fixtures/secondlife-2017/PacketAckMessage.packet'], () => {
  it('reads a .packet file as one raw datagram', () => {
    const path = sharedPath('fixtures/secondlife-2017/PacketAckMessage.packet');
    const result = readCapture(path);
    expect(result.format).toBe('raw');
    expect(result.entries).toHaveLength(1);
    expect(result.entries[0]).toMatchObject({ kind: 'datagram', index: 0 });
    const [entry] = result.entries;
    if (entry.kind !== 'datagram') throw new Error(entry.error);
    expect(entry.payload).toEqual(new Uint8Array(readFileSync(path)));
    expect(entry.payload.length).toBe(15);
  });
});
