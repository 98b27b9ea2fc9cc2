/**
 * Movers: objects circling at constant speed, facing where they go. Each step moves
 * them along their circle and sends every ready viewer ImprovedTerseObjectUpdates
 * (unreliable, as simulators send motion), packed many to a packet. The blocks and
 * message values are reused from step to step.
 */
import { TERSE_DATA_BYTES } from '@slv/protocol';
import { MAX_BODY_BYTES, fixedBodyBytes } from '../scene/block-packing.ts';
import { encodeObjectTerseData, type TerseBlock } from '../scene/encode-objects.ts';
import type { Mover, SceneObject } from '../scene/scene-types.ts';
import type { Region } from './region.ts';

/** Data (U8 length + 44) and an empty TextureEntry (U16 length). */
const TERSE_BLOCK_BYTES = 1 + TERSE_DATA_BYTES + 2;
const PER_PACKET = Math.min(255, Math.floor((MAX_BODY_BYTES - fixedBodyBytes('ImprovedTerseObjectUpdate', 'ObjectData')) / TERSE_BLOCK_BYTES));
const EMPTY = new Uint8Array(0);

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
  private readonly blocks: TerseBlock[] = [];
  private readonly packets: { RegionData: unknown; ObjectData: TerseBlock[] }[] = [];

  constructor(private readonly region: Region) {}

  /** Moves every mover to where it is at `seconds` since the region started and tells the viewers. */
  step(seconds: number): void {
    const region = this.region;
    let n = 0;
    for (const mover of region.movers.values()) {
      const object = region.objects.get(mover.localId);
      if (object === undefined) continue;
      placeMover(mover, object, seconds);
      const block = this.block(n++);
      encodeObjectTerseData(object, block.Data as Uint8Array, 0);
    }
    if (n === 0) return;
    const packets = this.pack(n);
    for (let p = 0; p < packets; p++) {
      const value = this.packets[p]!;
      region.stats.terseUpdates += value.ObjectData.length * region.broadcast('ImprovedTerseObjectUpdate', value, false);
    }
  }

  private block(i: number): TerseBlock {
    let block = this.blocks[i];
    if (block === undefined) {
      block = { Data: new Uint8Array(TERSE_DATA_BYTES), TextureEntry: EMPTY };
      this.blocks.push(block);
    }
    return block;
  }

  /** Spreads the first `n` blocks over reused message values; returns how many are in use. */
  private pack(n: number): number {
    const count = Math.ceil(n / PER_PACKET);
    for (let p = 0; p < count; p++) {
      let packet = this.packets[p];
      if (packet === undefined) {
        packet = { RegionData: this.region.regionData, ObjectData: [] };
        this.packets.push(packet);
      }
      const list = packet.ObjectData;
      list.length = 0;
      const end = Math.min(n, (p + 1) * PER_PACKET);
      for (let i = p * PER_PACKET; i < end; i++) list.push(this.blocks[i]!);
    }
    return count;
  }
}
