/**
 * Mesh uploads through regl: one static vertex buffer per attribute and one
 * element buffer per distinct mesh, shared by every instance drawing it.
 *
 * A GpuMesh keeps the CPU mesh it was made from (views over the volume the
 * mesh slot is keyed by, so this holds nothing the slot does not), which is
 * what lets a lost context be survived: while the uploader has no regl
 * instance, uploads only record the mesh; `restoreGpuMeshes` then uploads
 * every resident one to the new context.
 */
import type { Regl } from 'regl';
import type REGL from 'regl';
import type { DrawableMesh, MeshSlots, MeshUploader } from '../meshes/mesh-slots.ts';

export interface GpuMeshBuffers {
  readonly positions: REGL.Buffer;
  readonly normals: REGL.Buffer;
  readonly uvs: REGL.Buffer;
  readonly elements: REGL.Elements;
}

export interface GpuMesh {
  /** The CPU mesh, for uploading again to a restored context (the latest geometry of an updated one). */
  source: DrawableMesh;
  /** Null while the context is lost (nothing to draw with until restoreGpuMeshes). */
  buffers: GpuMeshBuffers | null;
  vertexCount: number;
}

export interface ReglMeshUploader extends MeshUploader<GpuMesh> {
  /** Where uploads go; null while the context is lost (uploads then only record their mesh). */
  regl: Regl | null;
  readonly uintIndices: boolean;
}

/** 32-bit indices become 16-bit when the vertices allow; otherwise they need OES_element_index_uint. */
export function elementIndices(indices: Uint16Array | Uint32Array, vertexCount: number, uintIndices: boolean): Uint16Array | Uint32Array {
  if (indices instanceof Uint16Array) return indices;
  if (vertexCount <= 0x10000) return Uint16Array.from(indices);
  assertIndicesFit(indices, vertexCount, uintIndices);
  return indices;
}

function assertIndicesFit(indices: Uint16Array | Uint32Array, vertexCount: number, uintIndices: boolean): void {
  if (indices instanceof Uint32Array && vertexCount > 0x10000 && !uintIndices) {
    throw new RangeError(`a mesh of ${vertexCount} vertices needs 32-bit indices, and this context lacks OES_element_index_uint`);
  }
}

function uploadBuffers(regl: Regl, mesh: DrawableMesh, vertexCount: number, uintIndices: boolean): GpuMeshBuffers {
  const indices = elementIndices(mesh.indices, vertexCount, uintIndices);
  return {
    positions: regl.buffer({ data: mesh.positions, usage: 'static', type: 'float' }),
    normals: regl.buffer({ data: mesh.normals, usage: 'static', type: 'float' }),
    uvs: regl.buffer({ data: mesh.uvs, usage: 'static', type: 'float' }),
    elements: regl.elements({
      data: indices,
      usage: 'static',
      primitive: 'triangles',
      type: indices instanceof Uint32Array ? 'uint32' : 'uint16',
    }),
  };
}

function refill(buffer: REGL.Buffer, data: Float32Array, sameSize: boolean): void {
  if (sameSize) buffer.subdata(data);
  else buffer({ data, usage: 'dynamic', type: 'float' });
}

function freeBuffers(mesh: GpuMesh): void {
  const b = mesh.buffers;
  if (b === null) return;
  mesh.buffers = null;
  // On a lost context these delete nothing (WebGL ignores them); regl forgets the objects either way.
  b.positions.destroy();
  b.normals.destroy();
  b.uvs.destroy();
  b.elements.destroy();
}

export function createReglMeshUploader(regl: Regl | null, uintIndices: boolean): ReglMeshUploader {
  const uploader: ReglMeshUploader = {
    regl,
    uintIndices,
    upload(mesh: DrawableMesh): GpuMesh {
      const vertexCount = mesh.positions.length / 3;
      // Checked even with no context, so a mesh that can never draw fails now rather than at restore.
      assertIndicesFit(mesh.indices, vertexCount, uintIndices);
      const r = uploader.regl;
      return { source: mesh, buffers: r === null ? null : uploadBuffers(r, mesh, vertexCount, uintIndices), vertexCount };
    },
    release: freeBuffers,
    update(handle: GpuMesh, mesh: DrawableMesh): GpuMesh {
      const vertexCount = mesh.positions.length / 3;
      assertIndicesFit(mesh.indices, vertexCount, uintIndices);
      const sameSize = vertexCount === handle.vertexCount;
      handle.source = mesh;
      handle.vertexCount = vertexCount;
      const b = handle.buffers;
      if (b === null) return handle;
      // Same-sized data goes in with bufferSubData; other sizes re-specify the buffer. Nothing new on the JS side.
      refill(b.positions, mesh.positions, sameSize);
      refill(b.normals, mesh.normals, sameSize);
      refill(b.uvs, mesh.uvs, sameSize);
      const indices = elementIndices(mesh.indices, vertexCount, uintIndices);
      b.elements({ data: indices, usage: 'dynamic', primitive: 'triangles', type: indices instanceof Uint32Array ? 'uint32' : 'uint16' });
      return handle;
    },
  };
  return uploader;
}

/** Forgets every slot's GPU buffers (the context is lost, or about to be replaced); the slots keep their meshes. */
export function dropGpuMeshes(slots: MeshSlots<GpuMesh>): void {
  for (const mesh of slots.handles) if (mesh !== null) freeBuffers(mesh);
}

/** Uploads every resident slot's mesh that has no buffers through `uploader.regl`; returns how many. */
export function restoreGpuMeshes(slots: MeshSlots<GpuMesh>, uploader: ReglMeshUploader): number {
  const regl = uploader.regl;
  if (regl === null) throw new Error('restoreGpuMeshes: the uploader has no regl instance');
  let uploaded = 0;
  for (const mesh of slots.handles) {
    if (mesh === null || mesh.buffers !== null) continue;
    mesh.buffers = uploadBuffers(regl, mesh.source, mesh.vertexCount, uploader.uintIndices);
    uploaded++;
  }
  return uploaded;
}
