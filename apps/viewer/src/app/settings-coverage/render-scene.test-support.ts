/**
 * A small world for the coverage checks of the renderer's settings, fed the
 * way the viewer's is: the embedded simulator's scene builder makes the
 * objects, its encoder writes their ObjectUpdate blocks, the packets go
 * through the real decoder onto a MessageBus, world ingestion takes them,
 * and the viewer's frame (world systems, then render systems, from
 * viewer-frame.ts) runs through the core scheduler. No GPU: render.draw
 * does nothing, so what is observed is what the CPU systems decided
 * (renderer.stats, the frame state, the lighting, LOD, impostor and
 * texture state).
 */
import type { PerformanceSettingsResource } from '@slv/config';
import { addSystems, createEngineWorld, createResources, createScheduler, runFrame } from '@slv/core';
import { MessageBus } from '@slv/net';
import { createPacketDecoder, createPacketEncoder, encodeMessage, PCode } from '@slv/protocol';
import {
  createRenderState, StreamedTextureSource, type DrawableMesh, type HzbCuller, type MeshUploader, type RenderCaps, type RenderState,
} from '@slv/render';
import { encodeObjectUpdateBlock, SceneBuilder, type PrimSpec, type Scene } from '@slv/sim';
import { createWorldIngestion } from '@slv/world';
import { mat4 } from 'gl-matrix';
import type { ViewerResources } from '../viewer-engine.ts';
import { VIEWER_FRAME } from '../viewer-frame.ts';

const REGION_X = 256000;
const REGION_Y = 256256;
const REGION_HANDLE = (BigInt(REGION_X) << 32n) | BigInt(REGION_Y);
const OWNER = '11111111-2222-3333-4444-555555555555';
/** A desktop WebGL2 context's figures (HZB possible, 16× anisotropy). */
export const DESKTOP_CAPS: RenderCaps = { webgl2: true, floatTextures: true, maxAnisotropy: 16, uintIndices: true, maxTextureSize: 8192 };
/** The camera: at (128, 96, 30) in the region, looking north and a little down. */
export const EYE: [number, number, number] = [128, 96, 30];
/** A point `d` metres ahead of the camera, `x` across. */
export const ahead = (d: number, x = 128): [number, number, number] => [x, EYE[1] + d, 27];

export interface RenderScene {
  readonly prims?: readonly PrimSpec[];
  /** Avatars standing at these places. */
  readonly avatars?: readonly [number, number, number][];
  /** Every object's velocity in its update, m/s (default at rest). */
  readonly velocity?: [number, number, number];
  /** Frames to run (default 1). */
  readonly frames?: number;
  /** Called after every frame (e.g. to stand in for the GPU's part of a bake). */
  readonly afterFrame?: (renderer: RenderState) => void;
}

/** Buffers "uploaded" on the CPU: the handle is the mesh itself. */
const cpuUploader: MeshUploader<DrawableMesh> = { upload: (mesh) => mesh, release: () => {} };

/** The ObjectUpdate datagrams of a scene's objects, one object each, as the simulator encodes them. */
export function sceneDatagrams(scene: RenderScene): Uint8Array[] {
  const region: Scene = {
    regionName: 'Coverage', regionX: REGION_X, regionY: REGION_Y, regionSize: 256, waterHeight: 20,
    heightmap: new Float32Array(256 * 256), objects: [], movers: [],
  };
  const builder = new SceneBuilder(region, 7, OWNER);
  for (const spec of scene.prims ?? []) builder.add(spec);
  for (const [i, position] of (scene.avatars ?? []).entries()) {
    const [avatar] = builder.add({ position, scale: [0.45, 0.6, 1.9] });
    avatar!.pcode = PCode.Avatar;
    avatar!.nameValue = `FirstName STRING RW SV Avatar${i}\nLastName STRING RW SV Resident\nTitle STRING RW SV `;
  }
  if (scene.velocity !== undefined) for (const object of region.objects) object.velocity = [...scene.velocity];
  const encoder = createPacketEncoder();
  return region.objects.map((object, i) => {
    const length = encodeMessage(encoder, 'ObjectUpdate', {
      RegionData: { RegionHandle: REGION_HANDLE, TimeDilation: 65535 },
      ObjectData: [encodeObjectUpdateBlock(object)],
    }, { sequence: i + 1 });
    return encoder.bytes.slice(0, length);
  });
}

/** A 256-entity world whose ingestion takes messages from its own bus (and fails on any ingestion error). */
export function sceneWorld(settings: PerformanceSettingsResource, clock: () => number = () => 0) {
  const world = createEngineWorld({ capacity: 256 });
  const bus = new MessageBus();
  bus.onHandlerError = (error) => {
    throw error;
  };
  const { ingestion } = createWorldIngestion(world, settings.settings, {
    bus,
    clock,
    onError: (error) => {
      throw new Error(error.message);
    },
  });
  return { world, bus, ingestion };
}

/** Decodes the scene's datagrams and dispatches them on `bus`, as a session's circuit does. */
export function dispatchScene(bus: MessageBus, scene: RenderScene): void {
  const decoder = createPacketDecoder();
  const source = { label: 'coverage-sim' };
  for (const datagram of sceneDatagrams(scene)) {
    if (!decoder.decode(datagram)) throw new Error(`scene datagram does not decode: ${decoder.error}`);
    bus.dispatch(decoder, source);
  }
}

/**
 * Runs the viewer's frame over `scene` under `settings` (its systems read
 * them as in the viewer) and returns the renderer's state after the last frame.
 */
export function renderScene(settings: PerformanceSettingsResource, scene: RenderScene, caps: RenderCaps = DESKTOP_CAPS, hzb: HzbCuller | null = null): RenderState {
  const { world, bus, ingestion } = sceneWorld(settings);
  const renderer = createRenderState<DrawableMesh>({ capacity: world.capacity, caps, uploader: cpuUploader, lightFormat: 'float', hzb });
  // A texture source with no streamer yet (as before the region's capabilities arrive): render.textures plans its residency.
  renderer.textures.source = new StreamedTextureSource();
  const resources: ViewerResources = { ...createResources({ settings, bus }), ingestion, renderer: renderer as RenderState };
  mat4.lookAt(resources.camera.view, EYE, [EYE[0], EYE[1] + 44, EYE[2] - 4], [0, 0, 1]);
  mat4.perspective(resources.camera.projection, Math.PI / 3, 4 / 3, 0.5, 1000);
  resources.camera.position.set(EYE);
  dispatchScene(bus, scene);
  const scheduler = createScheduler(world, resources);
  addSystems(scheduler, VIEWER_FRAME);
  for (let frame = 1; frame <= (scene.frames ?? 1); frame++) {
    runFrame(scheduler, frame * 16);
    scene.afterFrame?.(renderer);
  }
  return renderer;
}
