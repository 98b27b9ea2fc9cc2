/**
 * Objects to viewers: on arrival every object, nearest linkset first, as packed full
 * ObjectUpdates with a share as ObjectUpdateCompressed (or, to a viewer with a cache,
 * ObjectUpdateCached probes it answers with RequestMultipleObjects for its misses);
 * later additions, removals and moves as they happen. Encoded blocks are cached per
 * object until its CRC changes (movers, whose position always changes, are not cached).
 */
import { PCode } from '@slv/protocol';
import type { RequestMultipleObjectsReader } from '@slv/protocol';
import { MAX_BODY_BYTES, blockByteSize, fixedBodyBytes, templateBlock } from '../scene/block-packing.ts';
import {
  cachedBlock, compressedBlock, encodeObjectUpdateBlock, terseBlock,
  type CachedBlock, type CompressedBlock, type ObjectUpdateBlock,
} from '../scene/encode-objects.ts';
import type { SceneObject } from '../scene/scene-types.ts';
import type { RegionAgent } from './region-agent.ts';
import type { Region } from './region.ts';
import type { CountedStat, MessageProducer, QueuedMessage } from './send-queue.ts';

/** RegionHandshakeReply flag: the viewer has no cache for this region. */
export const CACHE_EMPTY = 0x2;

const FULL_BLOCK = templateBlock('ObjectUpdate', 'ObjectData');
const COMPRESSED_BLOCK = templateBlock('ObjectUpdateCompressed', 'ObjectData');
const FULL_BUDGET = MAX_BODY_BYTES - fixedBodyBytes('ObjectUpdate', 'ObjectData');
const COMPRESSED_BUDGET = MAX_BODY_BYTES - fixedBodyBytes('ObjectUpdateCompressed', 'ObjectData');
const CACHED_BUDGET = MAX_BODY_BYTES - fixedBodyBytes('ObjectUpdateCached', 'ObjectData');
const CACHED_BLOCK_BYTES = 12;
const KILL_PER_PACKET = 255;

interface Encoded<B> {
  crc: number;
  block: B;
  size: number;
}

/** Encoded blocks per object, reused while the object's CRC stays the same. */
export class ObjectEncodings {
  private readonly full = new Map<number, Encoded<ObjectUpdateBlock>>();
  private readonly compressed = new Map<number, Encoded<CompressedBlock>>();

  constructor(private readonly region: Region) {}

  fullBlock(object: SceneObject): Encoded<ObjectUpdateBlock> {
    return this.lookup(this.full, object, () => {
      const block = encodeObjectUpdateBlock(object);
      return { crc: object.crc, block, size: blockByteSize(FULL_BLOCK, block) };
    });
  }

  compressedBlock(object: SceneObject): Encoded<CompressedBlock> {
    return this.lookup(this.compressed, object, () => {
      const block = compressedBlock(object);
      return { crc: object.crc, block, size: blockByteSize(COMPRESSED_BLOCK, block) };
    });
  }

  forget(localId: number): void {
    this.full.delete(localId);
    this.compressed.delete(localId);
  }

  private lookup<B>(cache: Map<number, Encoded<B>>, object: SceneObject, make: () => Encoded<B>): Encoded<B> {
    // A child's position is relative to its root, so only the mover itself changes;
    // avatars come and go with their agents and are cheap to encode again.
    const moving = this.region.movers.has(object.localId) || object.pcode === PCode.Avatar;
    const hit = cache.get(object.localId);
    if (hit !== undefined && hit.crc === object.crc && !moving) return hit;
    const encoded = make();
    if (!moving) cache.set(object.localId, encoded);
    return encoded;
  }
}

/** Packs blocks into messages of at most `budget` body bytes and hands each message's blocks on. */
class Packer<B> {
  private blocks: B[] = [];
  private used = 0;

  constructor(private readonly budget: number, private readonly emit: (blocks: B[]) => void) {}

  add(block: B, size: number): void {
    if (this.blocks.length > 0 && (this.used + size > this.budget || this.blocks.length >= 255)) this.flush();
    this.blocks.push(block);
    this.used += size;
  }

  flush(): void {
    if (this.blocks.length === 0) return;
    const blocks = this.blocks;
    this.blocks = [];
    this.used = 0;
    this.emit(blocks);
  }
}

/** Linksets (root then children, scene order) sorted by the root's distance from (x, y). */
export function linksetsByDistance(region: Region, x: number, y: number): SceneObject[][] {
  const groups = new Map<number, SceneObject[]>();
  for (const object of region.scene.objects) {
    const rootId = object.parentId === 0 ? object.localId : object.parentId;
    let group = groups.get(rootId);
    if (group === undefined) {
      group = [];
      groups.set(rootId, group);
    }
    if (object.parentId === 0) group.unshift(object);
    else group.push(object);
  }
  // Each distance once, not once per comparison: large regions sort tens of thousands.
  const keyed: { d: number; linkset: SceneObject[] }[] = [];
  for (const linkset of groups.values()) {
    const root = linkset[0]!;
    if (root.parentId !== 0) continue;
    const dx = root.position[0] - x;
    const dy = root.position[1] - y;
    keyed.push({ d: dx * dx + dy * dy, linkset });
  }
  keyed.sort((a, b) => a.d - b.d);
  return keyed.map((k) => k.linkset);
}

/**
 * Queues every object of the region for an arriving viewer, nearest linkset first. The
 * linksets are encoded and packed as the session's outbox drains, a few messages a tick:
 * encoding thousands of objects at once would stall the region for hundreds of
 * milliseconds right when the viewer measures its first round trip. An object removed
 * before its turn is skipped; one that changed goes out as it is then.
 */
