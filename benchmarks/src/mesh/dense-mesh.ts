/**
 * The simplification benchmark's mesh, made here rather than fetched: a
 * closed, bumpy sphere as one decoded LOD of two faces (two hemispheres,
 * since a face's U16 indices reach at most 65,536 vertices), meeting at
 * the equator, with normals and UVs like an uploaded mesh's. The UV seam
 * and the equator are seams meshoptimizer has to keep.
 */
import type { MeshFace, MeshLod } from '@slv/assets';

/** About `triangles` triangles (100,000 by default), split evenly over the two faces. */
export function denseSphereLod(triangles = 100_000): MeshLod {
  const columns = 250;
  const rows = Math.max(1, Math.round(triangles / 4 / columns));
  const faces = [hemisphere(rows, columns, 0), hemisphere(rows, columns, 1)];
  return { name: 'high_lod', faces, vertexCount: faces[0]!.vertexCount * 2, triangleCount: faces[0]!.triangleCount * 2 };
}

function hemisphere(rows: number, columns: number, half: 0 | 1): MeshFace {
  const vertexCount = (rows + 1) * (columns + 1);
  const positions = new Float32Array(vertexCount * 3);
  const normals = new Float32Array(vertexCount * 3);
  const uvs = new Float32Array(vertexCount * 2);
  for (let r = 0, v = 0; r <= rows; r++) {
    const theta = (Math.PI / 2) * (half + r / rows);
    for (let c = 0; c <= columns; c++, v++) {
      const phi = (2 * Math.PI * c) / columns;
      const radius = 1 + 0.05 * Math.sin(8 * phi) * Math.sin(6 * theta);
      const x = Math.sin(theta) * Math.cos(phi);
      const y = Math.sin(theta) * Math.sin(phi);
      const z = Math.cos(theta);
      positions.set([x * radius, y * radius, z * radius], v * 3);
      normals.set([x, y, z], v * 3);
      uvs.set([c / columns, theta / Math.PI], v * 2);
    }
  }
  const indices = new Uint16Array(rows * columns * 6);
  for (let r = 0, i = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const a = r * (columns + 1) + c;
      const b = a + columns + 1;
      indices.set([a, b, a + 1, a + 1, b, b + 1], i);
      i += 6;
    }
  }
  return {
    noGeometry: false, vertexCount, triangleCount: indices.length / 3, positions, normals, uvs, indices,
    positionDomain: { min: [-1.05, -1.05, -1.05], max: [1.05, 1.05, 1.05] }, uvDomain: { min: [0, 0], max: [1, 1] }, weights: null,
  };
}

/** A copy whose arrays can be transferred to a worker while the original stays. */
export function copyLod(lod: MeshLod): MeshLod {
  return { ...lod, faces: lod.faces.map((f) => ({ ...f, positions: f.positions.slice(), normals: f.normals?.slice() ?? null, uvs: f.uvs?.slice() ?? null, indices: f.indices.slice() })) };
}
