/**
 * The terrain mesh on the GPU: vertex and index buffers sized for the mesh
 * they were made for, refilled in place when its heightmap revision changes
 * (subdata, no reallocation) and remade only for another mesh.
 */
import type { Regl } from 'regl';
import type REGL from 'regl';
import type { TerrainMesh } from '../terrain/index.ts';

export interface TerrainBuffers {
  readonly positions: REGL.Buffer;
  readonly normals: REGL.Buffer;
  readonly colors: REGL.Buffer;
  readonly elements: REGL.Elements;
  /** The mesh the buffers hold, and its version when uploaded. */
  mesh: TerrainMesh | null;
  version: number;
  /** The terrain draw's props: indices to draw (0: nothing uploaded). */
  readonly props: { count: number };
}

export function createTerrainBuffers(regl: Regl): TerrainBuffers {
  return {
    positions: regl.buffer({ usage: 'dynamic', type: 'float', length: 4 }),
    normals: regl.buffer({ usage: 'dynamic', type: 'float', length: 4 }),
    colors: regl.buffer({ usage: 'dynamic', type: 'uint8', length: 4 }),
    elements: regl.elements({ data: new Uint16Array(3), primitive: 'triangles' }),
    mesh: null,
    version: -1,
    props: { count: 0 },
  };
}

/** Brings the buffers up to date with `mesh` (null: keeps what they hold, which is not drawn). */
export function uploadTerrain(t: TerrainBuffers, mesh: TerrainMesh | null): void {
  if (mesh === null) return;
  if (mesh !== t.mesh) {
    t.mesh = mesh;
    t.positions({ usage: 'dynamic', type: 'float', data: mesh.positions });
    t.normals({ usage: 'dynamic', type: 'float', data: mesh.normals });
    t.colors({ usage: 'dynamic', type: 'uint8', data: mesh.colors });
    t.elements({ data: mesh.indices, primitive: 'triangles', type: mesh.indices instanceof Uint32Array ? 'uint32' : 'uint16' });
  } else if (mesh.version !== t.version) {
    t.positions.subdata(mesh.positions, 0);
    t.normals.subdata(mesh.normals, 0);
    t.colors.subdata(mesh.colors, 0);
  }
  t.version = mesh.version;
  t.props.count = mesh.indices.length;
}

export function destroyTerrainBuffers(t: TerrainBuffers): void {
  t.positions.destroy();
  t.normals.destroy();
  t.colors.destroy();
  t.elements.destroy();
}
