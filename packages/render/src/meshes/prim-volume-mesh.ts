/**
 * A PrimVolume as the renderer uploads it: its buffers cut to the vertices
 * and indices it uses, and its faces as index ranges with their TextureEntry
 * face. Faces past MAX_ENTITY_FACES (no prim has them) are left out.
 */
import { MAX_ENTITY_FACES } from '@slv/world';
import type { PrimVolume } from '../volume/index.ts';
import type { DrawableMesh } from './mesh-slots.ts';

/** Called once per distinct volume, when it is first uploaded (allocates the views). */
export function primVolumeMesh(volume: PrimVolume): DrawableMesh {
  const faceCount = Math.min(volume.faces.length, MAX_ENTITY_FACES);
  const faceIndexStart = new Int32Array(faceCount);
  const faceIndexCount = new Int32Array(faceCount);
  const faceTe = new Int32Array(faceCount);
  for (let f = 0; f < faceCount; f++) {
    const face = volume.faces[f];
    faceIndexStart[f] = face.firstIndex;
    faceIndexCount[f] = face.indexCount;
    faceTe[f] = Math.min(face.index, MAX_ENTITY_FACES - 1);
  }
  return {
    positions: volume.positions.subarray(0, volume.vertexCount * 3),
    normals: volume.normals.subarray(0, volume.vertexCount * 3),
    uvs: volume.uvs.subarray(0, volume.vertexCount * 2),
    indices: volume.indices.subarray(0, volume.indexCount),
    faceCount,
    faceIndexStart,
    faceIndexCount,
    faceTe,
  };
}
