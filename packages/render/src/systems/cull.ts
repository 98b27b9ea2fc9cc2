/**
 * Culling (the frame's first renderer system, culling phase): reads the
 * settings and the camera, gives every object a world bounding sphere
 * (centre at its world position, radius half its scaled diagonal: prims and
 * the stand-in boxes fill the unit box), keeps those inside the frustum and
 * the draw distance, then, where the HZB culler is available, drops those
 * hidden behind the depth pyramid of an earlier frame (tested with that
 * frame's matrices).
 */
import { mat4 } from 'gl-matrix';
import type { Camera } from '@slv/core';
import type { WorldComponents } from '@slv/world';
import { extractFrustumPlanes, frustumCullSpheres } from '../culling/index.ts';
import type { HzbCuller } from '../culling/index.ts';
import type { FrameState } from './frame-state.ts';
import { readRenderConfig } from './render-config.ts';
import { isPerspective, projectionNear, withFarPlane } from './render-projection.ts';
import type { RenderingSettings } from '@slv/config';
import type { RenderStats } from './render-stats.ts';

/** Entries of a perspective projection that are 0 in gl-matrix's perspective/frustum. */
const PERSPECTIVE_ZEROS = [1, 2, 3, 4, 6, 7, 12, 13, 15];

function isStandardPerspective(p: Float32Array): boolean {
  if (p[11] !== -1 || !(p[14] < 0)) return false;
  for (let i = 0; i < PERSPECTIVE_ZEROS.length; i++) if (p[PERSPECTIVE_ZEROS[i]] !== 0) return false;
  return true;
}

/** Reads settings and camera into `state`: config, matrices with the far plane at drawDistance, frustum planes. */
export function beginRenderFrame(state: FrameState, rendering: RenderingSettings, camera: Camera): number {
  const changed = readRenderConfig(state.config, rendering, state.caps);
  state.changed = changed;
  const far = state.config.drawDistance;
  state.view.set(camera.view);
  withFarPlane(state.projection, camera.projection, far);
  state.near = projectionNear(state.projection);
  state.far = far;
  state.perspective = isPerspective(state.projection) && isStandardPerspective(state.projection);
  mat4.multiply(state.viewProjection, state.projection, state.view);
  state.eye[0] = camera.position[0];
  state.eye[1] = camera.position[1];
  state.eye[2] = camera.position[2];
  extractFrustumPlanes(state.planes, state.viewProjection, state.eye, far);
  return changed;
}

/**
 * Writes the bounding sphere of every entity 0..highWater-1 (radius
 * -Infinity, which every frustum test rejects, for those without a valid
 * world transform, so culling can run over the dense range with the SIMD
 * kernel) and lists the objects in state.candidates; returns how many.
 */
export function gatherObjects(state: FrameState, components: WorldComponents, highWater: number): number {
  const valid = components.world.valid;
  const matrix = components.world.matrix;
  const scale = components.local.scale;
  const { x, y, z, radius } = state.spheres;
  const candidates = state.candidates;
  const end = Math.min(highWater, state.capacity);
  let count = 0;
  for (let eid = 0; eid < end; eid++) {
    if (valid[eid] !== 1) {
      x[eid] = 0;
      y[eid] = 0;
      z[eid] = 0;
      radius[eid] = Number.NEGATIVE_INFINITY;
      continue;
    }
    const m = eid * 16;
    x[eid] = matrix[m + 12];
    y[eid] = matrix[m + 13];
    z[eid] = matrix[m + 14];
    const s = eid * 3;
    radius[eid] = 0.5 * Math.sqrt(scale[s] * scale[s] + scale[s + 1] * scale[s + 1] + scale[s + 2] * scale[s + 2]);
    candidates[count++] = eid;
  }
  state.sphereCount = end;
  state.candidateCount = count;
  return count;
}

/** Frustum then (when usable) HZB culling of the candidates into state.visible; fills the culling stats. */
export function cullObjects(state: FrameState, hzb: HzbCuller | null, stats: RenderStats): number {
  const frustumVisible = frustumCullSpheres(state.planes, state.spheres, state.sphereCount, state.visible);
  let visible = frustumVisible;
  const useHzb = hzb !== null && hzb.available && state.config.hzb && state.perspective && hzb.latest !== null;
  if (useHzb) visible = hzb.cullList(state.spheres, state.visible, frustumVisible, state.visible);
  state.visibleCount = visible;
  stats.entitiesConsidered = state.candidateCount;
  stats.entitiesFrustumCulled = state.candidateCount - frustumVisible;
  stats.entitiesOcclusionCulled = frustumVisible - visible;
  stats.entitiesVisible = visible;
  stats.frustumSimd = state.spheres.kernel !== undefined;
  stats.hzbAvailable = useHzb;
  stats.hzbReason = useHzb
    ? ''
    : hzb === null || !hzb.available
      ? hzb?.reason || 'needs WebGL2'
      : !state.config.hzb
        ? 'off in settings (rendering.hzbOcclusion)'
        : !state.perspective
          ? 'the camera projection is not a standard perspective'
          : 'waiting for the first depth pyramid';
  stats.farPlane = state.far;
  return visible;
}
