import { readFileSync } from 'node:fs';
import { createLLSDMap, formatLLSDXml, LLSDURI, type LLSDValue } from '@slv/protocol';
import { projectFixture } from '@slv/testing';
import { describe, expect, it } from 'vitest';
import { LoginError } from '../login/login-error.ts';
import { formatLoginFailure } from '../login/login-server.ts';
import { RelayAllowlist, redactUrl, urlGrantKey } from './relay-allowlist.ts';
import { parseIpv4 } from './relay-frame.ts';
import { grantsFromEventQueue, grantsFromLogin, grantsFromSeed } from './relay-grants.ts';

const fixture = (name: string): string => readFileSync(projectFixture(`opensim-0.9.2.2/http/${name}`), 'utf8');

/** An event-queue answer the way simulators write it. */
function eventQueueAnswer(events: { message: string; body: Record<string, LLSDValue> }[]): string {
  return formatLLSDXml(createLLSDMap({
    events: events.map((e) => createLLSDMap({ message: e.message, body: createLLSDMap(e.body) })),
    id: 7,
  }));
}

const handle = Uint8Array.of(0, 3, 0xe8, 0, 0, 3, 0xe9, 0);

describe('grantsFromLogin', () => {
  it('reads the simulator and seed capability of the recorded OpenSimulator 0.9.2.2 login', () => {
    const grants = grantsFromLogin(fixture('login-response.xml'));
    expect(grants.sims).toEqual([{ host: '127.0.0.1', port: 9000, source: 'login answer' }]);
    expect(grants.seeds).toEqual([{ url: 'http://127.0.0.1:9000/CAPS/78745c08-5ea5-4444-bca1-265b1892da660000/', source: 'login answer' }]);
  });

  it('grants nothing for a refused login', () => {
    expect(() => grantsFromLogin(formatLoginFailure('key', 'Could not authenticate your avatar.'))).toThrow(LoginError);
  });
});

