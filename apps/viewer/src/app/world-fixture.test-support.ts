/**
 * A small world for the viewer's unit tests: a real WorldIngestion with
 * entities written straight into its components (as ingestion would after
 * an ObjectUpdate), a terrain height field, and a camera looking somewhere.
 */
import { presetSettings } from '@slv/config';
import { createCamera, createEngineWorld, type Camera } from '@slv/core';
import { parseNameValues, PCode } from '@slv/protocol';
import { createIngestion, WEATHER_GRID_EDGE, type RegionTerrain, type WorldIngestion } from '@slv/world';
import { mat4 } from 'gl-matrix';

export function createTestIngestion(capacity = 32): WorldIngestion {
  return createIngestion(createEngineWorld({ capacity }), presetSettings('Low'));
}

/** Entity `eid` as a live avatar (a 1.9 m box) at region `position`, named when `first` is given. */
export function putAvatar(ing: WorldIngestion, eid: number, position: readonly [number, number, number], first?: string, last = 'Resident'): void {
  ing.entities.live[eid] = 1;
  ing.components.identity.pcode[eid] = PCode.Avatar;
  ing.components.local.position.set(position, eid * 3);
  ing.components.local.scale.set([0.45, 0.6, 1.9], eid * 3);
  if (first !== undefined) {
    const text = `FirstName STRING RW SV ${first}\nLastName STRING RW SV ${last}\nTitle STRING RW SV `;
    ing.tables.side.nameValues.set(eid, { bytes: new TextEncoder().encode(text), list: parseNameValues(text) });
  }
}

/** A received 256 m region whose height is `height(x, y)` at every sample. */
export function testTerrain(height: (x: number, y: number) => number, regionSize = 256): RegionTerrain {
  const heightmap = new Float32Array(regionSize * regionSize);
  for (let y = 0; y < regionSize; y++) for (let x = 0; x < regionSize; x++) heightmap[y * regionSize + x] = height(x, y);
  const patches = (regionSize / 16) ** 2;
  const grid = WEATHER_GRID_EDGE * WEATHER_GRID_EDGE;
  return {
    regionIndex: 0, regionSize, heightmap, patchReceived: new Uint8Array(patches).fill(1), landPatches: patches, revision: 1,
    windX: new Float32Array(grid), windY: new Float32Array(grid), windRevision: 0, cloud: new Float32Array(grid), cloudRevision: 0, ignoredPatches: 0,
  };
}

/** A 60° camera at `eye` looking at `target`, z up, for a square canvas. */
export function testCamera(eye: readonly [number, number, number], target: readonly [number, number, number], far = 256): Camera {
  const camera = createCamera();
  mat4.lookAt(camera.view, eye, target, [0, 0, 1]);
  mat4.perspective(camera.projection, Math.PI / 3, 1, 0.1, far);
  camera.position.set(eye);
  return camera;
}
