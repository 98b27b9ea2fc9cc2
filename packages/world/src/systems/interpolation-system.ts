/**
 * The interpolation system (simulation phase): between updates, moves every
 * object that has velocity, acceleration or angular velocity, as the viewer
 * does: position = p + v·t + ½·a·t² from the last update (t capped at
 * MAX_EXTRAPOLATION_SECONDS, after which it holds), rotation = spin(ω·t) ∘ r
 * (uncapped: llTargetOmega spins forever). Always computed from the update's
 * values, so nothing drifts. With settings.world.interpolation off, objects
 * sit where their last update put them. Time is the ingestion clock, the
 * same clock that stamped the updates.
 */
import type { EngineWorld } from '@slv/core';
import type { WorldResources } from '../ingestion/world-resources.ts';
import { quatMultiply } from './quat.ts';
import { markDirty } from '../objects/transform-sets.ts';
import type { WorldIngestion } from '../ingestion/world-ingestion.ts';

/** Linear extrapolation stops this long after the last update. */
export const MAX_EXTRAPOLATION_SECONDS = 3;

const spin = new Float32Array(4);

/**
 * Moves every moving object to where it is at ing.now[0] (ms, the ingestion
 * clock); `enabled` false snaps them to their last update.
 */
export function interpolateMotion(ing: WorldIngestion, enabled: boolean): void {
  const { local, motion } = ing.components;
  const nowMs = ing.now;
  const list = ing.sets.movingList;
  for (let k = 0; k < ing.sets.movingCount; k++) {
    const eid = list[k];
    const p3 = eid * 3;
    const p4 = eid * 4;
    if (!enabled) {
      let same = true;
      for (let c = 0; c < 3; c++) same &&= local.position[p3 + c] === motion.basePosition[p3 + c];
      for (let c = 0; c < 4; c++) same &&= local.rotation[p4 + c] === motion.baseRotation[p4 + c];
      if (same) continue;
      for (let c = 0; c < 3; c++) local.position[p3 + c] = motion.basePosition[p3 + c];
      for (let c = 0; c < 4; c++) local.rotation[p4 + c] = motion.baseRotation[p4 + c];
      markDirty(ing.sets, eid);
      continue;
    }
    const t = Math.max(0, (nowMs[0] - motion.updateTimeMs[eid]) / 1000);
    const tl = Math.min(t, MAX_EXTRAPOLATION_SECONDS);
    const half = 0.5 * tl * tl;
    for (let c = 0; c < 3; c++) {
      local.position[p3 + c] = motion.basePosition[p3 + c] + motion.velocity[p3 + c] * tl + motion.acceleration[p3 + c] * half;
    }
    const wx = motion.angularVelocity[p3];
    const wy = motion.angularVelocity[p3 + 1];
    const wz = motion.angularVelocity[p3 + 2];
    const rate = Math.sqrt(wx * wx + wy * wy + wz * wz);
    if (rate > 1e-9) {
      // spin = the rotation by rate·t about ω, written here: passing floats to a helper would box them.
      const s = Math.sin(0.5 * rate * t) / rate;
      spin[0] = wx * s;
      spin[1] = wy * s;
      spin[2] = wz * s;
      spin[3] = Math.cos(0.5 * rate * t);
      quatMultiply(local.rotation, p4, spin, 0, motion.baseRotation, p4);
    }
    markDirty(ing.sets, eid);
  }
}

/** world.interpolate: moves every moving object to where it is now on the ingestion clock. */
export function interpolateObjects(_world: EngineWorld, resources: WorldResources): void {
  const ing = resources.ingestion;
  ing.now[0] = ing.clock();
  interpolateMotion(ing, resources.settings.settings.world.interpolation);
}
