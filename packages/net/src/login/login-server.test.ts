import { readFileSync } from 'node:fs';
import { projectFixture } from '@slv/testing';
import { describe, expect, it } from 'vitest';
import { LoginError } from './login-error.ts';
import { buildLoginParams } from './login-request.ts';
import { parseLoginResponseXml } from './login-response.ts';
import {
  formatLoginFailure,
  formatLoginSuccess,
  type InventoryFolderInfo,
  LoginRequestError,
  loginSuccessStruct,
  type LoginSuccessFields,
  parseLoginRequest,
} from './login-server.ts';
import { md5Hex } from './md5.ts';
import { formatMethodCall } from './xmlrpc-format.ts';
import { parseMethodResponse } from './xmlrpc-parse.ts';
import { createStruct, isStruct, type XmlRpcStruct, type XmlRpcValue } from './xmlrpc-value.ts';

const requestXml = readFileSync(projectFixture('opensim-0.9.2.2/http/login-request.xml'), 'utf8');
const responseXml = readFileSync(projectFixture('opensim-0.9.2.2/http/login-response.xml'), 'utf8');

function responseStruct(xml: string): XmlRpcStruct {
  const r = parseMethodResponse(xml);
  if (r.kind !== 'value' || !isStruct(r.value)) throw new Error('not a struct response');
  return r.value;
}

/** The XML-RPC type a value travels as; arrays by the shape of their items. */
function shapeOf(v: XmlRpcValue): string {
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'double';
  if (Array.isArray(v)) return `array<${[...new Set(v.map(shapeOf))].join('|')}>`;
  if (isStruct(v)) return `{${Object.keys(v).sort().map((k) => `${k}:${shapeOf(v[k] as XmlRpcValue)}`).join(',')}}`;
  return typeof v;
}

function requestError(fn: () => unknown): LoginRequestError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(LoginRequestError);
    return err as LoginRequestError;
  }
  throw new Error('expected a LoginRequestError, but nothing was thrown');
}

const BASE_FIELDS: LoginSuccessFields = {
  agentId: '11111111-2222-3333-4444-555555555555',
  sessionId: '21111111-2222-3333-4444-555555555555',
  secureSessionId: '31111111-2222-3333-4444-555555555555',
  circuitCode: 123456,
  simIp: '127.0.0.1',
  simPort: 13000,
  regionX: 1000 * 256,
  regionY: 1001 * 256,
  seedCapability: 'http://127.0.0.1:13001/caps/seed/',
  firstName: 'Ada',
  lastName: 'Lovelace',
  inventoryRoot: '41111111-2222-3333-4444-555555555555',
};

