/**
 * Reading a login_to_simulator answer: the typed session a viewer needs to
 * open its circuit, or a LoginError that says why there is none.
 */
import { isUuid, llsdKindOf, parseLLSDNotation, uuidToBytes, uuidToString, type LLSDMap, type LLSDValue } from '@slv/protocol';
import { LoginError, malformed } from './login-error.ts';
import { XmlRpcError } from './xmlrpc-error.ts';
import { parseMethodResponse } from './xmlrpc-parse.ts';
import { isStruct, type XmlRpcParseOptions, type XmlRpcStruct, type XmlRpcValue } from './xmlrpc-value.ts';

export type Vec3 = [number, number, number];

export interface HomeLocation {
  /** Global handle of the home region: x << 32 | y, in meters. */
  regionHandle: bigint;
  regionX: number;
  regionY: number;
  position: Vec3;
  lookAt: Vec3;
}

export interface LoginSuccess {
  agentId: string;
  sessionId: string;
  secureSessionId: string;
  /** Unsigned 32-bit; the grid may send it as an int (possibly negative) or a string. */
  circuitCode: number;
  simIp: string;
  simPort: number;
  /** Global position of the region's corner, in meters. */
  regionX: number;
  regionY: number;
  /** regionX << 32 | regionY. */
  regionHandle: bigint;
  /** The handle's halves: regionX and regionY. */
  regionHandleHigh: number;
  regionHandleLow: number;
  /** Region width and depth in meters (256 unless the grid says otherwise). */
  regionSizeX: number;
  regionSizeY: number;
  seedCapability: string;
  firstName: string;
  lastName: string;
  lookAt: Vec3;
  home: HomeLocation | undefined;
  startLocation: string | undefined;
  secondsSinceEpoch: number | undefined;
  agentAccess: string | undefined;
  agentAccessMax: string | undefined;
  /** The agent's inventory root folder. */
  inventoryRoot: string | undefined;
  /** The grid's welcome message. */
  message: string;
  /** The whole response struct, for the sections not typed here. */
  raw: XmlRpcStruct;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const INTEGER_TEXT = /^[+-]?\d+$/;
const U32_MAX = 0xffffffff;

function optionalString(raw: XmlRpcStruct, field: string): string | undefined {
  const v = raw[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw malformed(field, `is ${describe(v)}, not a string`);
  return v;
}

function requireString(raw: XmlRpcStruct, field: string): string {
  const v = optionalString(raw, field);
  if (v === undefined) throw malformed(field, 'is missing');
  return v;
}

function describe(v: XmlRpcValue): string {
  if (v === null) return 'nil';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Date) return 'a date';
  if (v instanceof Uint8Array) return 'base64 data';
  if (isStruct(v)) return 'a struct';
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** A UUID in canonical lower-case form. */
function uuidField(value: XmlRpcValue | undefined, field: string): string {
  if (value === undefined) throw malformed(field, 'is missing');
  if (typeof value !== 'string' || !isUuid(value.trim())) throw malformed(field, `is ${describe(value)}, not a UUID`);
  return uuidToString(uuidToBytes(value.trim()));
}

/** An integer sent as an int or as decimal text, within [min, max]. */
function optionalInteger(raw: XmlRpcStruct, field: string, min: number, max: number): number | undefined {
  const v = raw[field];
  if (v === undefined) return undefined;
  let n = Number.NaN;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && INTEGER_TEXT.test(v.trim())) n = Number(v.trim());
  if (!Number.isInteger(n) || n < min || n > max) throw malformed(field, `is ${describe(v)}, not an integer in [${min}, ${max}]`);
  return n;
}

function requireInteger(raw: XmlRpcStruct, field: string, min: number, max: number): number {
  const n = optionalInteger(raw, field, min, max);
  if (n === undefined) throw malformed(field, 'is missing');
  return n;
}

function parseNotation(text: string, field: string): LLSDValue {
  try {
    return parseLLSDNotation(text, { maxDepth: 4 });
  } catch (err) {
    throw malformed(field, `is not LLSD notation (${(err as Error).message})`, err);
  }
}

function vec3(value: LLSDValue | undefined, field: string): Vec3 {
  if (!Array.isArray(value) || value.length !== 3 || !value.every((c) => typeof c === 'number' && Number.isFinite(c))) {
    throw malformed(field, 'is not a list of three numbers');
  }
  return value as Vec3;
}

/** A region corner in meters: an unsigned 32-bit integer. */
function meters(value: LLSDValue | undefined, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > U32_MAX) {
    throw malformed(field, 'is not a region coordinate (an unsigned 32-bit integer of meters)');
  }
  return value;
}

export function regionHandle(regionX: number, regionY: number): bigint {
  return (BigInt(regionX) << 32n) | BigInt(regionY);
}

function parseHome(text: string): HomeLocation {
  const home = parseNotation(text, 'home');
  if (llsdKindOf(home) !== 'map') throw malformed('home', 'is not an LLSD map');
  const map = home as LLSDMap;
  const handle = map.region_handle;
  if (!Array.isArray(handle) || handle.length !== 2) throw malformed('home', 'has no region_handle [x, y]');
  const regionX = meters(handle[0], 'home region_handle');
  const regionY = meters(handle[1], 'home region_handle');
  return {
    regionHandle: regionHandle(regionX, regionY),
    regionX,
    regionY,
    position: vec3(map.position, 'home position'),
    lookAt: vec3(map.look_at, 'home look_at'),
  };
}

