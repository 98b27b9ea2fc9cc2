/**
 * Land for an arriving viewer: every 16 m patch of the heightmap, nearest the avatar
 * first, DCT-compressed into LayerData packets by the protocol's encoder (as many
 * patches as fit each packet), queued reliable behind nothing else.
 */
import { LAYER_LAND, splitPatchesIntoPackets, type PatchCoord } from '@slv/protocol';
import type { AgentSession } from './agent-session.ts';
import type { Region } from './region.ts';

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

/** The LayerData bodies of the whole land layer, nearest (x, y) first. */
export function landLayerPackets(region: Region, x: number, y: number): Uint8Array[] {
  const scene = region.scene;
  return splitPatchesIntoPackets(patchesByDistance(scene.regionSize, x, y), scene.heightmap, scene.regionSize, LAYER_LAND);
}

export function queueTerrain(region: Region, session: AgentSession): void {
  const [x, y] = session.avatar?.position ?? session.identity.spawn;
  for (const data of landLayerPackets(region, x, y)) {
    session.queue({
      name: 'LayerData',
      value: { LayerID: { Type: LAYER_LAND }, LayerData: { Data: data } },
      reliable: true,
      stat: 'layerDataPackets',
    });
  }
}