describe('parseLoginRequest', () => {
  it('reads the real request', () => {
    const r = parseLoginRequest(requestXml);
    expect(r.first).toBe('Test');
    expect(r.last).toBe('User');
    expect(r.passwdHash).toBe(`$1$${md5Hex('password')}`);
    expect(r.start).toBe('last');
    expect(r.channel).toBe('libnmv');
    expect(r.version).toBe('0.8.16.816');
    expect(r.platform).toBe('lnx');
    expect(r.mac).toBe('61:fa:a8:9b:c5:de');
    expect(r.id0).toBe('28880f3828d6808c787c141db4789e7b');
    expect(r.agreeToTos).toBe(true);
    expect(r.readCritical).toBe(true);
    expect(r.extendedErrors).toBe(false);
    expect(r.token).toBe('');
    expect(r.options).toContain('inventory-skeleton');
    expect(r.options).toHaveLength(13);
    expect(r.raw.viewer_digest).toBe('ce50e500-e6f0-15ab-4b9d-0591afb91ffe');
  });

  it('reads what buildLoginParams sends', () => {
    const xml = formatMethodCall('login_to_simulator', [
      buildLoginParams({ first: 'Ada', last: 'Lovelace', password: 'engine' }, { start: { region: 'Lab', x: 1, y: 2, z: 3 }, channel: 'C', version: '1.2.3.4', mfaHash: 'm' }),
    ]);
    const r = parseLoginRequest(xml);
    expect(r).toMatchObject({
      first: 'Ada',
      last: 'Lovelace',
      passwdHash: `$1$${md5Hex('engine')}`,
      start: { region: 'Lab', x: 1, y: 2, z: 3 },
      channel: 'C',
      version: '1.2.3.4',
      extendedErrors: true,
      agreeToTos: false,
      mfaHash: 'm',
    });
  });

  it('hashes a plain password from an old client', () => {
    const xml = formatMethodCall('login_to_simulator', [createStruct({ first: 'a', last: 'b', passwd: 'plain' })]);
    const r = parseLoginRequest(xml);
    expect(r.passwdHash).toBe(`$1$${md5Hex('plain')}`);
    expect(r.start).toBe('last');
    expect(r.options).toEqual([]);
  });

  it('refuses requests it cannot serve, naming the member', () => {
    const call = (params: Record<string, XmlRpcValue>): string =>
      formatMethodCall('login_to_simulator', [createStruct({ first: 'a', last: 'b', passwd: 'p', ...params })]);
    expect(requestError(() => parseLoginRequest('<methodCall>')).message).toMatch(/^login request: XML-RPC: line 1/);
    expect(requestError(() => parseLoginRequest(formatMethodCall('system.listMethods', []))).message).toMatch(/not login_to_simulator/);
    expect(requestError(() => parseLoginRequest(formatMethodCall('login_to_simulator', ['x']))).message).toMatch(/one struct parameter/);
    expect(requestError(() => parseLoginRequest(formatMethodCall('login_to_simulator', [createStruct({ last: 'b', passwd: 'p' })]))).field).toBe('first');
    expect(requestError(() => parseLoginRequest(call({ last: ' ' }))).field).toBe('last');
    expect(requestError(() => parseLoginRequest(call({ passwd: '' }))).field).toBe('passwd');
    expect(requestError(() => parseLoginRequest(call({ passwd: 5 }))).message).toMatch(/passwd is not a string/);
    expect(requestError(() => parseLoginRequest(call({ start: 'nowhere' }))).field).toBe('start');
    expect(requestError(() => parseLoginRequest(call({ options: 'all' }))).field).toBe('options');
    expect(requestError(() => parseLoginRequest(call({ agree_to_tos: 'maybe' }))).field).toBe('agree_to_tos');
  });
});

