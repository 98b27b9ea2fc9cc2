/**
 * Issuing the draw list's instanced draws: point the prim props at a pass's
 * instance buffers, fill them for one draw-list entry, draw. The opaque,
 * translucent and glow passes all draw this way; only the range of entries,
 * the buffers and the command differ.
 */
import type REGL from 'regl';
import type { RenderStats } from '../frame/render-stats.ts';
import type { PrimDrawProps } from '../gpu/draw-commands.ts';
import type { GpuMesh } from '../gpu/mesh-buffers.ts';
import type { InstanceBuffers } from '../gpu/stream-buffer.ts';
import type { DrawList } from '../instancing/draw-list.ts';
import { FACE_RECORD_BYTES, MATRIX_FLOATS, PASS_TRANSLUCENT } from '../instancing/instance-streams.ts';
import type { MeshSlots } from '../meshes/mesh-slots.ts';

export type PrimCommand = REGL.DrawCommand<REGL.DefaultContext, PrimDrawProps>;

/** Points the props at a pass's instance buffers. */
export function bindInstanceBuffers(p: PrimDrawProps, buffers: InstanceBuffers): void {
  p.m0.buffer = p.m1.buffer = p.m2.buffer = p.m3.buffer = buffers.matrices.buffer;
  p.faceColor.buffer = p.faceMaterial.buffer = buffers.faces.buffer;
}

/** Fills the props for entry k of the draw list; false when its mesh is not resident. */
export function bindDrawEntry(p: PrimDrawProps, list: DrawList, slots: MeshSlots<GpuMesh>, k: number): boolean {
  const mesh = slots.handles[list.slot[k]]?.buffers;
  if (mesh == null) return false;
  const firstInstance = list.firstInstance[k] * MATRIX_FLOATS * 4;
  p.positions = mesh.positions;
  p.normals = mesh.normals;
  p.uvs = mesh.uvs;
  p.elements = mesh.elements;
  p.offset = list.indexStart[k];
  p.count = list.indexCount[k];
  p.instances = list.instances[k];
  p.translucent = list.pass[k] === PASS_TRANSLUCENT ? 1 : 0;
  p.m0.offset = firstInstance;
  p.m1.offset = firstInstance + 16;
  p.m2.offset = firstInstance + 32;
  p.m3.offset = firstInstance + 48;
  p.faceColor.offset = list.firstRecord[k] * FACE_RECORD_BYTES;
  p.faceMaterial.offset = list.firstRecord[k] * FACE_RECORD_BYTES + 4;
  return true;
}

/**
 * Draws entries [from, to) of the draw list with `command`, instances from
 * `buffers`; adds their triangles to the stats and returns the draws issued.
 */
export function drawEntries(
  command: PrimCommand,
  p: PrimDrawProps,
  list: DrawList,
  slots: MeshSlots<GpuMesh>,
  from: number,
  to: number,
  buffers: InstanceBuffers,
  stats: RenderStats,
): number {
  bindInstanceBuffers(p, buffers);
  let draws = 0;
  let triangles = 0;
  for (let k = from; k < to; k++) {
    if (!bindDrawEntry(p, list, slots, k)) continue;
    command(p);
    draws++;
    triangles += (p.count / 3) * p.instances;
  }
  stats.triangles += triangles;
  return draws;
}
