import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithShared, projectFixture, repoRoot, sharedDir, sharedPath } from '@slv/testing';
import { afterAll, describe, expect, it } from 'vitest';
import {
  SINGLE_PACKET_FILES,
  describeUnavailable,
  loadFixturePackets,
  readSimToClientDatagrams,
  requireFixturePacket,
} from './fixture-packets.ts';

const singles = Object.values(SINGLE_PACKET_FILES);

describeWithShared('loadFixturePackets with ../shared present', singles, () => {
  it('loads every single datagram byte for byte, as plain Uint8Arrays', () => {
    const fixtures = loadFixturePackets();
    expect(fixtures.unavailable).toEqual([]);
    expect(describeUnavailable(fixtures)).toBe('');
    expect(fixtures.root).toBe(repoRoot);
    expect(fixtures.sharedDir).toBe(sharedDir);
    for (const [name, rel] of Object.entries(SINGLE_PACKET_FILES)) {
      const packet = requireFixturePacket(fixtures, name as keyof typeof SINGLE_PACKET_FILES);
      expect(Buffer.isBuffer(packet), name).toBe(false);
      expect(packet.byteOffset, name).toBe(0);
      expect(packet.byteLength, name).toBe(packet.buffer.byteLength);
      expect(Buffer.from(packet).equals(readFileSync(sharedPath(rel))), name).toBe(true);
    }
    // Spot checks against the capture headers: PacketAck is 15 bytes, ObjectUpdate is zero-coded and reliable.
    expect(fixtures.packetAck!.length).toBe(15);
    expect(fixtures.objectUpdate![0]).toBe(0xc0);
  });
});

describe('loadFixturePackets', () => {
  it('builds the mix from every sim->client datagram of the OpenSim login session, in order', () => {
    const fixtures = loadFixturePackets();
    const lines = readFileSync(projectFixture('opensim-0.9.2.2/session-login.udp.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { dir: string; msg: string; hex: string })
      .filter((l) => l.dir === 'sim->client');
    expect(fixtures.mix).toHaveLength(lines.length);
    expect(fixtures.mixMessages).toEqual(lines.map((l) => l.msg));
    expect(fixtures.mix!.map((d) => Buffer.from(d).toString('hex'))).toEqual(lines.map((l) => l.hex));
    expect(fixtures.mixBytes).toBe(lines.reduce((n, l) => n + l.hex.length / 2, 0));
    expect(fixtures.mixMessages).toContain('ObjectUpdate');
  });

  it('lists what is missing when the reference folder is absent, and still loads the mix', () => {
    const fixtures = loadFixturePackets({ sharedDir: join(tmpdir(), 'slv-no-such-shared-dir') });
    expect(fixtures.unavailable.map((u) => u.name)).toEqual(Object.keys(SINGLE_PACKET_FILES));
    expect(fixtures.objectUpdate).toBeUndefined();
    expect(fixtures.mix!.length).toBeGreaterThan(0);
    const text = describeUnavailable(fixtures);
    expect(text).toContain('fixture "objectUpdate" unavailable');
    expect(text).toContain('slv-no-such-shared-dir');
    expect(() => requireFixturePacket(fixtures, 'terse12')).toThrow(/fixture "terse12" unavailable: .*ImprovedTerseObjectUpdateMessageL\.packet/);
  });

  it('honours an explicit root and reports a missing project session', () => {
    const empty = mkdtempSync(join(tmpdir(), 'slv-root-'));
    try {
      const fixtures = loadFixturePackets({ root: empty, sharedDir: join(empty, 'shared') });
      expect(fixtures.root).toBe(empty);
      expect(fixtures.mix).toBeUndefined();
      expect(fixtures.unavailable.find((u) => u.name === 'mix')?.reason).toMatch(/missing from the project fixtures/);
    } finally {
      rmSync(empty, { recursive: true });
    }
  });

  it('finds the repository root and the reference folder as @slv/testing does, unless told', () => {
    const fixtures = loadFixturePackets();
    expect(fixtures.root).toBe(repoRoot);
    expect(fixtures.sharedDir).toBe(sharedDir);
    const given = loadFixturePackets({ root: join(repoRoot, 'benchmarks', '..') });
    expect(given.root).toBe(repoRoot);
    expect(given.sharedDir).toBe(sharedDir);
  });
});

describe('readSimToClientDatagrams on malformed captures', () => {
  const dir = mkdtempSync(join(tmpdir(), 'slv-capture-'));
  afterAll(() => rmSync(dir, { recursive: true }));
  const capture = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('skips client->sim lines and blank lines', () => {
    const path = capture('ok.jsonl', '{"dir":"client->sim","hex":"zz"}\n\n{"dir":"sim->client","msg":"PacketAck","hex":"00ff"}\n');
    const { datagrams, messages } = readSimToClientDatagrams(path);
    expect(datagrams).toEqual([new Uint8Array([0x00, 0xff])]);
    expect(messages).toEqual(['PacketAck']);
  });

  it('names the file and line of invalid JSON', () => {
    const path = capture('bad-json.jsonl', '{"dir":"sim->client","hex":"00"}\n{oops\n');
    expect(() => readSimToClientDatagrams(path)).toThrow(new RegExp(`bad-json\\.jsonl:2: not valid JSON`));
  });

  it('rejects odd-length or non-hex payloads and a missing hex field', () => {
    expect(() => readSimToClientDatagrams(capture('odd.jsonl', '{"dir":"sim->client","hex":"abc"}\n'))).toThrow(/odd\.jsonl:1: "hex" is not/);
    expect(() => readSimToClientDatagrams(capture('nothex.jsonl', '{"dir":"sim->client","hex":"zz"}\n'))).toThrow(/nothex\.jsonl:1: "hex" is not/);
    expect(() => readSimToClientDatagrams(capture('nohex.jsonl', '{"dir":"sim->client"}\n'))).toThrow(/nohex\.jsonl:1: missing string field "hex"/);
    expect(() => readSimToClientDatagrams(capture('null.jsonl', 'null\n'))).toThrow(/null\.jsonl:1: expected a JSON object/);
  });
});
