/**
 * render.cull (culling phase), the frame's first render system: reads the
 * draw distance and the camera, gives every object a world bounding sphere
 * (centre at its world position, radius half its scaled diagonal: prims and
 * the stand-in boxes fill the unit box), keeps those inside the frustum and
 * the draw distance, then, where the HZB culler is available and
 * settings.rendering.hzbOcclusion asks for it, drops those hidden behind the
 * depth pyramid of an earlier frame (tested with that frame's matrices).
 */
import { mat4 } from 'gl-matrix';
import type { Camera, EngineWorld } from '@slv/core';
import type { WorldComponents } from '@slv/world';
import { extractFrustumPlanes, frustumCullSpheres } from '../culling/index.ts';
import type { HzbCuller } from '../culling/index.ts';
import type { FrameState } from '../frame/frame-state.ts';
import { isPerspective, withFarPlane } from '../frame/render-projection.ts';
import type { RenderStats } from '../frame/render-stats.ts';
import { hzbAllowed } from '../gpu/render-caps.ts';
import type { RenderResources } from '../render-state.ts';

export function cullSystem(world: EngineWorld, resources: RenderResources): void {
  const renderer = resources.renderer;
  if (!renderer.enabled) return;
  const rendering = resources.settings.settings.rendering;
  const frame = renderer.frame;
  frame.frameNumber++;
  beginRenderFrame(frame, rendering.drawDistance, resources.camera);
  renderer.hzb?.update();
  gatherObjects(frame, resources.ingestion.components, world.entityIndex.maxId + 1);
  cullObjects(frame, renderer.hzb, hzbAllowed(rendering.hzbOcclusion, renderer.caps), renderer.stats);
}

/** Entries of a perspective projection that are 0 in gl-matrix's perspective/frustum. */
const PERSPECTIVE_ZEROS = [1, 2, 3, 4, 6, 7, 12, 13, 15];

function isStandardPerspective(p: Float32Array): boolean {
  if (p[11] !== -1 || !(p[14] < 0)) return false;
  for (let i = 0; i < PERSPECTIVE_ZEROS.length; i++) if (p[PERSPECTIVE_ZEROS[i]] !== 0) return false;
  return true;
}

/** Reads the camera into `state`: matrices with the far plane at `drawDistance`, frustum planes. */
export function beginRenderFrame(state: FrameState, drawDistance: number, camera: Camera): void {
  const far = drawDistance;
  state.view.set(camera.view);
  const p = withFarPlane(state.projection, camera.projection, far);
  // projectionNear(p) in line: a number returned from a call is boxed in code V8 has not fully optimised.
  state.near = isPerspective(p) ? p[14] / (p[10] - 1) : (p[14] + 1) / p[10];
  state.far = far;
  state.perspective = isPerspective(state.projection) && isStandardPerspective(state.projection);
  mat4.multiply(state.viewProjection, state.projection, state.view);
  state.eye[0] = camera.position[0];
  state.eye[1] = camera.position[1];
  state.eye[2] = camera.position[2];
  extractFrustumPlanes(state.planes, state.viewProjection, state.eye, far);
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

/**
 * Frustum then (when `hzbOn` and the culler has a pyramid) HZB culling of
 * the candidates into state.visible; fills the culling stats.
 */
export function cullObjects(state: FrameState, hzb: HzbCuller | null, hzbOn: boolean, stats: RenderStats): number {
  const frustumVisible = frustumCullSpheres(state.planes, state.spheres, state.sphereCount, state.visible);
  let visible = frustumVisible;
  const useHzb = hzb !== null && hzb.available && hzbOn && state.perspective && hzb.latest !== null;
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
      : !hzbOn
        ? 'off in settings (rendering.hzbOcclusion)'
        : !state.perspective
          ? 'the camera projection is not a standard perspective'
          : 'waiting for the first depth pyramid';
  stats.farPlane = state.far;
  return visible;
}
