/**
 * The browser side of impostors-smoke.test.ts, bundled into the page: one
 * scene (terrain and a few boxes with differently coloured faces) drawn by
 * the renderer's systems on real WebGL with settings overrides, the whole
 * canvas read back with the stats. Exposed as `window.slvImpostors`.
 */
import { SHAPE_FLOATS, ShapeParams, writeShapeParams } from '@slv/protocol';
import { PerformanceSettingsResource } from '@slv/config';
import type { DeepPartial, PerformanceSettings, PresetName } from '@slv/config';
import { addSystems, createEngineWorld, createResources, createScheduler, runFrame, spawnEntity } from '@slv/core';
import { defineWorldComponents, MAX_ENTITY_FACES } from '@slv/world';
import type { RegionTerrain } from '@slv/world';
import { mat4, quat } from 'gl-matrix';
import { createRenderer } from '../create-renderer.ts';
import type { RenderResources } from '../render-state.ts';
import { RENDER_SYSTEMS } from '../systems/render-systems.ts';

export interface ImpostorScene {
  webgl2: boolean;
  profile: PresetName;
  overrides?: DeepPartial<PerformanceSettings>;
  /** Boxes: centre, edge length, yaw (radians); faces coloured in turn from FACE_COLORS. */
  boxes: { position: [number, number, number]; size: number; yaw?: number }[];
  frames: number;
  size: [number, number];
}

export interface ImpostorRead {
  /** RGBA rows from the bottom, the whole canvas. */
  pixels: number[];
  stats: Record<string, unknown>;
  error?: string;
}

const FACE_COLORS = [[220, 40, 40], [40, 200, 60], [50, 80, 230], [230, 210, 40], [200, 60, 200], [40, 200, 210]];

function terrain(height: number): RegionTerrain {
  return {
    regionIndex: 0, regionSize: 256, heightmap: new Float32Array(256 * 256).fill(height), patchReceived: new Uint8Array(256).fill(1),
    landPatches: 256, revision: 1, windX: new Float32Array(256), windY: new Float32Array(256), windRevision: 0,
    cloud: new Float32Array(256), cloudRevision: 0, ignoredPatches: 0,
  };
}

async function draw(scene: ImpostorScene): Promise<ImpostorRead> {
  const [width, height] = scene.size;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  document.body.appendChild(canvas);
  const options: WebGLContextAttributes = { antialias: false, preserveDrawingBuffer: true };
  const gl = scene.webgl2 ? canvas.getContext('webgl2', options) : canvas.getContext('webgl', options);
  if (gl === null) return { pixels: [], stats: {}, error: 'no context' };
  const world = createEngineWorld({ capacity: 64 });
  const c = defineWorldComponents(world);
  for (const box of scene.boxes) {
    const eid = spawnEntity(world);
    const rotation = quat.setAxisAngle(quat.create(), [0, 0, 1], box.yaw ?? 0);
    const scale: [number, number, number] = [box.size, box.size, box.size];
    c.identity.pcode[eid] = 9;
    c.identity.parentEid[eid] = -1;
    c.local.scale.set(scale, eid * 3);
    c.local.position.set(box.position, eid * 3);
    c.world.position.set(box.position, eid * 3);
    c.local.rotation.set(rotation, eid * 4);
    c.world.rotation.set(rotation, eid * 4);
    c.world.matrix.set(mat4.fromRotationTranslationScale(mat4.create(), rotation, box.position, scale), eid * 16);
    c.world.valid[eid] = 1;
    writeShapeParams(c.shape.params, eid * SHAPE_FLOATS, new ShapeParams());
    for (let f = 0; f < MAX_ENTITY_FACES; f++) c.textures.color.set([...FACE_COLORS[f % FACE_COLORS.length]!, 255], (eid * MAX_ENTITY_FACES + f) * 4);
    c.textures.faceCount[eid] = 6;
  }
  const settings = new PerformanceSettingsResource({ profile: scene.profile });
  if (scene.overrides) settings.update(scene.overrides);
  const renderer = createRenderer({ gl, capacity: world.capacity });
  renderer.environment.regionIndex = 0;
  const resources: RenderResources = {
    ...createResources({ settings, bus: null }),
    ingestion: { components: c, terrain: new Map([[0, terrain(22)]]) },
    renderer: renderer.state,
  };
  const eye: [number, number, number] = [128, 96, 30];
  mat4.lookAt(resources.camera.view as mat4, eye, [128, 140, 26], [0, 0, 1]);
  mat4.perspective(resources.camera.projection as mat4, Math.PI / 3, width / height, 0.5, 1000);
  (resources.camera.position as Float32Array).set(eye);
  const scheduler = createScheduler(world, resources);
  addSystems(scheduler, RENDER_SYSTEMS);
  try {
    let now = 0;
    for (let f = 0; f < scene.frames; f++) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      runFrame(scheduler, (now += 16));
    }
    const pixels = new Uint8Array(width * height * 4);
    gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
    const stats: Record<string, unknown> = { ...renderer.stats, lodCounts: Array.from(renderer.stats.lodCounts), bakesCompleted: renderer.state.impostors.bakesCompleted };
    return { pixels: Array.from(pixels), stats };
  } catch (error) {
    return { pixels: [], stats: {}, error: String((error as Error)?.stack ?? error) };
  } finally {
    renderer.dispose();
    canvas.remove();
  }
}

(globalThis as unknown as { slvImpostors: unknown }).slvImpostors = { draw };