describe('grantsFromSeed', () => {
  it('reads every capability URL of the recorded seed answer', () => {
    const grants = grantsFromSeed(fixture('seed-capability-response.llsd.xml'));
    expect(grants.capabilities.length).toBeGreaterThan(20);
    expect(grants.skipped).toEqual([]);
    const eq = grants.capabilities.find((c) => c.name === 'EventQueueGet');
    expect(eq?.url).toMatch(/^http:\/\/127\.0\.0\.1:9000\//);
  });

  it('takes LLSD uri values and skips values that are not http(s) URLs', () => {
    const body = formatLLSDXml(createLLSDMap({
      A: 'https://sim.example/cap/a',
      B: new LLSDURI('http://sim.example/cap/b'),
      C: 'ftp://sim.example/c',
      D: 12,
    }));
    const grants = grantsFromSeed(body);
    expect(grants.capabilities).toEqual([
      { name: 'A', url: 'https://sim.example/cap/a' },
      { name: 'B', url: 'http://sim.example/cap/b' },
    ]);
    expect(grants.skipped).toEqual(['capability "C" is not an http(s) URL', 'capability "D" is not an http(s) URL']);
  });

  it('refuses answers that are not an LLSD map', () => {
    expect(() => grantsFromSeed('<llsd><array /></llsd>')).toThrow(/not an LLSD map/);
    expect(() => grantsFromSeed('<html>')).toThrow(/seed capability answer is not LLSD/);
  });
});

describe('grantsFromEventQueue', () => {
  it('grants nothing for the recorded ParcelProperties answer', () => {
    const grants = grantsFromEventQueue(fixture('event-queue-response-1.llsd.xml'));
    expect(grants).toEqual({ sims: [], seeds: [], capabilities: [], skipped: [] });
  });

  it('reads EnableSimulator, TeleportFinish, CrossedRegion and EstablishAgentCommunication', () => {
    const body = eventQueueAnswer([
      { message: 'EnableSimulator', body: { SimulatorInfo: [createLLSDMap({ Handle: handle, IP: Uint8Array.of(10, 0, 0, 2), Port: 9001 })] } },
      {
        message: 'TeleportFinish',
        body: {
          Info: [createLLSDMap({
            AgentID: 'x', LocationID: 4, SimIP: Uint8Array.of(10, 0, 0, 3), SimPort: 9002, RegionHandle: handle,
            SeedCapability: 'http://10.0.0.3:9002/CAPS/tp/', SimAccess: 13, TeleportFlags: 16,
          })],
        },
      },
      {
        message: 'CrossedRegion',
        body: {
          AgentData: [createLLSDMap({ AgentID: 'x', SessionID: 'y' })],
          Info: [createLLSDMap({ LookAt: [1, 0, 0], Position: [1, 2, 3] })],
          RegionData: [createLLSDMap({ RegionHandle: handle, SeedCapability: new LLSDURI('http://10.0.0.4:9003/CAPS/cross/'), SimIP: Uint8Array.of(10, 0, 0, 4), SimPort: 9003 })],
        },
      },
      { message: 'EstablishAgentCommunication', body: { 'agent-id': 'x', 'sim-ip-and-port': '10.0.0.5:9004', 'seed-capability': 'http://10.0.0.5:9004/CAPS/eac/' } },
      { message: 'ChatterBoxInvitation', body: { session_id: 'z' } },
    ]);
    const grants = grantsFromEventQueue(body);
    expect(grants.sims).toEqual([
      { host: '10.0.0.2', port: 9001, source: 'EnableSimulator' },
      { host: '10.0.0.3', port: 9002, source: 'TeleportFinish' },
      { host: '10.0.0.4', port: 9003, source: 'CrossedRegion' },
      { host: '10.0.0.5', port: 9004, source: 'EstablishAgentCommunication' },
    ]);
    expect(grants.seeds.map((s) => s.url)).toEqual([
      'http://10.0.0.3:9002/CAPS/tp/',
      'http://10.0.0.4:9003/CAPS/cross/',
      'http://10.0.0.5:9004/CAPS/eac/',
    ]);
    expect(grants.skipped).toEqual([]);
  });

  it('skips unusable entries, naming the field but not the content', () => {
    const body = eventQueueAnswer([
      { message: 'EnableSimulator', body: { SimulatorInfo: [createLLSDMap({ IP: Uint8Array.of(1, 2, 3), Port: 9001 }), createLLSDMap({ IP: Uint8Array.of(1, 2, 3, 4), Port: 0 })] } },
      { message: 'EstablishAgentCommunication', body: { 'sim-ip-and-port': 'nonsense', 'seed-capability': 'javascript:alert(1)' } },
    ]);
    const grants = grantsFromEventQueue(body);
    expect(grants.sims).toEqual([]);
    expect(grants.seeds).toEqual([]);
    expect(grants.skipped).toEqual([
      'events[0] EnableSimulator SimulatorInfo[0]: the IP is not an IPv4 address',
      'events[0] EnableSimulator SimulatorInfo[1]: the port is not an integer in [1, 65535]',
      'events[1] EstablishAgentCommunication: sim-ip-and-port is not "ip:port"',
      'events[1] EstablishAgentCommunication: the seed capability is not an http(s) URL',
    ]);
  });

  it('refuses answers without an events list', () => {
    expect(() => grantsFromEventQueue('<llsd><map><key>id</key><integer>1</integer></map></llsd>')).toThrow(/no "events" array/);
  });
});

describe('RelayAllowlist', () => {
  it('grants sims by exact address and port', () => {
    const list = new RelayAllowlist();
    expect(list.allowSim('10.0.0.1', 9000, 'test')).toBe(true);
    expect(list.allowSim('sim.example', 9000, 'test')).toBe(false);
    expect(list.allowSim('10.0.0.1', 0, 'test')).toBe(false);
    expect(list.simGrant(parseIpv4('10.0.0.1'), 9000)?.source).toBe('test');
    expect(list.simGrant(parseIpv4('10.0.0.1'), 9001)).toBeUndefined();
    expect(list.simList()).toEqual(['10.0.0.1:9000']);
  });

  it('grants URLs by scheme, host, port and path; queries are the capability\'s arguments', () => {
    const list = new RelayAllowlist();
    expect(list.allowUrl('http://sim.example:9000/CAPS/abc/', 'seed', 'login answer')).toBe(true);
    expect(list.urlGrant(new URL('http://SIM.example:9000/CAPS/abc/?x=1'))?.kind).toBe('seed');
    expect(list.urlGrant(new URL('http://sim.example:9000/CAPS/abc/../../admin'))).toBeUndefined();
    expect(list.urlGrant(new URL('http://sim.example:9000/CAPS/abc'))).toBeUndefined();
    expect(list.urlGrant(new URL('https://sim.example:9000/CAPS/abc/'))).toBeUndefined();
    expect(list.urlGrant(new URL('http://sim.example:9001/CAPS/abc/'))).toBeUndefined();
    expect(list.urlGrant(new URL('http://user:pw@sim.example:9000/CAPS/abc/'))).toBeUndefined();
    expect(list.allowUrl('file:///etc/passwd', 'capability', 'x')).toBe(false);
    expect(list.allowUrl('http://a:b@sim.example/', 'capability', 'x')).toBe(false);
  });

  it('never demotes an inspected URL to a plain capability', () => {
    const list = new RelayAllowlist();
    list.allowUrl('http://sim.example/eq', 'event-queue', 'seed');
    list.allowUrl('http://sim.example/eq', 'capability', 'seed');
    expect(list.urlGrant(new URL('http://sim.example/eq'))?.kind).toBe('event-queue');
    list.allowUrl('http://sim.example/c', 'capability', 'seed');
    list.allowUrl('http://sim.example/c', 'seed', 'EnableSimulator');
    expect(list.urlGrant(new URL('http://sim.example/c'))?.kind).toBe('seed');
  });

  it('keys and redacts URLs', () => {
    expect(urlGrantKey(new URL('HTTP://Example.COM:80/a/b?q#f'))).toBe('http://example.com/a/b');
    expect(redactUrl('http://127.0.0.1:9000/CAPS/78745c08-5ea5/?secret=1')).toBe('http://127.0.0.1:9000/CAPS/78…');
    expect(redactUrl('not a url')).toBe('(not a URL)');
  });
});
