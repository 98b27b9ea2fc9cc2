/** A small engine world with the ingestion components, for renderer tests. */
import { SHAPE_FLOATS, ShapeParams, writeShapeParams } from '@slv/protocol';
import { addSystems, createEngineWorld, createScheduler, runFrame, spawnEntity } from '@slv/core';
import { defineWorldComponents, MAX_ENTITY_FACES } from '@slv/world';
import type { WorldComponents } from '@slv/world';
import { mat4, quat } from 'gl-matrix';
import { commitImpostorBakes } from '../impostors/impostor-state.ts';
import type { RenderResources } from '../render-state.ts';
import { RENDER_SYSTEMS } from './render-systems.ts';

export interface TestWorld {
  readonly world: ReturnType<typeof createEngineWorld>;
  readonly components: WorldComponents;
}

export function createTestWorld(capacity = 64): TestWorld {
  const world = createEngineWorld({ capacity });
  return { world, components: defineWorldComponents(world) };
}

export interface TestObject {
  position?: [number, number, number];
  scale?: [number, number, number];
  /** Rotation about z, radians. */
  yaw?: number;
  pcode?: number;
  /** RGBA bytes of every face, or of each face in turn. */
  color?: [number, number, number, number] | [number, number, number, number][];
  /** A default box prim shape unless changed. */
  shape?: Partial<Record<'pathCurve' | 'profileCurve' | 'profileHollow' | 'pathBegin' | 'pathEnd', number>>;
  sculptType?: number;
  light?: { color: [number, number, number]; intensity: number; radius: number; falloff: number };
}

/** Spawns a live object with a valid world transform, as ingestion and the transform system leave one. */
export function addTestObject(t: TestWorld, o: TestObject = {}): number {
  const c = t.components;
  const eid = spawnEntity(t.world);
  const position = o.position ?? [0, 0, 0];
  const scale = o.scale ?? [1, 1, 1];
  const rotation = quat.setAxisAngle(quat.create(), [0, 0, 1], o.yaw ?? 0);
  c.identity.pcode[eid] = o.pcode ?? 9;
  c.identity.parentEid[eid] = -1;
  for (let k = 0; k < 3; k++) {
    c.local.position[eid * 3 + k] = position[k];
    c.world.position[eid * 3 + k] = position[k];
    c.local.scale[eid * 3 + k] = scale[k];
  }
  for (let k = 0; k < 4; k++) {
    c.local.rotation[eid * 4 + k] = rotation[k];
    c.world.rotation[eid * 4 + k] = rotation[k];
  }
  const m = mat4.fromRotationTranslationScale(mat4.create(), rotation, position, scale);
  c.world.matrix.set(m, eid * 16);
  c.world.valid[eid] = 1;
  // ShapeParams starts as the default box; the object's fields go over it.
  writeShapeParams(c.shape.params, eid * SHAPE_FLOATS, Object.assign(new ShapeParams(), o.shape ?? {}));
  const colors = o.color ?? [255, 255, 255, 255];
  for (let f = 0; f < MAX_ENTITY_FACES; f++) {
    const rgba = Array.isArray(colors[0]) ? (colors as number[][])[Math.min(f, colors.length - 1)] : (colors as number[]);
    c.textures.color.set(rgba, (eid * MAX_ENTITY_FACES + f) * 4);
  }
  c.textures.faceCount[eid] = Array.isArray(colors[0]) ? colors.length : 1;
  c.sculpt.type[eid] = o.sculptType ?? 0;
  if (o.light !== undefined) {
    c.light.color.set(o.light.color, eid * 3);
    c.light.intensity[eid] = o.light.intensity;
    c.light.radius[eid] = o.light.radius;
    c.light.falloff[eid] = o.light.falloff;
  }
  return eid;
}

/** Points the render camera from `eye` at `target` (z up), 60° field of view, 4:3. */
export function aimTestCamera(camera: { readonly view: ArrayLike<number>; readonly projection: ArrayLike<number>; readonly position: ArrayLike<number> }, eye: [number, number, number], target: [number, number, number]): void {
  mat4.lookAt(camera.view as mat4, eye, target, [0, 0, 1]);
  mat4.perspective(camera.projection as mat4, Math.PI / 3, 4 / 3, 0.5, 1000);
  (camera.position as Float32Array).set(eye);
}

/**
 * Puts the camera at `eye` looking north and slightly down (60° vertical
 * field, 4:3), schedules the render systems, and returns a frame runner
 * after which the views each frame planned count as baked (what render.draw
 * does on a GPU): the impostor tests' loop.
 */
export function impostorFrames(t: TestWorld, resources: RenderResources, eye: [number, number, number]): (n?: number) => void {
  mat4.lookAt(resources.camera.view as mat4, eye, [eye[0], eye[1] + 44, eye[2] - 4], [0, 0, 1]);
  mat4.perspective(resources.camera.projection as mat4, Math.PI / 3, 4 / 3, 0.5, 1000);
  (resources.camera.position as Float32Array).set(eye);
  const scheduler = createScheduler(t.world, resources);
  addSystems(scheduler, RENDER_SYSTEMS);
  let now = 0;
  return (n = 1) => {
    for (let i = 0; i < n; i++) {
      runFrame(scheduler, (now += 16));
      commitImpostorBakes(resources.renderer.impostors);
    }
  };
}
