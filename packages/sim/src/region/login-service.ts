/**
 * login_to_simulator over XML-RPC: checks the account (any name and password unless
 * `users` is set), creates the agent with its ids, circuit code and capability paths,
 * and answers member for member like OpenSimulator 0.9 (fixtures/opensim-0.9.2.2/http).
 */
import {
  LoginRequestError, formatFault, formatLoginFailure, formatLoginSuccess, hashPassword, parseLoginRequest, type LoginRequest,
} from '@slv/net';
import { terrainHeightAt } from '../scene/terrain.ts';
import { RegionAgent } from './region-agent.ts';
import { nameUuid } from './name-uuid.ts';
import type { Region } from './region.ts';

/** OpenSimulator's answer to a wrong name or password. */
export const AUTHENTICATION_FAILED_MESSAGE =
  'Could not authenticate your avatar. Please check your username and password, and check the grid if problems persist.';

/** The answer to a second login while the first session lasts (duplicateLogin: 'refuse'). */
export const ALREADY_LOGGED_IN_MESSAGE = 'You appear to be already logged in. Please wait a few minutes and try again.';

/** The arriving agent faces north, towards the test layout and the welcome sign. */
const LOOK_AT: [number, number, number] = [0, 1, 0];
/** Avatars stand with their centre this far above the ground. */
export const AVATAR_HOVER = 1;

/** Handles one login POST body; returns the XML-RPC answer (always HTTP 200, as login servers do). */
export function handleLogin(region: Region, xml: string): string {
  let request: LoginRequest;
  try {
    request = parseLoginRequest(xml);
  } catch (error) {
    region.stats.loginFailures++;
    if (error instanceof LoginRequestError) return formatFault(4, error.message);
    throw error;
  }
  const users = region.settings.users;
  if (users !== null) {
    const user = users.find((u) => sameName(u.first, request.first) && sameName(u.last, request.last));
    if (!user || hashPassword(user.password) !== request.passwdHash) {
      region.stats.loginFailures++;
      region.log(`login refused for ${request.first} ${request.last}`);
      return formatLoginFailure('key', AUTHENTICATION_FAILED_MESSAGE);
    }
  }
  if (region.settings.duplicateLogin === 'refuse') {
    const agentId = nameUuid(`${request.first} ${request.last}`.toLowerCase());
    if (region.sessions.has(agentId)) {
      region.stats.loginFailures++;
      region.log(`login refused for ${request.first} ${request.last}: already logged in`);
      return formatLoginFailure('presence', ALREADY_LOGGED_IN_MESSAGE);
    }
  }
  const session = createSession(region, request);
  region.stats.logins++;
  region.log(`login: ${session.fullName} (circuit ${session.identity.circuitCode})`);
  const scene = region.scene;
  const id = session.identity;
  return formatLoginSuccess({
    agentId: id.agentId,
    sessionId: id.sessionId,
    secureSessionId: id.secureSessionId,
    circuitCode: id.circuitCode,
    simIp: region.host,
    simPort: region.port,
    regionX: scene.regionX,
    regionY: scene.regionY,
    regionSizeX: scene.regionSize,
    regionSizeY: scene.regionSize,
    seedCapability: `http://${region.host}:${region.httpPort}/CAPS/${id.seedCapId}/`,
    firstName: id.firstName,
    lastName: id.lastName,
    inventoryRoot: nameUuid(`inventory root ${id.agentId}`),
    lookAt: id.lookAt,
    home: { regionX: scene.regionX, regionY: scene.regionY, position: id.spawn, lookAt: id.lookAt },
    startLocation: typeof request.start === 'string' ? request.start : 'url',
    message: `Welcome to ${scene.regionName}!`,
    mapServerUrl: `http://${region.host}:${region.httpPort}/`,
  });
}

function createSession(region: Region, request: LoginRequest): RegionAgent {
  const agentId = nameUuid(`${request.first} ${request.last}`.toLowerCase());
  const previous = region.sessions.get(agentId);
  if (previous) kickDuplicate(region, previous);
  const scene = region.scene;
  const size = scene.regionSize;
  let x = size / 2;
  let y = size / 2;
  let z = 0;
  if (typeof request.start === 'object' && sameName(request.start.region, scene.regionName)) {
    x = Math.min(size - 0.5, request.start.x);
    y = Math.min(size - 0.5, request.start.y);
    z = request.start.z;
  }
  z = Math.max(z, terrainHeightAt(scene.heightmap, size, x, y) + AVATAR_HOVER);
  let circuitCode = 0;
  while (circuitCode === 0 || region.byCircuitCode.has(circuitCode)) circuitCode = crypto.getRandomValues(new Uint32Array(1))[0]!;
  const session = new RegionAgent({
    agentId,
    sessionId: crypto.randomUUID(),
    secureSessionId: crypto.randomUUID(),
    circuitCode,
    firstName: request.first,
    lastName: request.last,
    spawn: [x, y, z],
    lookAt: [...LOOK_AT],
    seedCapId: crypto.randomUUID(),
    eventQueueCapId: crypto.randomUUID(),
    featuresCapId: crypto.randomUUID(),
  }, region.settings.eventQueueHoldMs, region.now());
  region.sessions.set(agentId, session);
  region.byCircuitCode.set(circuitCode, session);
  return session;
}

/** A second login of the same agent logs the first one out, as a grid does. */
function kickDuplicate(region: Region, previous: RegionAgent): void {
  region.log(`${previous.fullName} logged in again; closing the older session`);
  kick(region, previous, DUPLICATE_LOGIN_REASON);
}

/** OpenSimulator's words to the older session when the same agent logs in again. */
export const DUPLICATE_LOGIN_REASON = 'You have been logged out because you logged in from another location.';

/** KickUser (reliable, sent at once), then the agent is gone. */
export function kick(region: Region, agent: RegionAgent, reason: string): void {
  agent.send('KickUser', {
    TargetBlock: { TargetIP: '0.0.0.0', TargetPort: 0 },
    UserInfo: { AgentID: agent.agentId, SessionID: agent.identity.sessionId, Reason: reason },
  }, true);
  region.endSession(agent);
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
