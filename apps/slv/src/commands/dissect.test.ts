import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectFixture, repoRoot, sharedPath, describeWithShared } from '@slv/testing';
import { describe, expect, it } from 'vitest';
import { buildUdpIPv4Frame, LINKTYPE_ETHERNET, parseCapture, readCapture, writePcap } from '../capture/index.ts';
import { dissectCapture, formatPacketLine, type DissectedPacket, type DissectError } from './dissect.ts';

const SESSION = projectFixture('opensim-0.9.2.2/session-login.udp.jsonl');
const CLI = fileURLToPath(new URL('../../bin/slv.js', import.meta.url));

function all(capture = readCapture(SESSION), filter: string[] = []): (DissectedPacket | DissectError)[] {
  return [...dissectCapture(capture, { json: true, filter })];
}

describe('dissectCapture', () => {
  it('decodes every datagram of the OpenSim session with its direction', () => {
    const items = all();
    expect(items).toHaveLength(154);
    expect(items.filter((i) => 'error' in i)).toEqual([]);
    const first = items[0] as DissectedPacket;
    expect(first).toMatchObject({ index: 0, dir: 'client->sim', seq: 0, message: 'UseCircuitCode',
      flags: { zerocoded: false, reliable: true, resent: false, acks: false } });
    expect(first.blocks.CircuitCode![0]).toEqual({
      Code: 1316225762, SessionID: 'bb9d5cd4-9fa2-4b15-a887-dd206ec6be10', ID: 'f32c5c65-f4dd-4a78-be1f-dc74465158bc',
    });
  });

  it('keeps only the named messages with --filter', () => {
    const items = all(undefined, ['ObjectUpdate', 'KillObject']) as DissectedPacket[];
    expect(items.map((p) => p.message)).toEqual(['ObjectUpdate', 'ObjectUpdate', 'ObjectUpdate']);
    expect(items.reduce((n, p) => n + p.blocks.ObjectData!.length, 0)).toBe(7);
  });

  it('writes bytes as text when printable, else as hex, and U64 as a decimal string', () => {
    const handshake = all().find((p) => 'message' in p && p.message === 'RegionHandshake') as DissectedPacket;
    expect(handshake.blocks.RegionInfo![0]!.SimName).toBe('Test Region');
    const update = all().find((p) => 'message' in p && p.message === 'ObjectUpdate') as DissectedPacket;
    expect(update.blocks.RegionData![0]!.RegionHandle).toBe(String((256000n << 32n) | 256000n));
    expect(update.blocks.ObjectData![0]!.ObjectData).toHaveProperty('hex');
  });

  it('reports a bad datagram and goes on; labels pcap directions from UseCircuitCode', () => {
    const datagrams = readCapture(SESSION).entries.flatMap((e) => (e.kind === 'datagram' ? [e] : []));
    const client = { address: '127.0.0.1', port: 53000 };
    const sim = { address: '127.0.0.1', port: 9000 };
    const frames = datagrams.slice(0, 4).map((d) => {
      const up = d.direction === 'client->sim';
      return { data: buildUdpIPv4Frame(LINKTYPE_ETHERNET, up ? client : sim, up ? sim : client, d.payload), seconds: 1 };
    });
    frames.splice(2, 0, { data: buildUdpIPv4Frame(LINKTYPE_ETHERNET, sim, client, Uint8Array.from([0, 0, 0, 0, 1, 0, 0xfe])), seconds: 1 });
    const capture = parseCapture(writePcap(frames, LINKTYPE_ETHERNET), { fileName: 'x.pcap' });
    const items = all(capture);
    expect(items).toHaveLength(5);
    expect(items[2]).toEqual({ index: 2, dir: 'sim->client', error: expect.stringMatching(/unknown message number High 254/) });
    expect(items.filter((i) => !('error' in i)).map((p) => (p as DissectedPacket).dir))
      .toEqual(['client->sim', 'sim->client', 'client->sim', 'sim->client']);
  });

  it('formats one readable line per packet', () => {
    const line = formatPacketLine(all()[3] as DissectedPacket);
    expect(line).toMatch(/^\s+3\s+0\.189 sim->client\s+seq 1\s+RZ-- RegionHandshake\s+RegionInfo\{RegionFlags=\d+ SimAccess=13 SimName="Test Region"/);
    expect(line.length).toBeLessThanOrEqual(200);
  });
});

describeWithShared('dissect a raw Second Life datagram', ['fixtures/secondlife-2017/ObjectUpdateMessageZL.packet'], () => {
  it('decodes the zero-coded ObjectUpdate', () => {
    const items = all(readCapture(sharedPath('fixtures/secondlife-2017/ObjectUpdateMessageZL.packet'))) as DissectedPacket[];
    expect(items).toHaveLength(1);
    expect(items[0]!.message).toBe('ObjectUpdate');
    expect(items[0]!.flags.zerocoded).toBe(true);
  });
});

describe('npx slv dissect (the built CLI)', () => {
  it('prints JSON lines and exits 0', () => {
    const stdout = execFileSync(process.execPath, [CLI, 'dissect', '--json', SESSION], { cwd: repoRoot, encoding: 'utf8' });
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { message: string });
    expect(lines).toHaveLength(154);
    expect(lines[3]!.message).toBe('RegionHandshake');
  });

  it('exits 1 with a clear message for a missing file, 2 for bad usage, 1 for garbage where nothing decodes', () => {
    const missing = spawnSync(process.execPath, [CLI, 'dissect', '/nonexistent.pcap'], { encoding: 'utf8' });
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim()).toBe('slv dissect: /nonexistent.pcap: no such file');
    expect(spawnSync(process.execPath, [CLI, 'dissect'], { encoding: 'utf8' }).status).toBe(2);
    const dir = mkdtempSync(join(tmpdir(), 'slv-dissect-'));
    writeFileSync(join(dir, 'junk.bin'), Uint8Array.from([1, 2, 3]));
    const junk = spawnSync(process.execPath, [CLI, 'dissect', '--json', join(dir, 'junk.bin')], { encoding: 'utf8' });
    expect(junk.status).toBe(1);
    expect(junk.stderr).toMatch(/nothing decoded/);
    expect(JSON.parse(junk.stdout)).toEqual({ index: 0, error: expect.stringMatching(/3 bytes/) });
  });
});