/** Login servers quote names that look like numbers ("\"123\""); the viewer strips the quotes. */
function cleanName(name: string): string {
  return name.replaceAll('"', ' ').trim();
}

function simIp(raw: XmlRpcStruct): string {
  const ip = requireString(raw, 'sim_ip').trim();
  const m = IPV4.exec(ip);
  if (m === null || m.slice(1).some((octet) => Number(octet) > 255)) throw malformed('sim_ip', `is ${JSON.stringify(ip)}, not an IPv4 address`);
  return ip;
}

function seedCapability(raw: XmlRpcStruct): string {
  const url = requireString(raw, 'seed_capability').trim();
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (err) {
    throw malformed('seed_capability', `is ${JSON.stringify(url)}, not a URL`, err);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw malformed('seed_capability', `is ${JSON.stringify(url)}, not an http(s) URL`);
  }
  return url;
}

function inventoryRoot(raw: XmlRpcStruct): string | undefined {
  const v = raw['inventory-root'];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length === 0 || !isStruct(v[0])) throw malformed('inventory-root', 'is not a list of {folder_id} structs');
  return uuidField(v[0].folder_id, 'inventory-root folder_id');
}

function loginState(raw: XmlRpcStruct): 'true' | 'false' | 'indeterminate' {
  const login = raw.login;
  if (login === true || login === 'true') return 'true';
  if (login === false || login === 'false') return 'false';
  if (login === 'indeterminate') return 'indeterminate';
  throw malformed('login', login === undefined ? 'is missing' : `is ${describe(login)}, not "true", "false" or "indeterminate"`);
}

/**
 * The typed session from a login response struct. Throws LoginError:
 * 'rejected' (login "false", with the grid's reason and message),
 * 'indeterminate' (the grid redirects: nextUrl, nextMethod), or
 * 'malformed' (naming the member that is missing or wrong).
 */
export function parseLoginResponse(value: XmlRpcValue): LoginSuccess {
  if (!isStruct(value)) throw malformed('response', `is ${describe(value)}, not a struct`);
  const raw = value;
  const state = loginState(raw);
  const message = optionalString(raw, 'message') ?? '';
  if (state === 'false') {
    const reason = optionalString(raw, 'reason');
    throw new LoginError('rejected', `login rejected${reason ? ` (${reason})` : ''}: ${message || 'no message from the grid'}`, {
      reason,
      gridMessage: message,
      messageId: optionalString(raw, 'message_id'),
    });
  }
  if (state === 'indeterminate') {
    const nextUrl = optionalString(raw, 'next_url');
    const nextMethod = optionalString(raw, 'next_method');
    throw new LoginError('indeterminate', `login server redirects to ${nextUrl ?? '(no next_url)'} (${nextMethod ?? 'no next_method'})${message ? `: ${message}` : ''}`, {
      reason: optionalString(raw, 'reason'),
      gridMessage: message,
      nextUrl,
      nextMethod,
    });
  }
  const regionX = requireInteger(raw, 'region_x', 0, U32_MAX);
  const regionY = requireInteger(raw, 'region_y', 0, U32_MAX);
  const lookAtText = optionalString(raw, 'look_at');
  const homeText = optionalString(raw, 'home');
  return {
    agentId: uuidField(raw.agent_id, 'agent_id'),
    sessionId: uuidField(raw.session_id, 'session_id'),
    secureSessionId: uuidField(raw.secure_session_id, 'secure_session_id'),
    circuitCode: requireInteger(raw, 'circuit_code', -0x80000000, U32_MAX) >>> 0,
    simIp: simIp(raw),
    simPort: requireInteger(raw, 'sim_port', 1, 65535),
    regionX,
    regionY,
    regionHandle: regionHandle(regionX, regionY),
    regionHandleHigh: regionX,
    regionHandleLow: regionY,
    regionSizeX: optionalInteger(raw, 'region_size_x', 1, 0x7fffffff) ?? 256,
    regionSizeY: optionalInteger(raw, 'region_size_y', 1, 0x7fffffff) ?? 256,
    seedCapability: seedCapability(raw),
    firstName: cleanName(requireString(raw, 'first_name')),
    lastName: cleanName(requireString(raw, 'last_name')),
    lookAt: lookAtText === undefined ? [1, 0, 0] : vec3(parseNotation(lookAtText, 'look_at'), 'look_at'),
    home: homeText === undefined ? undefined : parseHome(homeText),
    startLocation: optionalString(raw, 'start_location'),
    secondsSinceEpoch: optionalInteger(raw, 'seconds_since_epoch', 0, Number.MAX_SAFE_INTEGER),
    agentAccess: optionalString(raw, 'agent_access'),
    agentAccessMax: optionalString(raw, 'agent_access_max'),
    inventoryRoot: inventoryRoot(raw),
    message,
    raw,
  };
}

/**
 * A login response document: faults become LoginError 'fault', unreadable
 * XML becomes 'malformed', and the struct goes through parseLoginResponse.
 */
export function parseLoginResponseXml(xml: string, options?: XmlRpcParseOptions): LoginSuccess {
  let response;
  try {
    response = parseMethodResponse(xml, options);
  } catch (err) {
    if (!(err instanceof XmlRpcError)) throw err;
    throw new LoginError('malformed', `malformed login response: ${err.message}`, { cause: err });
  }
  if (response.kind === 'fault') {
    throw new LoginError('fault', `login server fault ${response.code}: ${response.message}`, {
      faultCode: response.code,
      gridMessage: response.message,
    });
  }
  return parseLoginResponse(response.value);
}
