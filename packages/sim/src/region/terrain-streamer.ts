/**
 * Land for an arriving viewer: every 16 m patch of the heightmap, nearest the avatar
 * first, DCT-compressed into LayerData packets by the protocol's encoder (as many
 * patches as fit each packet), queued reliable behind nothing else. Each packet is
 * compressed when its turn to go out comes, not all 256 patches at arrival.
 */
import { LAYER_DATA_MAX_BYTES, LAYER_LAND, encodeLayerData, type EncodeProgress, type PatchCoord } from '@slv/protocol';
import type { RegionAgent } from './region-agent.ts';
import type { Region } from './region.ts';
import type { MessageProducer, QueuedMessage } from './send-queue.ts';

const PATCH_SIZE = 16;

/** Patch coordinates of a region, ordered by distance from (x, y) metres. */
export function patchesByDistance(regionSize: number, x: number, y: number): PatchCoord[] {
  const perEdge = regionSize / PATCH_SIZE;
  const patches: (PatchCoord & { d: number })[] = [];
  for (let py = 0; py < perEdge; py++) {
    for (let px = 0; px < perEdge; px++) {
      const cx = (px + 0.5) * PATCH_SIZE;
      const cy = (py + 0.5) * PATCH_SIZE;
      patches.push({ x: px, y: py, d: (cx - x) ** 2 + (cy - y) ** 2 });
    }
  }
  patches.sort((a, b) => a.d - b.d);
  return patches.map(({ x: px, y: py }) => ({ x: px, y: py }));
}

export function queueTerrain(region: Region, session: RegionAgent): void {
  const [x, y] = session.avatar?.position ?? session.identity.spawn;
  session.outbox.pushProducer(new LandStream(region, patchesByDistance(region.scene.regionSize, x, y)));
}

/** The land layer's LayerData messages, one packet compressed per call. */
class LandStream implements MessageProducer {
  private readonly buffer = new Uint8Array(LAYER_DATA_MAX_BYTES);
  private readonly progress: EncodeProgress = { patches: 0 };
  private first = 0;

  constructor(private readonly region: Region, private readonly patches: readonly PatchCoord[]) {}

  next(): QueuedMessage | null {
    if (this.first >= this.patches.length) return null;
    const scene = this.region.scene;
    const bytes = encodeLayerData(this.patches, scene.heightmap, scene.regionSize, LAYER_LAND, this.buffer, this.first, this.progress);
    this.first += this.progress.patches;
    return {
      name: 'LayerData',
      value: { LayerID: { Type: LAYER_LAND }, LayerData: { Data: this.buffer.slice(0, bytes) } },
      reliable: true,
      stat: 'layerDataPackets',
    };
  }
}
