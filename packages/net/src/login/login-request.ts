/**
 * The `login_to_simulator` parameter struct, member for member what a viewer
 * sends. The password is hashed on entry and only the "$1$…" form goes on.
 */
import { hashPassword } from './md5.ts';
import { formatStart, type StartSpec } from './start-location.ts';
import { createStruct, type XmlRpcStruct } from './xmlrpc-value.ts';

export const LOGIN_METHOD = 'login_to_simulator';

/** Who logs in. `password` is plain text or already "$1$" + md5hex. */
export interface LoginCredentials {
  first: string;
  last: string;
  password: string;
}

export type LoginPlatform = 'lnx' | 'mac' | 'win';

export interface LoginRequestOptions {
  /** Where to arrive (default 'last'). */
  start?: StartSpec;
  /** Viewer channel name (default 'SLV Engine'). */
  channel?: string;
  /** Viewer version "major.minor.patch.build" (default '0.1.0.0'). */
  version?: string;
  /** Default: guessed from the running platform. */
  platform?: LoginPlatform;
  platformVersion?: string;
  platformString?: string;
  /** Pointer width of the viewer build (default 64). */
  addressSize?: number;
  /** md5 hex of a network MAC address: a stable per-machine id (default 32 zeros). */
  mac?: string;
  /** md5 hex of a disk serial: a second per-machine id (default 32 zeros). */
  id0?: string;
  hostId?: string;
  /** Ask for message_id/message_args in failures (default true). */
  extendedErrors?: boolean;
  /** Set after the user accepted the terms of service that a 'tos' failure showed (default false). */
  agreeToTos?: boolean;
  /** Set after the user read the message that a 'critical' failure showed (default false). */
  readCritical?: boolean;
  /** How the previous session ended (0 = normal) and how long it ran, in seconds. */
  lastExecEvent?: number;
  lastExecDuration?: number;
  lastExecSessionId?: string;
  /** Multi-factor authentication: the token the user typed, and the hash a previous login returned. */
  token?: string;
  mfaHash?: string;
  /** Legacy viewer digest UUID that older viewers sent (default the null UUID). */
  viewerDigest?: string;
  /** The inventory and configuration sections to return (default DEFAULT_LOGIN_OPTIONS). */
  options?: readonly string[];
}

/** The sections the Second Life viewer requests. */
export const DEFAULT_LOGIN_OPTIONS: readonly string[] = Object.freeze([
  'inventory-root', 'inventory-skeleton', 'inventory-lib-root', 'inventory-lib-owner', 'inventory-skel-lib',
  'initial-outfit', 'gestures', 'display_names', 'event_categories', 'event_notifications',
  'classified_categories', 'adult_compliant', 'buddy-list', 'newuser-config', 'ui-config', 'advanced-mode',
  'max-agent-groups', 'map-server-url', 'voice-config', 'tutorial_setting', 'login-flags', 'global-textures',
]);

export const DEFAULT_CHANNEL = 'SLV Engine';
export const DEFAULT_VERSION = '0.1.0.0';

const ZERO_ID = '00000000000000000000000000000000';
const NULL_UUID = '00000000-0000-0000-0000-000000000000';

/** The platform code of the running process or browser. */
export function detectPlatform(): LoginPlatform {
  const g = globalThis as { process?: { platform?: string }; navigator?: { userAgent?: string } };
  const nodePlatform = g.process?.platform;
  if (nodePlatform !== undefined) return nodePlatform === 'win32' ? 'win' : nodePlatform === 'darwin' ? 'mac' : 'lnx';
  const agent = g.navigator?.userAgent ?? '';
  if (agent.includes('Windows')) return 'win';
  if (agent.includes('Mac OS') || agent.includes('Macintosh')) return 'mac';
  return 'lnx';
}

function requireName(label: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw new TypeError(`login credentials: ${label} name is empty`);
  return value.trim();
}

function requireInteger(label: string, value: number): number {
  if (!Number.isInteger(value) || value < -2147483648 || value > 2147483647) {
    throw new RangeError(`login option ${label} must be a 32-bit integer, got ${value}`);
  }
  return value;
}

/** "1.2.3.4" split into the legacy major/minor/patch/build members ("0" for missing parts). */
function versionParts(version: string): [string, string, string, string] {
  const parts = version.split('.');
  return [parts[0] || '0', parts[1] || '0', parts[2] || '0', parts[3] || '0'];
}

/**
 * The struct a viewer sends as the one parameter of login_to_simulator.
 * It carries the password only as "$1$" + md5hex(password).
 */
export function buildLoginParams(credentials: LoginCredentials, options: LoginRequestOptions = {}): XmlRpcStruct {
  const first = requireName('first', credentials.first);
  const last = requireName('last', credentials.last);
  if (typeof credentials.password !== 'string' || credentials.password === '') {
    throw new TypeError('login credentials: password is empty');
  }
  const passwd = hashPassword(credentials.password);
  const version = options.version ?? DEFAULT_VERSION;
  const [major, minor, patch, build] = versionParts(version);
  const params = createStruct({
    first,
    last,
    passwd,
    start: formatStart(options.start ?? 'last'),
    channel: options.channel ?? DEFAULT_CHANNEL,
    major,
    minor,
    patch,
    build,
    platform: options.platform ?? detectPlatform(),
    version,
    token: options.token ?? '',
    mfa_hash: options.mfaHash ?? '',
    id0: options.id0 ?? ZERO_ID,
    mac: options.mac ?? ZERO_ID,
    viewer_digest: options.viewerDigest ?? NULL_UUID,
    agree_to_tos: options.agreeToTos ?? false,
    read_critical: options.readCritical ?? false,
    platform_version: options.platformVersion ?? '',
    platform_string: options.platformString ?? '',
    address_size: requireInteger('addressSize', options.addressSize ?? 64),
    host_id: options.hostId ?? '',
    extended_errors: options.extendedErrors ?? true,
    last_exec_event: requireInteger('lastExecEvent', options.lastExecEvent ?? 0),
    last_exec_duration: requireInteger('lastExecDuration', options.lastExecDuration ?? 0),
  });
  if (options.lastExecSessionId !== undefined) params.last_exec_session_id = options.lastExecSessionId;
  params.options = [...(options.options ?? DEFAULT_LOGIN_OPTIONS)];
  return params;
}
