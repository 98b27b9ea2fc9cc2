/**
 * Issuing the draw list's instanced draws: point the prim props at a pass's
 * instance buffers, fill them for one draw-list entry, draw. The opaque,
 * translucent and glow passes all draw this way; only the entries and the
 * command differ.
 */
import type REGL from 'regl';
import type { PrimDrawProps } from '../gpu/draw-commands.ts';
import type { GpuResources } from '../gpu/gpu-resources.ts';
import type { GpuMesh } from '../gpu/mesh-buffers.ts';
import type { InstanceBuffers } from '../gpu/stream-buffer.ts';
import type { DrawList } from '../instancing/draw-list.ts';
import { FACE_RECORD_BYTES, MATRIX_FLOATS, PASS_TRANSLUCENT } from '../instancing/instance-streams.ts';
import type { MeshSlots } from '../meshes/mesh-slots.ts';

export type PrimCommand = REGL.DrawCommand<REGL.DefaultContext, PrimDrawProps>;

/** Points the props at a pass's instance buffers. */
export function bindInstanceBuffers(p: PrimDrawProps, buffers: InstanceBuffers): void {
  p.m0.buffer = p.m1.buffer = p.m2.buffer = p.m3.buffer = buffers.matrices.buffer;
  p.faceColor.buffer = p.faceMaterial.buffer = p.faceUv.buffer = p.faceTexture.buffer = buffers.faces.buffer;
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
  const record = list.firstRecord[k] * FACE_RECORD_BYTES;
  p.faceColor.offset = record;
  p.faceMaterial.offset = record + 4;
  p.faceUv.offset = record + 8;
  p.faceTexture.offset = record + 24;
  return true;
}

/**
 * Draws entries [from, to) of the draw list with `command`, or with
 * `entries` the entries it lists at [from, to) (the glow pass's); each
 * entry's instances come from its pass's buffers (opaque streams or the
 * translucent queue's). Adds the triangles to the stats; returns the draws.
 */
export function drawEntries(
  gpu: GpuResources,
  command: PrimCommand,
  list: DrawList,
  entries: Int32Array | null,
  from: number,
  to: number,
): number {
  const p = gpu.commands.primProps;
  const slots = gpu.scene.slots;
  let bound = -1;
  let draws = 0;
  let triangles = 0;
  for (let i = from; i < to; i++) {
    const k = entries === null ? i : entries[i];
    const pass = list.pass[k];
    if (pass !== bound) {
      bindInstanceBuffers(p, pass === PASS_TRANSLUCENT ? gpu.translucent : gpu.opaque);
      bound = pass;
    }
    if (!bindDrawEntry(p, list, slots, k)) continue;
    command(p);
    draws++;
    triangles += (p.count / 3) * p.instances;
  }
  gpu.stats.triangles += triangles;
  return draws;
}
