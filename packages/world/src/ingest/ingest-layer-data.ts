/**
 * LayerData: land patches into the region's heightmap (the standard 'L' and
 * OpenSimulator's extended 'M' with 32-bit patch ids), wind and cloud patches
 * into their grids. Water layers are counted and ignored. Corrupt data is
 * reported; the patches decoded before the bad one stay.
 */
import { LayerDataError } from '@slv/protocol';
import type { LayerDataReader } from '@slv/protocol';
import type { MessageSource } from '@slv/net';
import { LayerKind, decodeLayerIntoTerrain, layerKind } from '../regions/region-terrain.ts';
import { regionOfSource, terrainOf, unassignedTerrainOf } from '../regions/source-regions.ts';
import { reportError } from '../ingestion/ingestion-error.ts';
import type { WorldIngestion } from '../ingestion/world-ingestion.ts';

export function ingestLayerData(ing: WorldIngestion, reader: LayerDataReader, source: MessageSource): void {
  const type = reader.LayerID.Type(0);
  const kind = layerKind(type);
  if (kind < 0) {
    ing.stats.ignoredLayers++;
    return;
  }
  const region = regionOfSource(ing, source);
  const terrain = region >= 0 ? terrainOf(ing, region) : unassignedTerrainOf(ing, source);
  let patches: number;
  try {
    // One view per packet: the decoder reads from index 0 of what it is given.
    patches = decodeLayerIntoTerrain(terrain, type, reader.LayerData.Data(0));
  } catch (error) {
    if (!(error instanceof LayerDataError)) throw error;
    patches = error.patchesDecoded;
    reportError(ing, 'LayerData', -1, -1, error.message);
  }
  if (kind === LayerKind.Land) ing.stats.landPatches += patches;
  else if (kind === LayerKind.Wind) ing.stats.windPatches += patches;
  else ing.stats.cloudPatches += patches;
}
