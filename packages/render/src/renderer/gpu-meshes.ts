/**
 * Mesh uploads through regl: one static vertex buffer per attribute and one
 * element buffer per distinct mesh, shared by every instance drawing it.
 */
import type { Regl } from 'regl';
import type REGL from 'regl';
import type { DrawableMesh, MeshUploader } from './mesh-slots.ts';

export interface GpuMesh {
  readonly positions: REGL.Buffer;
  readonly normals: REGL.Buffer;
  readonly uvs: REGL.Buffer;
  readonly elements: REGL.Elements;
  readonly vertexCount: number;
}

/** 32-bit indices become 16-bit when the vertices allow; otherwise they need OES_element_index_uint. */
export function elementIndices(indices: Uint16Array | Uint32Array, vertexCount: number, uintIndices: boolean): Uint16Array | Uint32Array {
  if (indices instanceof Uint16Array) return indices;
  if (vertexCount <= 0x10000) return Uint16Array.from(indices);
  if (!uintIndices) throw new RangeError(`a mesh of ${vertexCount} vertices needs 32-bit indices, and this context lacks OES_element_index_uint`);
  return indices;
}

export function createReglMeshUploader(regl: Regl, uintIndices: boolean): MeshUploader<GpuMesh> {
  return {
    upload(mesh: DrawableMesh): GpuMesh {
      const vertexCount = mesh.positions.length / 3;
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
        vertexCount,
      };
    },
    release(mesh: GpuMesh): void {
      mesh.positions.destroy();
      mesh.normals.destroy();
      mesh.uvs.destroy();
      mesh.elements.destroy();
    },
  };
}
