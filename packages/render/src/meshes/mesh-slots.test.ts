import { describe, expect, it } from 'vitest';
import { generateBoundingBox, generatePrimVolume, DEFAULT_BOX_SHAPE } from '../volume/index.ts';
import { acquireMeshSlot, createMeshSlots, findMeshSlot, releaseAllMeshSlots, releaseIdleMeshSlots } from './mesh-slots.ts';
import type { DrawableMesh, MeshUploader } from './mesh-slots.ts';
import { primVolumeMesh } from './prim-volume-mesh.ts';

function uploader(failOn?: DrawableMesh) {
  const u = {
    uploads: 0,
    releases: [] as number[],
    upload(mesh: DrawableMesh): number {
      if (mesh === failOn) throw new Error('out of memory');
      return ++u.uploads;
    },
    release(handle: number): void {
      u.releases.push(handle);
    },
  } satisfies MeshUploader<number> & Record<string, unknown>;
  return u;
}

const box = primVolumeMesh(generateBoundingBox());

describe('primVolumeMesh', () => {
  it('cuts the volume\'s buffers to what it uses and keeps its face numbering', () => {
    const volume = generatePrimVolume({ ...DEFAULT_BOX_SHAPE, profileHollow: 0.5 }, 1);
    const mesh = primVolumeMesh(volume);
    expect(mesh.positions.length).toBe(volume.vertexCount * 3);
    expect(mesh.uvs.length).toBe(volume.vertexCount * 2);
    expect(mesh.indices.length).toBe(volume.indexCount);
    expect(mesh.faceCount).toBe(volume.faces.length);
    for (let f = 0; f < mesh.faceCount; f++) {
      expect(mesh.faceTe[f]).toBe(volume.faces[f].index);
      expect(mesh.faceIndexStart[f]).toBe(volume.faces[f].firstIndex);
      expect(mesh.faceIndexCount[f]).toBe(volume.faces[f].indexCount);
    }
  });
});

describe('mesh slots', () => {
  it('uploads a key once and records its faces', () => {
    const slots = createMeshSlots<number>(4);
    const u = uploader();
    const key = {};
    const slot = acquireMeshSlot(slots, key, box, 1, u);
    expect(acquireMeshSlot(slots, key, box, 2, u)).toBe(slot);
    expect(findMeshSlot(slots, key, 3)).toBe(slot);
    expect(findMeshSlot(slots, {}, 3)).toBe(-1);
    expect(u.uploads).toBe(1);
    expect(slots.resident).toBe(1);
    expect(slots.lastUsed[slot]).toBe(3);
    expect(slots.faceCount[slot]).toBe(6);
    expect(Array.from(slots.faceIndexCount.subarray(slot * 9, slot * 9 + 7))).toEqual([6, 6, 6, 6, 6, 6, 0]);
  });

  it('reuses the least recently used slot not drawn this frame when full, never a pinned one', () => {
    const slots = createMeshSlots<number>(3);
    const u = uploader();
    const pinned = acquireMeshSlot(slots, {}, box, 1, u, true);
    const older = acquireMeshSlot(slots, {}, box, 2, u);
    const newer = acquireMeshSlot(slots, {}, box, 3, u);
    const generation = slots.generation[older];
    const reused = acquireMeshSlot(slots, {}, box, 4, u);
    expect(reused).toBe(older);
    expect(slots.generation[older]).toBe(generation + 1);
    expect(u.releases).toEqual([2]);
    expect(slots.evictions).toBe(1);
    // The last slot not drawn this frame goes next; then every slot is in use and none is given.
    expect(acquireMeshSlot(slots, {}, box, 4, u)).toBe(newer);
    expect(acquireMeshSlot(slots, {}, box, 4, u)).toBe(-1);
    expect(slots.keys[pinned]).not.toBeNull();
  });

  it('releases slots idle too long, and everything on release-all', () => {
    const slots = createMeshSlots<number>(4);
    const u = uploader();
    acquireMeshSlot(slots, {}, box, 0, u, true);
    const idle = acquireMeshSlot(slots, {}, box, 10, u);
    const busy = acquireMeshSlot(slots, {}, box, 100, u);
    expect(releaseIdleMeshSlots(slots, 100, 50, u)).toBe(1);
    expect(slots.keys[idle]).toBeNull();
    expect(slots.keys[busy]).not.toBeNull();
    expect(slots.resident).toBe(2);
    releaseAllMeshSlots(slots, u);
    expect(slots.resident).toBe(0);
    expect(slots.byKey.size).toBe(0);
    expect(slots.freeCount).toBe(4);
  });

  it('loses no slot to a failed upload and refuses malformed meshes', () => {
    const slots = createMeshSlots<number>(2);
    const bad = { ...box };
    expect(() => acquireMeshSlot(slots, {}, bad, 1, uploader(bad))).toThrow(/out of memory/);
    expect(slots.freeCount).toBe(2);
    const u = uploader();
    expect(() => acquireMeshSlot(slots, {}, { ...box, uvs: new Float32Array(3) }, 1, u)).toThrow(/same vertices/);
    expect(() => acquireMeshSlot(slots, {}, { ...box, faceIndexCount: [40] }, 1, u)).toThrow(/face 0 covers indices 0..40 of 36/);
    expect(() => acquireMeshSlot(slots, {}, { ...box, faceTe: [9] }, 1, u)).toThrow(/TE face 9/);
    expect(u.uploads).toBe(0);
  });
});
