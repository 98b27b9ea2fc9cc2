import { readFileSync } from 'node:fs';
import { projectFixture } from '@slv/testing';
import { describe, expect, it } from 'vitest';
import { buildLoginParams, DEFAULT_LOGIN_OPTIONS, detectPlatform } from './login-request.ts';
import { md5Hex } from './md5.ts';
import { formatMethodCall } from './xmlrpc-format.ts';
import { parseMethodCall } from './xmlrpc-parse.ts';
import { isStruct, type XmlRpcStruct, type XmlRpcValue } from './xmlrpc-value.ts';

const fixture = readFileSync(projectFixture('opensim-0.9.2.2/http/login-request.xml'), 'utf8');

/** The XML-RPC type a value travels as. */
function kindOf(v: XmlRpcValue): string {
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'double';
  if (Array.isArray(v)) return `array<${[...new Set(v.map(kindOf))].join('|')}>`;
  if (isStruct(v)) return 'struct';
  return typeof v;
}

function realRequest(): XmlRpcStruct {
  const call = parseMethodCall(fixture);
  expect(call.methodName).toBe('login_to_simulator');
  expect(call.params).toHaveLength(1);
  return call.params[0] as XmlRpcStruct;
}

describe('the real login request (OpenSimulator 0.9.2.2 capture)', () => {
  it('reads as the login_to_simulator struct', () => {
    const params = realRequest();
    expect(params.first).toBe('Test');
    expect(params.last).toBe('User');
    expect(params.passwd).toBe(`$1$${md5Hex('password')}`);
    expect(params.start).toBe('last');
    expect(params.agree_to_tos).toBe(true);
    expect(params.options).toEqual([
      'inventory-root', 'inventory-skeleton', 'inventory-lib-root', 'inventory-lib-owner', 'inventory-skel-lib',
      'gestures', 'event_categories', 'event_notifications', 'classified_categories', 'buddy-list', 'ui-config',
      'login-flags', 'global-textures',
    ]);
  });
});

describe('buildLoginParams', () => {
  it('sends every member of the real request, with the same types', () => {
    const real = realRequest();
    const ours = parseMethodCall(formatMethodCall('login_to_simulator', [buildLoginParams({ first: 'Test', last: 'User', password: 'password' })]))
      .params[0] as XmlRpcStruct;
    for (const name of Object.keys(real)) {
      expect(ours[name], name).toBeDefined();
      expect(kindOf(ours[name] as XmlRpcValue), name).toBe(kindOf(real[name] as XmlRpcValue));
    }
    expect(ours.passwd).toBe(real.passwd);
    // Plus what current viewers add (WIRE-NOTES, Login).
    expect(Object.keys(ours).filter((k) => !(k in real)).sort()).toEqual([
      'address_size', 'extended_errors', 'host_id', 'last_exec_duration', 'last_exec_event', 'platform_string', 'platform_version',
    ]);
    expect(ours.address_size).toBe(64);
    expect(ours.extended_errors).toBe(true);
    expect(ours.last_exec_event).toBe(0);
    expect(ours.options).toEqual([...DEFAULT_LOGIN_OPTIONS]);
  });

  it('applies every option', () => {
    const p = buildLoginParams(
      { first: ' Test ', last: 'User', password: 'password' },
      {
        start: { region: 'Sandbox', x: 10, y: 20, z: 30 },
        channel: 'Bot',
        version: '7.1.2.99',
        platform: 'win',
        platformVersion: '10.0.19045',
        platformString: 'Microsoft Windows 10 64-bit',
        addressSize: 32,
        mac: 'a'.repeat(32),
        id0: 'b'.repeat(32),
        hostId: 'host',
        extendedErrors: false,
        agreeToTos: true,
        readCritical: true,
        lastExecEvent: 2,
        lastExecDuration: 3600,
        lastExecSessionId: '11111111-2222-3333-4444-555555555555',
        token: '123456',
        mfaHash: 'hash',
        viewerDigest: '22222222-2222-3333-4444-555555555555',
        options: ['inventory-root'],
      },
    );
    expect(p).toMatchObject({
      first: 'Test',
      start: 'uri:Sandbox&10&20&30',
      channel: 'Bot',
      version: '7.1.2.99',
      major: '7',
      minor: '1',
      patch: '2',
      build: '99',
      platform: 'win',
      platform_version: '10.0.19045',
      platform_string: 'Microsoft Windows 10 64-bit',
      address_size: 32,
      mac: 'a'.repeat(32),
      id0: 'b'.repeat(32),
      host_id: 'host',
      extended_errors: false,
      agree_to_tos: true,
      read_critical: true,
      last_exec_event: 2,
      last_exec_duration: 3600,
      last_exec_session_id: '11111111-2222-3333-4444-555555555555',
      token: '123456',
      mfa_hash: 'hash',
      viewer_digest: '22222222-2222-3333-4444-555555555555',
      options: ['inventory-root'],
    });
    expect(buildLoginParams({ first: 'a', last: 'b', password: 'c' }, { version: '3' })).toMatchObject({ major: '3', minor: '0', patch: '0', build: '0' });
  });

  it('carries the password only hashed, and keeps an already hashed one', () => {
    const secret = 'correct horse battery';
    const xml = formatMethodCall('login_to_simulator', [buildLoginParams({ first: 'a', last: 'b', password: secret })]);
    expect(xml).not.toContain(secret);
    expect(xml).toContain(`$1$${md5Hex(secret)}`);
    const hashed = `$1$${md5Hex(secret)}`;
    expect(buildLoginParams({ first: 'a', last: 'b', password: hashed }).passwd).toBe(hashed);
  });

  it('guesses the platform of the running process', () => {
    expect(['lnx', 'mac', 'win']).toContain(detectPlatform());
    const expected = process.platform === 'win32' ? 'win' : process.platform === 'darwin' ? 'mac' : 'lnx';
    expect(buildLoginParams({ first: 'a', last: 'b', password: 'c' }).platform).toBe(expected);
  });

  it('refuses bad credentials and options without echoing the password', () => {
    expect(() => buildLoginParams({ first: ' ', last: 'User', password: 'pw-123' })).toThrow(/first name is empty/);
    expect(() => buildLoginParams({ first: 'Test', last: '', password: 'pw-123' })).toThrow(/last name is empty/);
    expect(() => buildLoginParams({ first: 'Test', last: 'User', password: '' })).toThrow(/password is empty/);
    expect(() => buildLoginParams({ first: 'Test', last: 'User', password: 'pw-123' }, { lastExecEvent: 1.5 })).toThrow(
      /lastExecEvent must be a 32-bit integer/,
    );
    expect(() => buildLoginParams({ first: 'Test', last: 'User', password: 'pw-123' }, { start: { region: 'a&b', x: 0, y: 0, z: 0 } })).toThrow(
      /contains "&"/,
    );
    const refusals = [
      () => buildLoginParams({ first: '', last: 'User', password: 'pw-123' }),
      () => buildLoginParams({ first: 'Test', last: 'User', password: 'pw-123' }, { lastExecEvent: 1.5 }),
      () => buildLoginParams({ first: 'Test', last: 'User', password: 'pw-123' }, { start: { region: 'a&b', x: 0, y: 0, z: 0 } }),
    ];
    for (const refuse of refusals) {
      const error = (() => {
        try {
          refuse();
        } catch (caught) {
          return caught;
        }
        return null;
      })();
      expect(error).toBeInstanceOf(Error);
      expect(`${String(error)} ${(error as Error).stack ?? ''}`).not.toContain('pw-123');
    }
  });
});