describe('formatLoginSuccess', () => {
  it('reproduces the real OpenSimulator answer from its own values', () => {
    const real = responseStruct(responseXml);
    const folders = (list: XmlRpcValue): InventoryFolderInfo[] =>
      (list as XmlRpcStruct[]).map((f) => ({
        name: f.name as string,
        folderId: f.folder_id as string,
        parentId: f.parent_id as string,
        typeDefault: f.type_default as number,
        version: f.version as number,
      }));
    const first = (member: string): XmlRpcStruct => (real[member] as XmlRpcStruct[])[0] as XmlRpcStruct;
    const fields: LoginSuccessFields = {
      agentId: real.agent_id as string,
      sessionId: real.session_id as string,
      secureSessionId: real.secure_session_id as string,
      circuitCode: real.circuit_code as number,
      simIp: real.sim_ip as string,
      simPort: real.sim_port as number,
      regionX: real.region_x as number,
      regionY: real.region_y as number,
      seedCapability: real.seed_capability as string,
      firstName: real.first_name as string,
      lastName: real.last_name as string,
      inventoryRoot: first('inventory-root').folder_id as string,
      lookAt: [0.7071059, 0.7071075, 0],
      home: { regionX: 256000, regionY: 256000, position: [0, 0, 0], lookAt: [0, 0, 0] },
      secondsSinceEpoch: real.seconds_since_epoch as number,
      message: real.message as string,
      inventorySkeleton: folders(real['inventory-skeleton'] as XmlRpcValue),
      inventorySkelLib: folders(real['inventory-skel-lib'] as XmlRpcValue),
      mapServerUrl: real['map-server-url'] as string,
    };
    expect(formatLoginSuccess(fields)).toBe(responseXml.replaceAll('<data />', '<data/>'));
  });

  it('gives every member of the real answer, with the same types, from minimal fields', () => {
    const real = responseStruct(responseXml);
    const ours = responseStruct(formatLoginSuccess(BASE_FIELDS));
    expect(Object.keys(ours)).toEqual(Object.keys(real));
    for (const name of Object.keys(real)) {
      const realShape = shapeOf(real[name] as XmlRpcValue);
      const ourShape = shapeOf(ours[name] as XmlRpcValue);
      // Lists empty in the capture may hold items here, and the other way round.
      if (realShape !== 'array<>' && ourShape !== 'array<>') expect(ourShape, name).toBe(realShape);
    }
    expect(formatLoginSuccess(BASE_FIELDS)).toContain('<name>circuit_code</name><value><i4>123456</i4></value>');
  });

  it('round-trips through parseLoginResponse', () => {
    const s = parseLoginResponseXml(
      formatLoginSuccess({
        ...BASE_FIELDS,
        circuitCode: 0xfedcba98,
        lookAt: [0, -1, 0],
        home: { regionX: 512, regionY: 768, position: [10.5, 20.25, 30], lookAt: [1, 0, 0] },
        regionSizeX: 512,
        message: 'Hello <&>',
        buddyList: [{ buddyId: '51111111-2222-3333-4444-555555555555', rightsGiven: 1, rightsHas: 3 }],
        extra: { 'agent_appearance_service': 'http://127.0.0.1:13001/' },
      }),
    );
    expect(s).toMatchObject({
      agentId: BASE_FIELDS.agentId,
      sessionId: BASE_FIELDS.sessionId,
      secureSessionId: BASE_FIELDS.secureSessionId,
      circuitCode: 0xfedcba98,
      simIp: '127.0.0.1',
      simPort: 13000,
      regionX: 256000,
      regionY: 256256,
      regionHandle: (256000n << 32n) | 256256n,
      regionSizeX: 512,
      regionSizeY: 256,
      seedCapability: BASE_FIELDS.seedCapability,
      firstName: 'Ada',
      lastName: 'Lovelace',
      lookAt: [0, -1, 0],
      home: { regionHandle: (512n << 32n) | 768n, regionX: 512, regionY: 768, position: [10.5, 20.25, 30], lookAt: [1, 0, 0] },
      startLocation: 'last',
      inventoryRoot: BASE_FIELDS.inventoryRoot,
      message: 'Hello <&>',
    });
    expect(s.raw['agent_appearance_service']).toBe('http://127.0.0.1:13001/');
    expect(s.raw['buddy-list']).toEqual([createStruct({ buddy_id: '51111111-2222-3333-4444-555555555555', buddy_rights_given: 1, buddy_rights_has: 3 })]);
  });

  it('refuses fields a viewer could not use', () => {
    expect(() => loginSuccessStruct({ ...BASE_FIELDS, agentId: 'nope' })).toThrow(/agentId "nope" is not a UUID/);
    expect(() => loginSuccessStruct({ ...BASE_FIELDS, simPort: 70000 })).toThrow(/simPort must be an integer in \[1, 65535\]/);
    expect(() => loginSuccessStruct({ ...BASE_FIELDS, circuitCode: -1 })).toThrow(/circuitCode/);
    expect(() => loginSuccessStruct({ ...BASE_FIELDS, lookAt: [Number.NaN, 0, 0] })).toThrow(/not a finite number/);
  });
});

describe('formatLoginFailure', () => {
  it('reads back as a rejection with the reason and message', () => {
    const message = 'Could not authenticate your avatar. Please check your username and password, and check the grid if problems persist.';
    const xml = formatLoginFailure('key', message);
    expect(Object.keys(responseStruct(xml))).toEqual(['reason', 'message', 'login']);
    try {
      parseLoginResponseXml(xml);
      expect.unreachable('a failure answer must not parse as a success');
    } catch (err) {
      expect(err).toBeInstanceOf(LoginError);
      expect((err as LoginError).kind).toBe('rejected');
      expect((err as LoginError).reason).toBe('key');
      expect((err as LoginError).gridMessage).toBe(message);
    }
  });
});
