/**
 * Movers: objects circling at constant speed, facing where they go. Each step moves
 * them along their circle and sends every ready viewer ImprovedTerseObjectUpdates
 * (a TerseBatch: unreliable, many to a packet, nothing allocated from step to step).
 */
import { TERSE_DATA_BYTES } from '@slv/protocol';
import type { Mover, SceneObject } from '../scene/scene-types.ts';
import type { Region } from './region.ts';
import { TerseBatch } from './terse-batch.ts';

/** Places a mover's object on its circle at `seconds` (position, velocity, facing). */
export function placeMover(mover: Mover, object: SceneObject, seconds: number): void {
  const omega = mover.speed / mover.radius;
  const angle = mover.phase + omega * seconds;
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  object.position[0] = mover.center[0] + mover.radius * c;
  object.position[1] = mover.center[1] + mover.radius * s;
  object.position[2] = mover.center[2];
  // d/dt of the position: tangent, signed by the direction of travel.
  const vx = -mover.speed * s;
  const vy = mover.speed * c;
  object.velocity[0] = vx;
  object.velocity[1] = vy;
  object.velocity[2] = 0;
  const yaw = Math.atan2(vy, vx);
  object.rotation[0] = 0;
  object.rotation[1] = 0;
  object.rotation[2] = Math.sin(yaw / 2);
  object.rotation[3] = Math.cos(yaw / 2);
  object.angularVelocity[0] = 0;
  object.angularVelocity[1] = 0;
  object.angularVelocity[2] = omega;
}

export class MoverDriver {
  private readonly batch: TerseBatch;

  constructor(private readonly region: Region) {
    this.batch = new TerseBatch(region, TERSE_DATA_BYTES);
  }

  /** Moves every mover to where it is at `seconds` since the region started and tells the viewers. */
  step(seconds: number): void {
    const region = this.region;
    for (const mover of region.movers.values()) {
      const object = region.objects.get(mover.localId);
      if (object === undefined) continue;
      placeMover(mover, object, seconds);
      this.batch.add(object);
    }
    this.batch.send();
  }
}
