/**
 * What the renderer's systems hand each other within a frame: the camera
 * matrices as drawn (far plane at the draw distance), the frustum, each
 * object's bounding sphere, and the visible list. Sized for the world's
 * capacity once; every frame overwrites it.
 */
import type { BoundingSpheres, FrustumPlanes } from '../culling/index.ts';
import { createBoundingSpheres, createFrustumPlanes } from '../culling/index.ts';

export interface FrameState {
  readonly capacity: number;
  /** Camera view as read this frame. */
  readonly view: Float32Array;
  /** Camera projection with its far plane at drawDistance. */
  readonly projection: Float32Array;
  readonly viewProjection: Float32Array;
  readonly eye: Float32Array;
  near: number;
  far: number;
  /** The projection is a standard perspective one (what the HZB test and clusters assume). */
  perspective: boolean;
  readonly planes: FrustumPlanes;
  /** World bounding sphere of each entity (radius -Infinity where there is no object), indexed by entity. */
  readonly spheres: BoundingSpheres;
  /** Entities 0..sphereCount-1 have a sphere written this frame. */
  sphereCount: number;
  /** Objects with a valid world transform, then those that survive culling. */
  readonly candidates: Uint32Array;
  candidateCount: number;
  /** The SIMD kernel's own output array where it runs, so culling copies nothing. */
  readonly visible: Uint32Array;
  visibleCount: number;
  /** Frames the render systems have run (their own counter, starting at 0; the culling system counts). */
  frameNumber: number;
}

export function createFrameState(capacity: number): FrameState {
  const spheres = createBoundingSpheres(capacity);
  return {
    capacity,
    view: new Float32Array(16),
    projection: new Float32Array(16),
    viewProjection: new Float32Array(16),
    eye: new Float32Array(3),
    near: 0.1,
    far: 1,
    perspective: true,
    planes: createFrustumPlanes(),
    spheres,
    sphereCount: 0,
    candidates: new Uint32Array(capacity),
    candidateCount: 0,
    visible: spheres.kernel?.visible ?? new Uint32Array(capacity),
    visibleCount: 0,
    frameNumber: 0,
  };
}
