/**
 * The login server's side, for the embedded simulator: reading a viewer's
 * login_to_simulator call and writing answers shaped member for member like
 * OpenSimulator 0.9's (same names, same value types, same order).
 */
import { isUuid } from '@slv/protocol';
import { LOGIN_METHOD } from './login-request.ts';
import type { Vec3 } from './login-response.ts';
import { hashPassword } from './md5.ts';
import { parseStart, type StartSpec } from './start-location.ts';
import { XmlRpcError } from './xmlrpc-error.ts';
import { formatMethodResponse } from './xmlrpc-format.ts';
import { parseMethodCall } from './xmlrpc-parse.ts';
import { createStruct, I4_MAX, isStruct, type XmlRpcParseOptions, type XmlRpcStruct, type XmlRpcValue } from './xmlrpc-value.ts';

/** A login request that cannot be served, naming the member at fault. */
export class LoginRequestError extends Error {
  override readonly name = 'LoginRequestError';

  constructor(
    message: string,
    readonly field?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface LoginRequest {
  first: string;
  last: string;
  /** "$1$" + md5hex(password); a plain password sent by an old client is hashed here. */
  passwdHash: string;
  start: StartSpec;
  channel: string;
  version: string;
  platform: string;
  platformVersion: string;
  mac: string;
  id0: string;
  agreeToTos: boolean;
  readCritical: boolean;
  extendedErrors: boolean;
  token: string;
  mfaHash: string;
  options: string[];
  /** The whole parameter struct. */
  raw: XmlRpcStruct;
}

function stringMember(raw: XmlRpcStruct, field: string, required: boolean): string {
  const v = raw[field];
  if (v === undefined) {
    if (required) throw new LoginRequestError(`login request: ${field} is missing`, field);
    return '';
  }
  if (typeof v !== 'string') throw new LoginRequestError(`login request: ${field} is not a string`, field);
  return v;
}

function booleanMember(raw: XmlRpcStruct, field: string): boolean {
  const v = raw[field];
  if (v === undefined || v === false || v === 0 || v === '0' || v === 'false' || v === '') return false;
  if (v === true || v === 1 || v === '1' || v === 'true') return true;
  throw new LoginRequestError(`login request: ${field} is not a boolean`, field);
}

/** A viewer's login_to_simulator call, checked and typed. */
export function parseLoginRequest(xml: string, options?: XmlRpcParseOptions): LoginRequest {
  let call;
  try {
    call = parseMethodCall(xml, options);
  } catch (err) {
    if (!(err instanceof XmlRpcError)) throw err;
    throw new LoginRequestError(`login request: ${err.message}`, undefined, { cause: err });
  }
  if (call.methodName !== LOGIN_METHOD) {
    throw new LoginRequestError(`login request: method is ${JSON.stringify(call.methodName)}, not ${LOGIN_METHOD}`);
  }
  const raw = call.params[0];
  if (call.params.length !== 1 || !isStruct(raw)) {
    throw new LoginRequestError(`login request: ${LOGIN_METHOD} takes one struct parameter`);
  }
  const first = stringMember(raw, 'first', true).trim();
  const last = stringMember(raw, 'last', true).trim();
  if (first === '') throw new LoginRequestError('login request: first is empty', 'first');
  if (last === '') throw new LoginRequestError('login request: last is empty', 'last');
  const passwd = stringMember(raw, 'passwd', true);
  if (passwd === '') throw new LoginRequestError('login request: passwd is empty', 'passwd');
  const startText = stringMember(raw, 'start', false);
  let start: StartSpec;
  try {
    start = startText === '' ? 'last' : parseStart(startText);
  } catch (err) {
    throw new LoginRequestError(`login request: ${(err as Error).message}`, 'start', { cause: err });
  }
  const requested = raw.options ?? [];
  if (!Array.isArray(requested) || !requested.every((o) => typeof o === 'string')) {
    throw new LoginRequestError('login request: options is not a list of strings', 'options');
  }
  return {
    first,
    last,
    passwdHash: hashPassword(passwd),
    start,
    channel: stringMember(raw, 'channel', false),
    version: stringMember(raw, 'version', false),
    platform: stringMember(raw, 'platform', false),
    platformVersion: stringMember(raw, 'platform_version', false),
    mac: stringMember(raw, 'mac', false),
    id0: stringMember(raw, 'id0', false),
    agreeToTos: booleanMember(raw, 'agree_to_tos'),
    readCritical: booleanMember(raw, 'read_critical'),
    extendedErrors: booleanMember(raw, 'extended_errors'),
    token: stringMember(raw, 'token', false),
    mfaHash: stringMember(raw, 'mfa_hash', false),
    options: requested as string[],
    raw,
  };
}

export interface InventoryFolderInfo {
  folderId: string;
  parentId: string;
  name: string;
  /** The folder's preferred asset type (8 = root, -1 = none). */
  typeDefault: number;
  version: number;
}

export interface BuddyInfo {
  buddyId: string;
  rightsGiven: number;
  rightsHas: number;
}

export interface GestureInfo {
  itemId: string;
  assetId: string;
}

export interface CategoryInfo {
  id: number;
  name: string;
}

export interface LoginSuccessFields {
  agentId: string;
  sessionId: string;
  secureSessionId: string;
  /** Unsigned 32-bit; written as <i4> the way OpenSimulator does (two's complement above 2^31). */
  circuitCode: number;
  simIp: string;
  simPort: number;
  /** Region corner in global meters. */
  regionX: number;
  regionY: number;
  seedCapability: string;
  firstName: string;
  lastName: string;
  inventoryRoot: string;
  /** Default 256 each. */
  regionSizeX?: number;
  regionSizeY?: number;
  /** Default [1, 0, 0]. */
  lookAt?: Vec3;
  /** Default: this region, its center at ground level, facing east. */
  home?: { regionX: number; regionY: number; position: Vec3; lookAt: Vec3 };
  /** Default 'last'. */
  startLocation?: string;
  /** Default: now. */
  secondsSinceEpoch?: number;
  /** Default 'M' and 'A'. */
  agentAccess?: string;
  agentAccessMax?: string;
  /** Default 'Welcome!'. */
  message?: string;
  /** Default: the root folder alone. */
  inventorySkeleton?: readonly InventoryFolderInfo[];
  /** Defaults: the OpenSimulator library's root, owner and root folder. */
  inventoryLibRoot?: string;
  inventoryLibOwner?: string;
  inventorySkelLib?: readonly InventoryFolderInfo[];
  buddyList?: readonly BuddyInfo[];
  gestures?: readonly GestureInfo[];
  initialOutfit?: { folderName: string; gender: string };
  eventCategories?: readonly CategoryInfo[];
  /** Default: OpenSimulator's nine. */
  classifiedCategories?: readonly CategoryInfo[];
  globalTextures?: { sunTextureId: string; moonTextureId: string; cloudTextureId: string };
  loginFlags?: { daylightSavings: boolean; everLoggedIn: boolean; stipendSinceLogin: boolean; gendered: boolean };
  allowFirstLife?: boolean;
  /** Default 42. */
  maxAgentGroups?: number;
  /** Default ''. */
  mapServerUrl?: string;
  /** Default the null UUID. */
  realId?: string;
  /** Default 0. */
  httpPort?: number;
  /** Members added after (or replacing) the standard ones. */
  extra?: Readonly<Record<string, XmlRpcValue>>;
}

const NULL_UUID = '00000000-0000-0000-0000-000000000000';

/** OpenSimulator's library: its root folder and owner. */
export const OPENSIM_LIBRARY_ROOT = '00000112-000f-0000-0000-000100bba000';
export const OPENSIM_LIBRARY_OWNER = '11111111-1111-0000-0000-000100bba000';

export const OPENSIM_CLASSIFIED_CATEGORIES: readonly CategoryInfo[] = Object.freeze([
  { id: 1, name: 'Shopping' },
  { id: 2, name: 'Land Rental' },
  { id: 3, name: 'Property Rental' },
  { id: 4, name: 'Special Attraction' },
  { id: 5, name: 'New Products' },
  { id: 6, name: 'Employment' },
  { id: 7, name: 'Wanted' },
  { id: 8, name: 'Service' },
  { id: 9, name: 'Personal' },
]);

export const OPENSIM_GLOBAL_TEXTURES = Object.freeze({
  sunTextureId: 'cce0f112-878f-4586-a2e2-a8f104bba271',
  moonTextureId: 'ec4b9f0b-d008-45c6-96a4-01dd947ac621',
  cloudTextureId: 'dc4b9f0b-d008-45c6-96a4-01dd947ac621',
});

function checkUuid(field: string, value: string): string {
  if (!isUuid(value)) throw new RangeError(`login success: ${field} ${JSON.stringify(value)} is not a UUID`);
  return value;
}

function checkInt(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`login success: ${field} must be an integer in [${min}, ${max}], got ${value}`);
  }
  return value;
}

