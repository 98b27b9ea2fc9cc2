/**
 * Writers from decoded wire structures (@slv/protocol's object-data decoders,
 * all allocation-free) into the components. Shared by the full, compressed,
 * cached and terse paths, so every path writes a field the same way. Each
 * writes every field of its component, so a recycled entity keeps nothing of
 * the object that held it before.
 */
import {
  ExtraParamType, MOTION_FLOATS, Motion, SCULPT_TYPE_MASK, SHAPE_FLOATS, SculptType, ShapeParams, writeShapeParams,
} from '@slv/protocol';
import type { ExtraParams } from '@slv/protocol';
import { internUuid } from '../tables/uuid-table.ts';
import { TagBit, setTag } from '../objects/object-entities.ts';
import { addMoving, markDirty, removeMoving } from '../objects/transform-sets.ts';
import type { WorldIngestion } from '../ingestion/world-ingestion.ts';

/**
 * Writes a motion record (protocol Motion layout, MOTION_FLOATS at `o`): the
 * local transform and the interpolation base take position and rotation,
 * Motion takes the rest, stamped with ing.now[0].
 */
export function writeMotion(ing: WorldIngestion, eid: number, m: Float32Array, o: number): void {
  const c = ing.components;
  const local = c.local;
  const motion = c.motion;
  const p3 = eid * 3;
  const p4 = eid * 4;
  for (let k = 0; k < 3; k++) {
    const p = m[o + Motion.Position + k];
    local.position[p3 + k] = p;
    motion.basePosition[p3 + k] = p;
    motion.velocity[p3 + k] = m[o + Motion.Velocity + k];
    motion.acceleration[p3 + k] = m[o + Motion.Acceleration + k];
    motion.angularVelocity[p3 + k] = m[o + Motion.AngularVelocity + k];
  }
  for (let k = 0; k < 4; k++) {
    const r = m[o + Motion.Rotation + k];
    local.rotation[p4 + k] = r;
    motion.baseRotation[p4 + k] = r;
    motion.collisionPlane[p4 + k] = m[o + Motion.CollisionPlane + k];
  }
  motion.updateTimeMs[eid] = ing.now[0];
  let moving = false;
  for (let k = 0; k < 3; k++) {
    if (motion.velocity[p3 + k] !== 0 || motion.acceleration[p3 + k] !== 0 || motion.angularVelocity[p3 + k] !== 0) moving = true;
  }
  if (moving) addMoving(ing.sets, eid);
  else removeMoving(ing.sets, eid);
  markDirty(ing.sets, eid);
}

/** A motion record that is at rest at the origin with no rotation. */
export function resetMotionRecord(m: Float32Array): void {
  m.fill(0, 0, MOTION_FLOATS);
  m[Motion.Rotation + 3] = 1;
}

/** Writes the scale src[so..so+3] (read here: floats passed as arguments would be boxed). */
export function writeScale(ing: WorldIngestion, eid: number, src: Float32Array, so: number): void {
  const s = ing.components.local.scale;
  const o = eid * 3;
  const x = src[so];
  const y = src[so + 1];
  const z = src[so + 2];
  if (s[o] === x && s[o + 1] === y && s[o + 2] === z) return;
  s[o] = x;
  s[o + 1] = y;
  s[o + 2] = z;
  markDirty(ing.sets, eid);
}

/** The shape written for objects that have none (compressed foliage): a box with curve bytes 0. */
const NO_SHAPE = Object.assign(new ShapeParams(), { pathCurve: 0, profileCurve: 0 });

/** Writes the shape, or NO_SHAPE for objects that have none. */
export function writeShape(ing: WorldIngestion, eid: number, shape: ShapeParams | null): void {
  writeShapeParams(ing.components.shape.params, eid * SHAPE_FLOATS, shape ?? NO_SHAPE);
}

/** Writes light, flexible and sculpt/mesh parameters and their tags; null means none of them. */
export function writeExtraParams(ing: WorldIngestion, eid: number, extra: ExtraParams | null): void {
  const c = ing.components;
  const hasLight = extra !== null && extra.has(ExtraParamType.Light);
  const hasFlexible = extra !== null && extra.has(ExtraParamType.Flexible);
  const hasMesh = extra !== null && extra.has(ExtraParamType.Mesh);
  const hasSculpt = extra !== null && (hasMesh || extra.has(ExtraParamType.Sculpt));

  const light = c.light;
  if (hasLight) {
    const src = extra.light;
    light.color[eid * 3] = src.color[0];
    light.color[eid * 3 + 1] = src.color[1];
    light.color[eid * 3 + 2] = src.color[2];
    light.intensity[eid] = src.color[3];
    light.radius[eid] = src.radius;
    light.cutoff[eid] = src.cutoff;
    light.falloff[eid] = src.falloff;
  } else {
    light.color[eid * 3] = 0;
    light.color[eid * 3 + 1] = 0;
    light.color[eid * 3 + 2] = 0;
    light.intensity[eid] = 0;
    light.radius[eid] = 0;
    light.cutoff[eid] = 0;
    light.falloff[eid] = 0;
  }
  setTag(ing.entities, eid, TagBit.Light, hasLight);

  const flex = c.flexible;
  if (hasFlexible) {
    const src = extra.flexible;
    flex.softness[eid] = src.softness;
    flex.tension[eid] = src.tension;
    flex.drag[eid] = src.drag;
    flex.gravity[eid] = src.gravity;
    flex.wind[eid] = src.wind;
    flex.force[eid * 3] = src.force[0];
    flex.force[eid * 3 + 1] = src.force[1];
    flex.force[eid * 3 + 2] = src.force[2];
  } else {
    flex.softness[eid] = 0;
    flex.tension[eid] = 0;
    flex.drag[eid] = 0;
    flex.gravity[eid] = 0;
    flex.wind[eid] = 0;
    flex.force[eid * 3] = 0;
    flex.force[eid * 3 + 1] = 0;
    flex.force[eid * 3 + 2] = 0;
  }
  setTag(ing.entities, eid, TagBit.Flexible, hasFlexible);

  const sculpt = c.sculpt;
  if (hasSculpt) {
    // Second Life sends a mesh as a sculpt of type 5, and may add a Mesh entry: the Mesh entry wins.
    const src = hasMesh ? extra.mesh : extra.sculpt;
    sculpt.assetIndex[eid] = internUuid(ing.tables.assets, src.textureId, 0);
    sculpt.type[eid] = src.type;
    sculpt.meshFlags[eid] = extra.has(ExtraParamType.ExtendedMesh) ? extra.extendedMeshFlags : 0;
  } else {
    sculpt.assetIndex[eid] = 0;
    sculpt.type[eid] = 0;
    sculpt.meshFlags[eid] = 0;
  }
  setTag(ing.entities, eid, TagBit.Sculpt, hasSculpt);
  setTag(ing.entities, eid, TagBit.Mesh, hasSculpt && (sculpt.type[eid] & SCULPT_TYPE_MASK) === SculptType.Mesh);
}

