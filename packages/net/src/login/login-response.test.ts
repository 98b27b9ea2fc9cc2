import { readFileSync } from 'node:fs';
import { projectFixture } from '@slv/testing';
import { describe, expect, it } from 'vitest';
import { LoginError } from './login-error.ts';
import { parseLoginResponse, parseLoginResponseXml, regionHandle } from './login-response.ts';
import { formatFault, formatMethodResponse } from './xmlrpc-format.ts';
import { parseMethodResponse } from './xmlrpc-parse.ts';
import { createStruct, type XmlRpcStruct, type XmlRpcValue } from './xmlrpc-value.ts';

const fixture = readFileSync(projectFixture('opensim-0.9.2.2/http/login-response.xml'), 'utf8');

function realStruct(): XmlRpcStruct {
  const r = parseMethodResponse(fixture);
  if (r.kind !== 'value') throw new Error('fixture is a fault');
  return r.value as XmlRpcStruct;
}

function withMembers(changes: Record<string, XmlRpcValue | undefined>): XmlRpcStruct {
  const s = createStruct(realStruct());
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) delete s[k];
    else s[k] = v;
  }
  return s;
}

function loginError(fn: () => unknown): LoginError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(LoginError);
    return err as LoginError;
  }
  throw new Error('expected a LoginError, but nothing was thrown');
}

describe('the real login response (OpenSimulator 0.9.2.2 capture)', () => {
  it('gives the session, the simulator, the region and the seed capability', () => {
    const s = parseLoginResponseXml(fixture);
    expect(s.agentId).toBe('f32c5c65-f4dd-4a78-be1f-dc74465158bc');
    expect(s.sessionId).toBe('bb9d5cd4-9fa2-4b15-a887-dd206ec6be10');
    expect(s.secureSessionId).toBe('be2847f1-6055-4efe-bc12-2e02df66d18e');
    expect(s.circuitCode).toBe(1316225762);
    expect(s.simIp).toBe('127.0.0.1');
    expect(s.simPort).toBe(9000);
    expect(s.regionX).toBe(256000);
    expect(s.regionY).toBe(256000);
    expect(s.regionHandle).toBe((256000n << 32n) | 256000n);
    expect(s.regionHandle).toBe(1099511628032000n);
    expect(s.regionHandleHigh).toBe(256000);
    expect(s.regionHandleLow).toBe(256000);
    expect(s.regionSizeX).toBe(256);
    expect(s.regionSizeY).toBe(256);
    expect(s.seedCapability).toBe('http://127.0.0.1:9000/CAPS/78745c08-5ea5-4444-bca1-265b1892da660000/');
    expect(s.firstName).toBe('Test');
    expect(s.lastName).toBe('User');
    expect(s.lookAt).toEqual([0.7071059, 0.7071075, 0]);
    expect(s.home).toEqual({ regionHandle: 1099511628032000n, regionX: 256000, regionY: 256000, position: [0, 0, 0], lookAt: [0, 0, 0] });
    expect(s.startLocation).toBe('last');
    expect(s.secondsSinceEpoch).toBe(1795973971);
    expect(s.agentAccess).toBe('M');
    expect(s.agentAccessMax).toBe('A');
    expect(s.inventoryRoot).toBe('6e001d3d-1bd7-4b9e-bff8-b1b13fb1414f');
    expect(s.message).toBe('Welcome, Avatar!');
    expect((s.raw['inventory-skeleton'] as XmlRpcValue[]).length).toBe(20);
  });
});

