/**
 * Writers from decoded wire structures (@slv/protocol's object-data decoders,
 * all allocation-free) into the components. Shared by the full, compressed,
 * cached and terse paths, so every path writes a field the same way. Each
 * writes every field of its component, so a recycled entity keeps nothing of
 * the object that held it before.
 */
import { ExtraParamType, MOTION_FLOATS, Motion, SCULPT_TYPE_MASK, SculptType } from '@slv/protocol';
import type { ExtraParams, ShapeParams } from '@slv/protocol';
import { setTag } from './object-lifecycle.ts';
import { internUuid } from './uuid-table.ts';
import { TagBit, addMoving, markDirty, removeMoving } from './world-ingestion.ts';
import type { WorldIngestion } from './world-ingestion.ts';

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
  if (moving) addMoving(ing, eid);
  else removeMoving(ing, eid);
  markDirty(ing, eid);
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
  markDirty(ing, eid);
}

/** Writes the shape, or the neutral box shape for objects that have none (compressed foliage). */
export function writeShape(ing: WorldIngestion, eid: number, shape: ShapeParams | null): void {
  const s = ing.components.shape;
  if (shape === null) {
    s.pathCurve[eid] = 0;
    s.profileCurve[eid] = 0;
    s.pathBegin[eid] = 0;
    s.pathEnd[eid] = 1;
    s.pathScaleX[eid] = 1;
    s.pathScaleY[eid] = 1;
    s.pathShearX[eid] = 0;
    s.pathShearY[eid] = 0;
    s.pathTwist[eid] = 0;
    s.pathTwistBegin[eid] = 0;
    s.pathRadiusOffset[eid] = 0;
    s.pathTaperX[eid] = 0;
    s.pathTaperY[eid] = 0;
    s.pathRevolutions[eid] = 1;
    s.pathSkew[eid] = 0;
    s.profileBegin[eid] = 0;
    s.profileEnd[eid] = 1;
    s.profileHollow[eid] = 0;
    return;
  }
  s.pathCurve[eid] = shape.pathCurve;
  s.profileCurve[eid] = shape.profileCurve;
  s.pathBegin[eid] = shape.pathBegin;
  s.pathEnd[eid] = shape.pathEnd;
  s.pathScaleX[eid] = shape.pathScaleX;
  s.pathScaleY[eid] = shape.pathScaleY;
  s.pathShearX[eid] = shape.pathShearX;
  s.pathShearY[eid] = shape.pathShearY;
  s.pathTwist[eid] = shape.pathTwist;
  s.pathTwistBegin[eid] = shape.pathTwistBegin;
  s.pathRadiusOffset[eid] = shape.pathRadiusOffset;
  s.pathTaperX[eid] = shape.pathTaperX;
  s.pathTaperY[eid] = shape.pathTaperY;
  s.pathRevolutions[eid] = shape.pathRevolutions;
  s.pathSkew[eid] = shape.pathSkew;
  s.profileBegin[eid] = shape.profileBegin;
  s.profileEnd[eid] = shape.profileEnd;
  s.profileHollow[eid] = shape.profileHollow;
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
  setTag(ing, eid, TagBit.Light, hasLight);

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
  setTag(ing, eid, TagBit.Flexible, hasFlexible);

  const sculpt = c.sculpt;
  if (hasSculpt) {
    // Second Life sends a mesh as a sculpt of type 5, and may add a Mesh entry: the Mesh entry wins.
    const src = hasMesh ? extra.mesh : extra.sculpt;
    sculpt.assetIndex[eid] = internUuid(ing.assets, src.textureId, 0);
    sculpt.type[eid] = src.type;
    sculpt.meshFlags[eid] = extra.has(ExtraParamType.ExtendedMesh) ? extra.extendedMeshFlags : 0;
  } else {
    sculpt.assetIndex[eid] = 0;
    sculpt.type[eid] = 0;
    sculpt.meshFlags[eid] = 0;
  }
  setTag(ing, eid, TagBit.Sculpt, hasSculpt);
  setTag(ing, eid, TagBit.Mesh, hasSculpt && (sculpt.type[eid] & SCULPT_TYPE_MASK) === SculptType.Mesh);
}

