/**
 * startRegion: a region server on loopback speaking the Second Life protocol. UDP and
 * HTTP share one port number, as OpenSimulator's do. One timer drives everything, in
 * this order each tick: circuits (acks, resends, pings), paced terrain and objects,
 * avatars (moved by their agents' controls), movers, SimStats, the clock and the minimap.
 */
import { UdpTransport } from '@slv/net/node';
import type { LLSDValue } from '@slv/protocol';
import { generateScene } from '../scene/generate-scene.ts';
import { SceneBuilder } from '../scene/scene-builder.ts';
import type { PrimSpec, SceneObject } from '../scene/scene-types.ts';
import { AvatarMotionDriver } from '../agents/avatar-motion-driver.ts';
import { regionChat } from '../agents/local-chat-relay.ts';
import { handleAgentMessage, type MessageContext } from './agent-messages.ts';
import { createHttpServer, listen } from './http-server.ts';
import { kick } from './login-service.ts';
import { MoverDriver } from './movers.ts';
import { nameUuid } from './name-uuid.ts';
import { ObjectEncodings, broadcastKill, broadcastTerse, sendObjectUpdates } from './object-streamer.ts';
import { Region, resolveSettings } from './region.ts';
import type { AgentInfo, RegionOptions, RegionStats, RunningRegion } from './region-options.ts';
import { SimStatsMeter } from './sim-stats.ts';
import { coarseLocationUpdate, simulatorViewerTime } from './sim-time.ts';
import { UdpEndpoint } from './udp-endpoint.ts';
import { SimTextures, attachTextures } from '../textures/texture-service.ts';
import { SimMeshes, attachMeshes } from '../meshes/mesh-service.ts';

/** The scene a region makes when given none. */
export const DEFAULT_SCENE_OPTIONS = { seed: 1, objects: 200, lights: 8, movers: 6 } as const;
/** A logging-out circuit is kept this long at most for its LogoutReply to be acknowledged. */
const LOGOUT_LINGER_MS = 3000;

