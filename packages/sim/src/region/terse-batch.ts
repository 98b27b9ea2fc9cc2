/**
 * ImprovedTerseObjectUpdates for many objects at once, packed many to a packet
 * and sent unreliably to every ready viewer, as simulators send motion. The
 * blocks, their Data bytes and the message values are kept from one batch to
 * the next, so a steady stream of motion allocates nothing.
 */
import { MAX_BODY_BYTES, fixedBodyBytes } from '../scene/block-packing.ts';
import { encodeObjectTerseData, type TerseBlock } from '../scene/encode-objects.ts';
import type { SceneObject } from '../scene/scene-types.ts';
import type { Region } from './region.ts';

const EMPTY = new Uint8Array(0);

export class TerseBatch {
  private readonly blocks: TerseBlock[] = [];
  private readonly packets: { RegionData: unknown; ObjectData: TerseBlock[] }[] = [];
  private readonly perPacket: number;
  private count = 0;

  /** `dataBytes`: the terse Data of one object (44, or 60 for an avatar). */
  constructor(private readonly region: Region, private readonly dataBytes: number) {
    // Data (U8 length + bytes) and an empty TextureEntry (U16 length).
    const blockBytes = 1 + dataBytes + 2;
    this.perPacket = Math.min(255, Math.floor((MAX_BODY_BYTES - fixedBodyBytes('ImprovedTerseObjectUpdate', 'ObjectData')) / blockBytes));
  }

  /** Adds `object` as it is now. */
  add(object: SceneObject): void {
    let block = this.blocks[this.count];
    if (block === undefined) {
      block = { Data: new Uint8Array(this.dataBytes), TextureEntry: EMPTY };
      this.blocks.push(block);
    }
    encodeObjectTerseData(object, block.Data as Uint8Array, 0);
    this.count++;
  }

  /** Sends what was added to every ready viewer and empties the batch; returns the updates sent. */
  send(): number {
    const n = this.count;
    this.count = 0;
    if (n === 0) return 0;
    const packets = Math.ceil(n / this.perPacket);
    let updates = 0;
    for (let p = 0; p < packets; p++) {
      let packet = this.packets[p];
      if (packet === undefined) {
        packet = { RegionData: this.region.regionData, ObjectData: [] };
        this.packets.push(packet);
      }
      const list = packet.ObjectData;
      list.length = 0;
      const end = Math.min(n, (p + 1) * this.perPacket);
      for (let i = p * this.perPacket; i < end; i++) list.push(this.blocks[i]!);
      updates += list.length * this.region.broadcast('ImprovedTerseObjectUpdate', packet, false);
    }
    this.region.stats.terseUpdates += updates;
    return updates;
  }
}
