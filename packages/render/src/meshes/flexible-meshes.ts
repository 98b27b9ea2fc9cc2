/**
 * Flexible prims on the renderer's side: each visible one (the visible list
 * already ends at the draw distance) is stepped by the viewer's flexible
 * simulation (volume/flexible-path.ts) every frame it is seen, its volume
 * generated along the bent path into a volume of its own, and that geometry
 * given to its own mesh slot in place (MeshUploader.update). Objects out of
 * view are not stepped; their state resumes where it was when they return.
 *
 * Per prim it keeps the simulation state, its volume, and the DrawableMesh
 * views over the volume, remade only when the volume's vertex or index count
 * or buffers change (a new LOD or render resolution): a steady frame
 * allocates nothing.
 */
import { SHAPE_FLOATS, ShapeParams, readShapeParams } from '@slv/protocol';
import type { WorldComponents } from '@slv/world';
import {
  FlexibleFrame, FlexibleState, flexibleRenderResolution, generatePrimVolume, PrimVolume, stepFlexible, type FlexibleParams, type PrimLod,
} from '../volume/index.ts';
import { primVolumeMesh } from './prim-volume-mesh.ts';
import { acquireMeshSlot, findMeshSlot, updateMeshSlot, type DrawableMesh, type MeshSlots, type MeshUploader } from './mesh-slots.ts';

export interface FlexiblePrim {
  readonly state: FlexibleState;
  readonly frame: FlexibleFrame;
  readonly params: FlexibleParams;
  readonly volume: PrimVolume;
  /** Views over `volume` as last uploaded, and the counts and buffer they were made for. */
  mesh: DrawableMesh | null;
  meshVertices: number;
  meshIndices: number;
  meshBuffer: ArrayBufferLike | null;
  /** When it was last stepped (ms), -1 before the first step. */
  lastStepMs: number;
}

export interface FlexibleMeshes {
  readonly byEntity: Map<number, FlexiblePrim>;
  /** Prims stepped last frame. */
  stepped: number;
}

export function createFlexibleMeshes(): FlexibleMeshes {
  return { byEntity: new Map(), stepped: 0 };
}

const shapeParams = new ShapeParams();

function flexiblePrimOf(meshes: FlexibleMeshes, eid: number): FlexiblePrim {
  let prim = meshes.byEntity.get(eid);
  if (prim === undefined) {
    prim = {
      state: new FlexibleState(), frame: new FlexibleFrame(),
      params: { softness: 0, tension: 0, drag: 0, gravity: 0, wind: 0, forceX: 0, forceY: 0, forceZ: 0 },
      volume: new PrimVolume(), mesh: null, meshVertices: -1, meshIndices: -1, meshBuffer: null, lastStepMs: -1,
    };
    meshes.byEntity.set(eid, prim);
  }
  return prim;
}

/**
 * Steps flexible prim `eid` to `nowMs`, rebuilds its volume at `level` on the
 * bent path, and returns its mesh slot with the new geometry (-1 when no
 * slot is free). `distance` is the camera's, for the render resolution.
 */
export function flexibleSlot<H>(
  meshes: FlexibleMeshes, slots: MeshSlots<H>, uploader: MeshUploader<H>, components: WorldComponents,
  eid: number, level: PrimLod, distance: number, nowMs: number, frameNumber: number,
): number {
  const prim = flexiblePrimOf(meshes, eid);
  const { flexible, world, local } = components;
  const p = prim.params;
  p.softness = flexible.softness[eid]!;
  p.tension = flexible.tension[eid]!;
  p.drag = flexible.drag[eid]!;
  p.gravity = flexible.gravity[eid]!;
  p.wind = flexible.wind[eid]!;
  p.forceX = flexible.force[eid * 3]!;
  p.forceY = flexible.force[eid * 3 + 1]!;
  p.forceZ = flexible.force[eid * 3 + 2]!;
  const f = prim.frame;
  for (let k = 0; k < 3; k++) {
    f.position[k] = world.position[eid * 3 + k]!;
    f.scale[k] = local.scale[eid * 3 + k]!;
  }
  for (let k = 0; k < 4; k++) f.rotation[k] = world.rotation[eid * 4 + k]!;
  // The region's wind is not modelled yet: still air (the user force and gravity still act).
  f.wind.fill(0);
  f.renderResolution = flexibleRenderResolution(f.scale[2]!, distance, p.softness);
  const dt = prim.lastStepMs < 0 ? 0 : (nowMs - prim.lastStepMs) / 1000;
  prim.lastStepMs = nowMs;
  const shape = readShapeParams(components.shape.params, eid * SHAPE_FLOATS, shapeParams);
  const path = stepFlexible(prim.state, p, shape, f, dt);
  generatePrimVolume(shape, level, prim.volume, path);
  meshes.stepped++;
  const v = prim.volume;
  if (prim.mesh === null || prim.meshVertices !== v.vertexCount || prim.meshIndices !== v.indexCount || prim.meshBuffer !== v.positions.buffer) {
    prim.mesh = primVolumeMesh(v);
    prim.meshVertices = v.vertexCount;
    prim.meshIndices = v.indexCount;
    prim.meshBuffer = v.positions.buffer;
  }
  const slot = findMeshSlot(slots, prim, frameNumber);
  if (slot >= 0) {
    updateMeshSlot(slots, slot, prim.mesh, uploader);
    return slot;
  }
  return acquireMeshSlot(slots, prim, prim.mesh, frameNumber, uploader);
}

/** Forgets prims whose slot was released (long unseen, or gone): they start straight when seen again. */
export function forgetIdleFlexiblePrims<H>(meshes: FlexibleMeshes, slots: MeshSlots<H>): void {
  for (const [eid, prim] of meshes.byEntity) if (!slots.byKey.has(prim)) meshes.byEntity.delete(eid);
}