export async function startRegion(options: RegionOptions = {}): Promise<RunningRegion> {
  const settings = resolveSettings(options);
  const scene = options.scene ?? generateScene({ ...DEFAULT_SCENE_OPTIONS, ...options.sceneOptions });
  const seed = options.sceneOptions?.seed ?? DEFAULT_SCENE_OPTIONS.seed;
  const ownerId = scene.objects[0]?.ownerId ?? nameUuid(`owner of ${scene.regionName}`);
  const now = () => performance.now();
  const region = new Region(scene, settings, ownerId, now, options.log ?? (() => {}));
  const regionId = nameUuid(`region ${scene.regionName} ${scene.regionX} ${scene.regionY}`);
  // A new cache id whenever the scene differs, so viewers do not trust caches of another world.
  const cacheId = nameUuid(`cache ${regionId} ${seed} ${scene.objects.length} ${scene.objects[0]?.fullId ?? ''}`);

  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`port must be an integer in [0, 65535], got ${port}`);
  const transport = await UdpTransport.bind(port, settings.host);
  region.port = transport.port;
  const textures = new SimTextures(options.textures);
  attachTextures(region, textures);
  const meshes = new SimMeshes();
  attachMeshes(region, meshes);
  const server = createHttpServer(region);
  try {
    region.httpPort = await listen(server, region.port, settings.host);
  } catch (error) {
    if (port !== 0) {
      transport.close();
      throw new Error(`HTTP port ${port} on ${settings.host} is taken: ${(error as Error).message}`);
    }
    // The UDP port's number is taken for TCP: any free HTTP port will do.
    region.httpPort = await listen(server, 0, settings.host);
  }

  const encodings = new ObjectEncodings(region);
  const meter = new SimStatsMeter(now());
  const movers = new MoverDriver(region);
  const avatars = new AvatarMotionDriver(region);
  const context: MessageContext = { region, encodings, meter, regionId, cacheId };
  new UdpEndpoint(region, transport, { message: (session, circuit) => handleAgentMessage(context, session, circuit.decoder) });

  let lastMovers = now();
  let lastStats = now();
  let lastTime = now();
  const tick = () => {
    const started = now();
    // Ending a session deletes it from the map, which a Map's iterator tolerates.
    for (const session of region.sessions.values()) {
      const circuit = session.circuit;
      if (circuit === null) {
        if (started - session.since > settings.loginTimeoutMs) region.endSession(session);
        continue;
      }
      circuit.tick();
      if (session.stage === 'closed') continue;
      if (session.stage === 'closing') {
        if (circuit.pendingReliable === 0 || started - session.since > LOGOUT_LINGER_MS) region.endSession(session);
        continue;
      }
      if (session.outbox.length > 0) {
        session.outbox.drain(settings.streamPacketsPerTick, (m) => {
          if (session.send(m.name, m.value, m.reliable) && m.stat) region.stats[m.stat] += m.statCount ?? 1;
        }, now() + settings.streamMsPerTick, now);
      }
    }
    avatars.step(started);
    if (settings.moverHz > 0 && started - lastMovers >= 1000 / settings.moverHz) {
      lastMovers = started;
      movers.step((started - region.startedAt) / 1000);
    }
    if (started - lastStats >= settings.simStatsIntervalMs) {
      lastStats = started;
      region.broadcast('SimStats', meter.message(region, started), false);
    }
    if (started - lastTime >= settings.timeIntervalMs) {
      lastTime = started;
      region.broadcast('SimulatorViewerTimeMessage', simulatorViewerTime(), false);
      for (const session of region.readySessions()) session.send('CoarseLocationUpdate', coarseLocationUpdate(region, session), false);
    }
    meter.recordTick(now() - started);
  };
  const timer = setInterval(tick, settings.tickMs);
  region.log(`region "${scene.regionName}" on udp ${settings.host}:${region.port}, http ${region.httpPort}: ${scene.objects.length} objects`);

  let stopped: Promise<void> | null = null;
  const running: RunningRegion = {
    port: region.port,
    httpPort: region.httpPort,
    host: settings.host,
    loginUri: `http://${settings.host}:${region.httpPort}/`,
    scene,
    textures,
    meshes,
    get stats(): RegionStats {
      return region.refreshStats();
    },
    agents(): AgentInfo[] {
      return [...region.sessions.values()].map((s) => s.info());
    },
    addObject(object: PrimSpec | SceneObject): SceneObject[] {
      const added = isSceneObject(object) ? [adopt(object)] : new SceneBuilder(scene, seed + scene.objects.length, ownerId).add(object);
      for (const o of added) region.objects.set(o.localId, o);
      for (const mover of scene.movers) if (!region.movers.has(mover.localId)) region.movers.set(mover.localId, mover);
      sendObjectUpdates(region, encodings, added, region.readySessions());
      return added;
    },
    killObject(localId: number): boolean {
      const object = region.objects.get(localId);
      if (object === undefined) return false;
      const doomed = object.parentId === 0 ? [object, ...region.childrenOf(localId)] : [object];
      const ids = doomed.map((o) => o.localId);
      const gone = new Set(ids);
      scene.objects = scene.objects.filter((o) => !gone.has(o.localId));
      scene.movers = scene.movers.filter((m) => !gone.has(m.localId));
      for (const id of ids) {
        region.objects.delete(id);
        region.movers.delete(id);
        encodings.forget(id);
      }
      broadcastKill(region, ids);
      region.stats.killedObjects += ids.length;
      return true;
    },
    moveObject(localId, position, rotation): boolean {
      const object = region.objects.get(localId);
      if (object === undefined) return false;
      if (region.movers.delete(localId)) scene.movers = scene.movers.filter((m) => m.localId !== localId);
      object.position = [...position];
      if (rotation) object.rotation = [...rotation];
      object.velocity = [0, 0, 0];
      object.angularVelocity = [0, 0, 0];
      object.crc = (object.crc + 1) >>> 0;
      encodings.forget(localId);
      broadcastTerse(region, object);
      return true;
    },
    enqueueEvent(agentId: string, message: string, body: LLSDValue): boolean {
      const session = region.sessions.get(agentId);
      if (session === undefined || session.eventQueue.closed) return false;
      session.eventQueue.enqueue(message, body);
      region.stats.eventsQueued++;
      return true;
    },
    kickAgent(agentId: string, reason: string): boolean {
      const agent = region.sessions.get(agentId);
      if (agent === undefined) return false;
      kick(region, agent, reason);
      return true;
    },
    disableSimulator(agentId: string): boolean {
      const agent = region.sessions.get(agentId);
      if (agent === undefined) return false;
      agent.send('DisableSimulator', {}, true);
      region.endSession(agent);
      return true;
    },
    chat(text, chatOptions): number {
      return regionChat(region, text, chatOptions);
    },
    stop(): Promise<void> {
      stopped ??= (async () => {
        clearInterval(timer);
        for (const session of [...region.sessions.values()]) region.endSession(session);
        // Datagrams the fault injectors still hold must not reach a closed socket.
        for (const injector of [...region.injectors.inbound, ...region.injectors.outbound]) injector.close();
        transport.close();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
        await textures.close();
        region.log(`region "${scene.regionName}" stopped`);
      })();
      return stopped;
    },
  };
  return running;

  function adopt(object: SceneObject): SceneObject {
    if (region.objects.has(object.localId)) throw new RangeError(`an object with local id ${object.localId} already exists`);
    if (object.parentId !== 0 && !region.objects.has(object.parentId)) throw new RangeError(`object ${object.localId}: parent ${object.parentId} does not exist`);
    scene.objects.push(object);
    return object;
  }
}

/** A ready object has ids; a PrimSpec never does. */
function isSceneObject(object: PrimSpec | SceneObject): object is SceneObject {
  return 'localId' in object && 'fullId' in object;
}
