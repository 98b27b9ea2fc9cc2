/**
 * The built CLI as a new user meets it: --help everywhere, --version, refusals that
 * name the flag and the value, and exit statuses a script can trust.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectFixture, repoRoot } from '@slv/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { buildUdpIPv4Frame, LINKTYPE_ETHERNET, readCapture, writePcap } from './capture/index.ts';

const CLI = join(repoRoot, 'apps/slv/dist/slv.js');
const scratch = mkdtempSync(join(tmpdir(), 'slv-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function slv(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd: scratch, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
  expect(run.error).toBeUndefined();
  return run;
}

describe('slv --help and --version', () => {
  it.each(['dissect', 'codegen', 'bench', 'sim', 'connect', 'mesh'])('slv %s --help prints its usage and exits 0', (command) => {
    const run = slv([command, '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`usage: slv ${command}`);
  });

  it('slv --version prints the package version', () => {
    const run = slv(['--version']);
    expect(run.status).toBe(0);
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'apps/slv/package.json'), 'utf8')) as { version: string };
    expect(run.stdout.trim()).toBe(`slv ${version}`);
  });
});

describe('refusals name the flag and the value', () => {
  it.each([
    [['sim', '--objects', 'abc'], '--objects must be an integer from 0 to 100000, got "abc"'],
    [['sim', '--objects', '-5'], '--objects must be an integer from 0 to 100000, got "-5"'],
    [['connect', '--profile', 'Bogus'], '--profile must be one of Low, Balanced, High, got "Bogus"'],
    [['connect', '--login-uri', 'not-a-url'], '--login-uri must be an http:// or https:// URL, got "not-a-url"'],
    [['connect', '--seconds', '-1'], '--seconds must be a number from 0 to 86400, got "-1"'],
    [['connect', '--objects', '-5'], '--objects must be an integer from 0 to 100000, got "-5"'],
    [['connect', '--start', 'nowhere'], '--start: start "nowhere" is not'],
    [['connect', '--bogus'], 'unknown option --bogus'],
    [['bench', 'nosuch'], 'no suite "nosuch"'],
    [['dissect', 'a', 'b'], 'needs exactly one FILE'],
    [['codegen', '--template', 'x.msg'], 'needs --out DIR'],
  ])('slv %j', (args, message) => {
    const run = slv(args);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain(`slv ${args[0]} --help`);
  });

  it('codegen without --out writes nothing into the working directory', () => {
    slv(['codegen', '--template', join(repoRoot, 'protocol/README.md')]);
    expect(spawnSync('ls', [scratch], { encoding: 'utf8' }).stdout.trim()).toBe('');
  });
});

describe('slv connect', () => {
  it('a failed login prints no "handshake NaN ms" and exits 1', () => {
    const run = slv(['connect', '--login-uri', 'http://127.0.0.1:1/', '--seconds', '0']);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^not logged in: /);
    expect(run.stdout + run.stderr).not.toContain('NaN');
  });
});

describe('slv dissect', () => {
  const session = projectFixture('opensim-0.9.2.2/session-login.udp.jsonl');

  it('matches --filter names in any case', () => {
    const run = slv(['dissect', '--json', '--filter', 'objectupdate,REGIONHANDSHAKE', session]);
    expect(run.status).toBe(0);
    const names = run.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { message: string }).message);
    expect(new Set(names)).toEqual(new Set(['ObjectUpdate', 'RegionHandshake']));
  });

  it('refuses an unknown --filter name with the nearest one, exit 2', () => {
    const run = slv(['dissect', '--filter', 'ObjctUpdate', session]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('no message named "ObjctUpdate" in the template; did you mean ObjectUpdate?');
  });

  it('exits 1 when nothing decodes: random bytes, an empty pcap, a truncated pcap', () => {
    const random = join(scratch, 'random.bin');
    writeFileSync(random, Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 0xff));
    const empty = join(scratch, 'empty.pcap');
    writeFileSync(empty, writePcap([], LINKTYPE_ETHERNET));
    const truncated = join(scratch, 'truncated.pcap');
    const first = readCapture(session).entries[0]!;
    const frame = buildUdpIPv4Frame(LINKTYPE_ETHERNET, { address: '10.0.0.1', port: 1 }, { address: '10.0.0.2', port: 2 }, (first as { payload: Uint8Array }).payload);
    writeFileSync(truncated, writePcap([{ data: frame }], LINKTYPE_ETHERNET).subarray(0, 40));
    for (const file of [random, empty, truncated]) {
      const run = slv(['dissect', file]);
      expect(run.status, file).toBe(1);
      expect(run.stderr).toContain('nothing decoded');
    }
  });

  it('names a missing file once', () => {
    const run = slv(['dissect', '/nonexistent/x.pcapng']);
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe('slv dissect: /nonexistent/x.pcapng: no such file');
  });
});