/** An LLSD notation real as the OpenSimulator writes it ("r0.7071059", "r256000"). */
function real(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`login success: ${n} is not a finite number`);
  return `r${Object.is(n, -0) ? 0 : n}`;
}

function vec3Text(v: Vec3): string {
  return `[${real(v[0])},${real(v[1])},${real(v[2])}]`;
}

function yn(flag: boolean): string {
  return flag ? 'Y' : 'N';
}

function folders(list: readonly InventoryFolderInfo[], label: string): XmlRpcStruct[] {
  return list.map((f) =>
    createStruct({
      name: f.name,
      folder_id: checkUuid(`${label} folderId`, f.folderId),
      type_default: checkInt(`${label} typeDefault`, f.typeDefault, -128, 127),
      version: checkInt(`${label} version`, f.version, -0x80000000, I4_MAX),
      parent_id: checkUuid(`${label} parentId`, f.parentId),
    }),
  );
}

function categories(list: readonly CategoryInfo[]): XmlRpcStruct[] {
  return list.map((c) => createStruct({ category_id: checkInt('category id', c.id, -0x80000000, I4_MAX), category_name: c.name }));
}

/** The success struct: every member an OpenSimulator 0.9 login answer carries, in its order. */
export function loginSuccessStruct(fields: LoginSuccessFields): XmlRpcStruct {
  const regionX = checkInt('regionX', fields.regionX, 0, I4_MAX);
  const regionY = checkInt('regionY', fields.regionY, 0, I4_MAX);
  const root = checkUuid('inventoryRoot', fields.inventoryRoot);
  const libRoot = checkUuid('inventoryLibRoot', fields.inventoryLibRoot ?? OPENSIM_LIBRARY_ROOT);
  const home = fields.home ?? { regionX, regionY, position: [128, 128, 0], lookAt: [1, 0, 0] };
  checkInt('home regionX', home.regionX, 0, 0xffffffff);
  checkInt('home regionY', home.regionY, 0, 0xffffffff);
  const textures = fields.globalTextures ?? OPENSIM_GLOBAL_TEXTURES;
  const flags = fields.loginFlags ?? { daylightSavings: false, everLoggedIn: true, stipendSinceLogin: false, gendered: true };
  const outfit = fields.initialOutfit ?? { folderName: 'Nightclub Female', gender: 'female' };
  const struct = createStruct({
    login: 'true',
    region_y: regionY,
    region_size_x: checkInt('regionSizeX', fields.regionSizeX ?? 256, 1, I4_MAX),
    'buddy-list': (fields.buddyList ?? []).map((b) =>
      createStruct({
        buddy_id: checkUuid('buddyId', b.buddyId),
        buddy_rights_given: checkInt('buddy rightsGiven', b.rightsGiven, -0x80000000, I4_MAX),
        buddy_rights_has: checkInt('buddy rightsHas', b.rightsHas, -0x80000000, I4_MAX),
      }),
    ),
    look_at: vec3Text(fields.lookAt ?? [1, 0, 0]),
    'inventory-lib-root': [createStruct({ folder_id: libRoot })],
    seconds_since_epoch: checkInt('secondsSinceEpoch', fields.secondsSinceEpoch ?? Math.floor(Date.now() / 1000), 0, I4_MAX),
    agent_id: checkUuid('agentId', fields.agentId),
    region_size_y: checkInt('regionSizeY', fields.regionSizeY ?? 256, 1, I4_MAX),
    'inventory-root': [createStruct({ folder_id: root })],
    gestures: (fields.gestures ?? []).map((g) =>
      createStruct({ item_id: checkUuid('gesture itemId', g.itemId), asset_id: checkUuid('gesture assetId', g.assetId) }),
    ),
    http_port: checkInt('httpPort', fields.httpPort ?? 0, 0, 65535),
    agent_access: fields.agentAccess ?? 'M',
    event_categories: categories(fields.eventCategories ?? []),
    'initial-outfit': [createStruct({ folder_name: outfit.folderName, gender: outfit.gender })],
    sim_ip: fields.simIp,
    region_x: regionX,
    real_id: checkUuid('realId', fields.realId ?? NULL_UUID),
    first_name: fields.firstName,
    seed_capability: fields.seedCapability,
    secure_session_id: checkUuid('secureSessionId', fields.secureSessionId),
    'inventory-skeleton': folders(
      fields.inventorySkeleton ?? [{ folderId: root, parentId: NULL_UUID, name: 'My Inventory', typeDefault: 8, version: 1 }],
      'inventorySkeleton',
    ),
    message: fields.message ?? 'Welcome!',
    event_notifications: [],
    agent_access_max: fields.agentAccessMax ?? 'A',
    'max-agent-groups': checkInt('maxAgentGroups', fields.maxAgentGroups ?? 42, 0, I4_MAX),
    home:
      `{'region_handle':[${real(home.regionX)},${real(home.regionY)}], ` +
      `'position':${vec3Text(home.position)}, 'look_at':${vec3Text(home.lookAt)}}`,
    'inventory-skel-lib': folders(
      fields.inventorySkelLib ?? [{ folderId: libRoot, parentId: NULL_UUID, name: 'OpenSim Library', typeDefault: 8, version: 1 }],
      'inventorySkelLib',
    ),
    classified_categories: categories(fields.classifiedCategories ?? OPENSIM_CLASSIFIED_CATEGORIES),
    'inventory-lib-owner': [createStruct({ agent_id: checkUuid('inventoryLibOwner', fields.inventoryLibOwner ?? OPENSIM_LIBRARY_OWNER) })],
    sim_port: checkInt('simPort', fields.simPort, 1, 65535),
    last_name: fields.lastName,
    'login-flags': [
      createStruct({
        daylight_savings: yn(flags.daylightSavings),
        ever_logged_in: yn(flags.everLoggedIn),
        stipend_since_login: yn(flags.stipendSinceLogin),
        gendered: yn(flags.gendered),
      }),
    ],
    'global-textures': [
      createStruct({
        moon_texture_id: checkUuid('moonTextureId', textures.moonTextureId),
        cloud_texture_id: checkUuid('cloudTextureId', textures.cloudTextureId),
        sun_texture_id: checkUuid('sunTextureId', textures.sunTextureId),
      }),
    ],
    start_location: fields.startLocation ?? 'last',
    circuit_code: checkInt('circuitCode', fields.circuitCode, 0, 0xffffffff) | 0,
    session_id: checkUuid('sessionId', fields.sessionId),
    'ui-config': [createStruct({ allow_first_life: yn(fields.allowFirstLife ?? true) })],
    'map-server-url': fields.mapServerUrl ?? '',
  });
  if (fields.extra !== undefined) {
    for (const key of Object.keys(fields.extra)) struct[key] = fields.extra[key] as XmlRpcValue;
  }
  return struct;
}

/** A complete success answer document. */
export function formatLoginSuccess(fields: LoginSuccessFields): string {
  return formatMethodResponse(loginSuccessStruct(fields));
}

/** The failure struct OpenSimulator sends: reason, message, login "false". */
export function loginFailureStruct(reason: string, message: string): XmlRpcStruct {
  return createStruct({ reason, message, login: 'false' });
}

/** A complete failure answer document (reason e.g. 'key', 'presence', 'tos'). */
export function formatLoginFailure(reason: string, message: string): string {
  return formatMethodResponse(loginFailureStruct(reason, message));
}
