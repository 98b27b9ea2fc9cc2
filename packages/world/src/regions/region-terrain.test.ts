import {
  LAYER_CLOUD, LAYER_LAND, LAYER_LAND_EXTENDED, LAYER_WATER, LAYER_WIND, encodeWholeRegionLayerData, splitPatchesIntoPackets,
} from '@slv/protocol';
import { describe, expect, it } from 'vitest';
import { layerDataPacket, objectUpdatePacket } from '../test-support/packets.test-support.ts';
import { WEATHER_GRID_EDGE, terrainHeightAt } from './region-terrain.ts';
import { regionOfSource, setRegionSize } from './source-regions.ts';
import { createTestWorld } from '../test-support/test-world.test-support.ts';

function slope(size: number): Float32Array {
  const map = new Float32Array(size * size);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) map[y * size + x] = 20 + x / 32 + y / 64;
  return map;
}

function patchesOf(size: number): { x: number; y: number }[] {
  const patches: { x: number; y: number }[] = [];
  for (let y = 0; y < size / 16; y++) for (let x = 0; x < size / 16; x++) patches.push({ x, y });
  return patches;
}

describe('terrain', () => {
  it('assembles an OpenSimulator var region (512 m, extended land layer) into its heightmap', () => {
    const t = createTestWorld();
    t.dispatch(objectUpdatePacket([{ localId: 1 }]));
    const region = regionOfSource(t.ingestion, t.source);
    setRegionSize(t.ingestion, region, 512);
    const heights = slope(512);
    for (const data of splitPatchesIntoPackets(patchesOf(512), heights, 512, LAYER_LAND_EXTENDED)) t.dispatch(layerDataPacket(LAYER_LAND_EXTENDED, data));
    const terrain = t.ingestion.terrain.get(region)!;
    expect(terrain.regionSize).toBe(512);
    expect(terrain.landPatches).toBe(32 * 32);
    expect(t.ingestion.stats.landPatches).toBe(1024);
    let worst = 0;
    for (let k = 0; k < heights.length; k++) worst = Math.max(worst, Math.abs(terrain.heightmap[k]! - heights[k]!));
    expect(worst).toBeLessThan(0.05);
    expect(terrainHeightAt(terrain, 300.5, 100)).toBeCloseTo(20 + 300.5 / 32 + 100 / 64, 1);
    expect(t.errors).toEqual([]);
  });

  it('keeps terrain that arrives before the circuit’s region is known, and files it under the region once it is', () => {
    const t = createTestWorld();
    const heights = slope(256);
    for (const data of splitPatchesIntoPackets(patchesOf(256), heights, 256, LAYER_LAND)) t.dispatch(layerDataPacket(LAYER_LAND, data));
    expect(t.ingestion.terrain.size).toBe(0);
    expect(t.ingestion.regions.unassignedTerrain.get(t.source)!.landPatches).toBe(256);
    t.dispatch(objectUpdatePacket([{ localId: 1 }]));
    const terrain = t.ingestion.terrain.get(regionOfSource(t.ingestion, t.source))!;
    expect(terrain.landPatches).toBe(256);
    expect(terrain.heightmap[255 * 256 + 255]).toBeCloseTo(heights[255 * 256 + 255]!, 1);
    expect(t.ingestion.regions.unassignedTerrain.size).toBe(0);
  });

  it('decodes wind (X then Y) and cloud layers into their 16×16 grids; water is counted and ignored', () => {
    const t = createTestWorld();
    t.dispatch(objectUpdatePacket([{ localId: 1 }]));
    const windX = new Float32Array(256).map((_, k) => (k % 16) / 8 - 1);
    const windY = new Float32Array(256).map((_, k) => 1 - Math.floor(k / 16) / 8);
    const cloud = new Float32Array(256).fill(0.25);
    const out = new Uint8Array(1200);
    t.dispatch(layerDataPacket(LAYER_WIND, out.slice(0, encodeWholeRegionLayerData([windX, windY], LAYER_WIND, out))));
    t.dispatch(layerDataPacket(LAYER_CLOUD, out.slice(0, encodeWholeRegionLayerData([cloud], LAYER_CLOUD, out))));
    t.dispatch(layerDataPacket(LAYER_WATER, out.slice(0, encodeWholeRegionLayerData([cloud], LAYER_WATER, out))));
    const terrain = t.ingestion.terrain.get(0)!;
    expect(terrain.windX).toHaveLength(WEATHER_GRID_EDGE * WEATHER_GRID_EDGE);
    for (let k = 0; k < 256; k++) {
      expect(terrain.windX[k]).toBeCloseTo(windX[k]!, 1);
      expect(terrain.windY[k]).toBeCloseTo(windY[k]!, 1);
      expect(terrain.cloud[k]).toBeCloseTo(0.25, 1);
    }
    expect(terrain.windRevision).toBe(2);
    expect(terrain.cloudRevision).toBe(1);
    expect(t.ingestion.stats.ignoredLayers).toBe(1);
  });

  it('reports corrupt LayerData and keeps the patches decoded before the bad one', () => {
    const t = createTestWorld();
    t.dispatch(objectUpdatePacket([{ localId: 1 }]));
    const [data] = splitPatchesIntoPackets(patchesOf(256).slice(0, 8), slope(256), 256, LAYER_LAND);
    t.dispatch(layerDataPacket(LAYER_LAND, data!.subarray(0, Math.floor(data!.length / 2))));
    expect(t.errors).toHaveLength(1);
    expect(t.errors[0]!.message).toMatch(/^LayerData: LayerData 'L' \(0x4c\), patch \d+, bit \d+: truncated/);
    const terrain = t.ingestion.terrain.get(0)!;
    expect(terrain.landPatches).toBeGreaterThan(0);
    expect(terrain.landPatches).toBeLessThan(8);
  });
});
