import type { Regl } from 'regl';
import { describe, expect, it } from 'vitest';
import { createReglMeshUploader, dropGpuMeshes, elementIndices, restoreGpuMeshes } from './mesh-buffers.ts';
import { acquireMeshSlot, createMeshSlots, releaseAllMeshSlots } from '../meshes/mesh-slots.ts';
import type { DrawableMesh } from '../meshes/mesh-slots.ts';

/** A stand-in regl that counts live buffers. */
function fakeRegl() {
  const live = new Set<object>();
  const make = (kind: string, data: unknown) => {
    const object = {
      kind,
      data,
      destroy() {
        if (!live.delete(object)) throw new Error(`${kind} destroyed twice`);
      },
    };
    live.add(object);
    return object;
  };
  const regl = {
    buffer: (o: { data: unknown }) => make('buffer', o.data),
    elements: (o: { data: unknown }) => make('elements', o.data),
  } as unknown as Regl;
  return { regl, live };
}

function triangle(indices: Uint16Array | Uint32Array = Uint16Array.of(0, 1, 2), vertices = 3): DrawableMesh {
  return {
    positions: new Float32Array(vertices * 3),
    normals: new Float32Array(vertices * 3),
    uvs: new Float32Array(vertices * 2),
    indices,
    faceCount: 1,
    faceIndexStart: [0],
    faceIndexCount: [3],
    faceTe: [0],
  };
}

describe('regl mesh uploader', () => {
  it('uploads four buffers per mesh and frees them on release', () => {
    const f = fakeRegl();
    const uploader = createReglMeshUploader(f.regl, true);
    const mesh = uploader.upload(triangle());
    expect(mesh.buffers).not.toBeNull();
    expect(mesh.vertexCount).toBe(3);
    expect(f.live.size).toBe(4);
    uploader.release(mesh);
    expect(mesh.buffers).toBeNull();
    expect(f.live.size).toBe(0);
    // Releasing again frees nothing twice.
    uploader.release(mesh);
  });

  it('without a context records meshes, then uploads every resident one to the restored context', () => {
    const before = fakeRegl();
    const uploader = createReglMeshUploader(before.regl, true);
    const slots = createMeshSlots<ReturnType<typeof uploader.upload>>(8);
    const a = triangle();
    acquireMeshSlot(slots, a, a, 0, uploader, true);
    // Lost: the old buffers are forgotten, and a mesh first needed now is only recorded.
    dropGpuMeshes(slots);
    uploader.regl = null;
    expect(before.live.size).toBe(0);
    const b = triangle(Uint32Array.of(0, 1, 2));
    const slotB = acquireMeshSlot(slots, b, b, 1, uploader);
    expect(slots.handles[slotB]!.buffers).toBeNull();
    expect(slots.handles[slotB]!.source).toBe(b);
    expect(() => restoreGpuMeshes(slots, uploader)).toThrow(/no regl instance/);
    // Restored: both go to the new context, from their CPU meshes.
    const after = fakeRegl();
    uploader.regl = after.regl;
    expect(restoreGpuMeshes(slots, uploader)).toBe(2);
    expect(after.live.size).toBe(8);
    expect(slots.handles.every((m) => m === null || m.buffers !== null)).toBe(true);
    const positions = [...after.live].filter((o) => (o as { data: unknown }).data === b.positions);
    expect(positions).toHaveLength(1);
    // Nothing left to upload a second time.
    expect(restoreGpuMeshes(slots, uploader)).toBe(0);
    releaseAllMeshSlots(slots, uploader);
    expect(after.live.size).toBe(0);
  });

  it('refuses a mesh needing 32-bit indices without them, even with no context', () => {
    const uploader = createReglMeshUploader(null, false);
    const big = triangle(Uint32Array.of(0, 1, 70_000), 70_001);
    expect(() => uploader.upload(big)).toThrow(/70001 vertices needs 32-bit indices/);
    expect(uploader.upload(triangle(Uint32Array.of(0, 1, 2))).buffers).toBeNull();
  });

  it('narrows 32-bit indices when the vertices allow', () => {
    expect(elementIndices(Uint32Array.of(0, 1, 2), 3, false)).toBeInstanceOf(Uint16Array);
    expect(elementIndices(Uint32Array.of(0, 1, 70_000), 70_001, true)).toBeInstanceOf(Uint32Array);
  });
});