describe('parseLoginResponse', () => {
  it('accepts the variants grids send', () => {
    const s = parseLoginResponse(
      withMembers({
        login: true,
        circuit_code: '4000000000',
        sim_port: '13005',
        region_x: '256256',
        agent_id: 'F32C5C65F4DD4A78BE1FDC74465158BC',
        first_name: '"123"',
        look_at: '[r1, r0 , i0]',
        home: "{'region_handle':[i256000,r512000],'position':[r128.5,r64,r22],'look_at':[r0,r1,r0]}",
        region_size_x: 512,
        look_at_unused: 'x',
      }),
    );
    expect(s.circuitCode).toBe(4000000000);
    expect(s.simPort).toBe(13005);
    expect(s.regionX).toBe(256256);
    expect(s.regionHandle).toBe(regionHandle(256256, 256000));
    expect(s.agentId).toBe('f32c5c65-f4dd-4a78-be1f-dc74465158bc');
    expect(s.firstName).toBe('123');
    expect(s.lookAt).toEqual([1, 0, 0]);
    expect(s.home).toEqual({ regionHandle: regionHandle(256000, 512000), regionX: 256000, regionY: 512000, position: [128.5, 64, 22], lookAt: [0, 1, 0] });
    expect(s.regionSizeX).toBe(512);
  });

  it('reads a circuit code sent as a negative int as unsigned', () => {
    expect(parseLoginResponse(withMembers({ circuit_code: -1 })).circuitCode).toBe(0xffffffff);
  });

  it('defaults what a grid may leave out', () => {
    const s = parseLoginResponse(
      withMembers({ look_at: undefined, home: undefined, message: undefined, 'inventory-root': undefined, region_size_x: undefined, start_location: undefined }),
    );
    expect(s.lookAt).toEqual([1, 0, 0]);
    expect(s.home).toBeUndefined();
    expect(s.message).toBe('');
    expect(s.inventoryRoot).toBeUndefined();
    expect(s.regionSizeX).toBe(256);
    expect(s.startLocation).toBeUndefined();
  });

  it('names the member of a malformed response', () => {
    const cases: [Record<string, XmlRpcValue | undefined>, string, RegExp][] = [
      [{ sim_ip: undefined }, 'sim_ip', /sim_ip is missing/],
      [{ sim_ip: 'sim.example.com' }, 'sim_ip', /not an IPv4 address/],
      [{ sim_ip: '300.1.1.1' }, 'sim_ip', /not an IPv4 address/],
      [{ sim_ip: 7 }, 'sim_ip', /not a string/],
      [{ agent_id: 'not-a-uuid' }, 'agent_id', /agent_id is string "not-a-uuid", not a UUID/],
      [{ session_id: undefined }, 'session_id', /session_id is missing/],
      [{ secure_session_id: 12 }, 'secure_session_id', /not a UUID/],
      [{ circuit_code: 'abc' }, 'circuit_code', /not an integer/],
      [{ circuit_code: 2 ** 32 }, 'circuit_code', /not an integer in/],
      [{ sim_port: 0 }, 'sim_port', /not an integer in \[1, 65535\]/],
      [{ region_x: -256 }, 'region_x', /region_x/],
      [{ region_y: 1.5 }, 'region_y', /region_y/],
      [{ seed_capability: 'not a url' }, 'seed_capability', /not a URL/],
      [{ seed_capability: 'ftp://x/' }, 'seed_capability', /not an http\(s\) URL/],
      [{ first_name: undefined }, 'first_name', /first_name is missing/],
      [{ look_at: '[r1,r0]' }, 'look_at', /three numbers/],
      [{ look_at: '[r1,r0' }, 'look_at', /not LLSD notation/],
      [{ home: "{'position':[r1,r1,r1]}" }, 'home', /region_handle/],
      [{ home: '[r1]' }, 'home', /not an LLSD map/],
      [{ home: "{'region_handle':[r1.5,r0],'position':[r1,r1,r1],'look_at':[r1,r0,r0]}" }, 'home region_handle', /region coordinate/],
      [{ home: "{'region_handle':[r0,r0],'look_at':[r1,r0,r0]}" }, 'home position', /three numbers/],
      [{ 'inventory-root': [] }, 'inventory-root', /folder_id/],
      [{ 'inventory-root': [createStruct({ folder_id: 'x' })] }, 'inventory-root folder_id', /not a UUID/],
      [{ login: undefined }, 'login', /login is missing/],
      [{ login: 'maybe' }, 'login', /not "true", "false" or "indeterminate"/],
    ];
    for (const [changes, field, pattern] of cases) {
      const err = loginError(() => parseLoginResponse(withMembers(changes)));
      expect(err.kind, JSON.stringify(changes)).toBe('malformed');
      expect(err.field, JSON.stringify(changes)).toBe(field);
      expect(err.message, JSON.stringify(changes)).toMatch(pattern);
      expect(err.message).toMatch(/^malformed login response: /);
    }
    expect(loginError(() => parseLoginResponse(['not', 'a', 'struct'])).field).toBe('response');
  });

  it('turns login "false" into a rejection with the grid reason and message', () => {
    const err = loginError(() =>
      parseLoginResponse(createStruct({ login: 'false', reason: 'presence', message: 'You are already logged in.', message_id: 'PresenceCheck' })),
    );
    expect(err.kind).toBe('rejected');
    expect(err.reason).toBe('presence');
    expect(err.gridMessage).toBe('You are already logged in.');
    expect(err.messageId).toBe('PresenceCheck');
    expect(err.message).toBe('login rejected (presence): You are already logged in.');
    expect(loginError(() => parseLoginResponse(createStruct({ login: false }))).message).toBe('login rejected: no message from the grid');
  });

  it('surfaces the Second Life login redirect as its own kind', () => {
    const err = loginError(() =>
      parseLoginResponse(
        createStruct({ login: 'indeterminate', next_url: 'https://login.agni.lindenlab.com/cgi-bin/login.cgi', next_method: 'login_to_simulator', message: 'Redirecting...' }),
      ),
    );
    expect(err.kind).toBe('indeterminate');
    expect(err.nextUrl).toBe('https://login.agni.lindenlab.com/cgi-bin/login.cgi');
    expect(err.nextMethod).toBe('login_to_simulator');
    expect(err.gridMessage).toBe('Redirecting...');
    expect(err.message).toMatch(/redirects to https:\/\/login\.agni/);
  });
});

describe('parseLoginResponseXml', () => {
  it('turns a fault into a LoginError of kind fault', () => {
    const err = loginError(() => parseLoginResponseXml(formatFault(-32601, 'no such method')));
    expect(err.kind).toBe('fault');
    expect(err.faultCode).toBe(-32601);
    expect(err.gridMessage).toBe('no such method');
    expect(err.message).toBe('login server fault -32601: no such method');
  });

  it('turns unreadable XML into malformed, keeping the XML error as the cause', () => {
    const err = loginError(() => parseLoginResponseXml('<html><body>Bad Gateway</body></html>'));
    expect(err.kind).toBe('malformed');
    expect(err.message).toMatch(/^malformed login response: XML-RPC: line 1, column \d+: expected <methodResponse>/);
    expect((err.cause as Error).name).toBe('XmlRpcError');
    expect(loginError(() => parseLoginResponseXml(formatMethodResponse('just text'))).field).toBe('response');
  });
});