export function queueSceneObjects(region: Region, encodings: ObjectEncodings, session: RegionAgent): void {
  const [x, y] = session.avatar?.position ?? session.identity.spawn;
  session.outbox.pushProducer(new SceneObjectStream(region, encodings, x, y, session.handshakeFlags));
}

/** The arrival's object messages, made on demand (see queueSceneObjects). */
class SceneObjectStream implements MessageProducer {
  private readonly ready: QueuedMessage[] = [];
  private readonly full: Packer<ObjectUpdateBlock> | null = null;
  private readonly packed: Packer<CompressedBlock> | null = null;
  private readonly probes: Packer<CachedBlock> | null = null;
  /** Sorted when the stream's turn first comes, so the handshake reply is answered at once. */
  private linksets: SceneObject[][] | null = null;
  private cursor = 0;
  private flushed = false;

  constructor(
    private readonly region: Region,
    private readonly encodings: ObjectEncodings,
    private readonly x: number,
    private readonly y: number,
    handshakeFlags: number,
  ) {
    const queue = (name: string, stat: CountedStat) => (blocks: unknown[]) => {
      this.ready.push({ name, value: { RegionData: region.regionData, ObjectData: blocks }, reliable: true, stat, statCount: blocks.length });
    };
    if (region.settings.cacheProbes && (handshakeFlags & CACHE_EMPTY) === 0) {
      this.probes = new Packer<CachedBlock>(CACHED_BUDGET, queue('ObjectUpdateCached', 'cachedProbes'));
    } else {
      this.full = new Packer<ObjectUpdateBlock>(FULL_BUDGET, queue('ObjectUpdate', 'objectUpdates'));
      this.packed = new Packer<CompressedBlock>(COMPRESSED_BUDGET, queue('ObjectUpdateCompressed', 'compressedUpdates'));
    }
  }

  next(): QueuedMessage | null {
    const ready = this.ready;
    const linksets = (this.linksets ??= linksetsByDistance(this.region, this.x, this.y));
    while (ready.length === 0 && this.cursor < linksets.length) this.add(linksets[this.cursor]!, this.cursor++);
    if (ready.length === 0 && !this.flushed) {
      this.flushed = true;
      this.full?.flush();
      this.packed?.flush();
      this.probes?.flush();
    }
    return ready.shift() ?? null;
  }

  private add(linkset: SceneObject[], k: number): void {
    const objects = this.region.objects;
    if (this.probes !== null) {
      for (const object of linkset) if (objects.get(object.localId) === object) this.probes.add(cachedBlock(object), CACHED_BLOCK_BYTES);
      return;
    }
    // Whole linksets go one way, so children follow their root in the same kind of message.
    const fraction = this.region.settings.compressedFraction;
    const asCompressed = Math.floor((k + 1) * fraction) > Math.floor(k * fraction);
    for (const object of linkset) {
      if (objects.get(object.localId) !== object) continue;
      if (asCompressed) {
        const e = this.encodings.compressedBlock(object);
        this.packed!.add(e.block, e.size);
      } else {
        const e = this.encodings.fullBlock(object);
        this.full!.add(e.block, e.size);
      }
    }
  }
}

/** Sends full ObjectUpdates for `objects` to `sessions` now. */
export function sendObjectUpdates(region: Region, encodings: ObjectEncodings, objects: readonly SceneObject[], sessions: Iterable<RegionAgent>): void {
  const messages: ObjectUpdateBlock[][] = [];
  const packer = new Packer<ObjectUpdateBlock>(FULL_BUDGET, (blocks) => messages.push(blocks));
  for (const object of objects) {
    const e = encodings.fullBlock(object);
    packer.add(e.block, e.size);
  }
  packer.flush();
  for (const session of sessions) {
    for (const blocks of messages) {
      if (session.send('ObjectUpdate', { RegionData: region.regionData, ObjectData: blocks }, true)) region.stats.objectUpdates += blocks.length;
    }
  }
}

/** Answers RequestMultipleObjects with ObjectUpdateCompressed for each object that exists. */
export function answerRequestMultipleObjects(
  region: Region, encodings: ObjectEncodings, session: RegionAgent, reader: RequestMultipleObjectsReader,
): void {
  const block = reader.ObjectData;
  const packer = new Packer<CompressedBlock>(COMPRESSED_BUDGET, (blocks) => {
    if (session.send('ObjectUpdateCompressed', { RegionData: region.regionData, ObjectData: blocks }, true)) {
      region.stats.compressedUpdates += blocks.length;
    }
  });
  for (let i = 0; i < block.count; i++) {
    const object = region.objects.get(block.ID(i));
    if (object === undefined) continue;
    const e = encodings.compressedBlock(object);
    packer.add(e.block, e.size);
  }
  packer.flush();
}

/** KillObject for `ids` to every ready viewer. */
export function broadcastKill(region: Region, ids: readonly number[]): void {
  for (let start = 0; start < ids.length; start += KILL_PER_PACKET) {
    const blocks = ids.slice(start, start + KILL_PER_PACKET).map((ID) => ({ ID }));
    region.broadcast('KillObject', { ObjectData: blocks }, true);
  }
}

/** One terse update of `object` to every ready viewer (after a move). */
export function broadcastTerse(region: Region, object: SceneObject): void {
  const value = { RegionData: region.regionData, ObjectData: [terseBlock(object)] };
  region.stats.terseUpdates += region.broadcast('ImprovedTerseObjectUpdate', value, false);
}
