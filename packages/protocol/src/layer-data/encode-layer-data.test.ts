import { readFileSync } from 'node:fs';
import { projectFixture } from '@slv/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeLayerData, type LayerPatchSink } from './decode-layer-data.ts';
import { decodeLayerDataToHeightmap } from './decode-to-heightmap.ts';
import {
  LAYER_DATA_MAX_BYTES,
  encodeLayerData,
  encodeWholeRegionLayerData,
  splitPatchesIntoPackets,
  type EncodeProgress,
  type PatchCoord,
} from './encode-layer-data.ts';
import { hexToBytes, parseLayerDataDatagram } from './layer-data-datagram.test-support.ts';
import { LayerDataError } from './layer-data-error.ts';
import { LAYER_CLOUD, LAYER_LAND, LAYER_LAND_EXTENDED, LAYER_WIND } from './layer-type.ts';

/** Exhaustive and property tests: generous under a loaded machine; each is bounded work. */
const SLOW = { timeout: 60_000 };

/** Every patch of a region, row by row. */
function allPatches(regionSize: number): PatchCoord[] {
  const patches: PatchCoord[] = [];
  for (let y = 0; y < regionSize / 16; y++) for (let x = 0; x < regionSize / 16; x++) patches.push({ x, y });
  return patches;
}

function decodeAll(packets: readonly Uint8Array[], layerType: number, regionSize: number): Float32Array {
  const map = new Float32Array(regionSize * regionSize).fill(Number.NaN);
  for (const packet of packets) decodeLayerDataToHeightmap(packet, layerType, map, regionSize);
  return map;
}

/** A wavenumber of either sign whose wavelength lies between ~30 m and ~1200 m. */
const wavenumber = fc
  .tuple(fc.double({ min: 0.005, max: 0.2, noNaN: true }), fc.boolean())
  .map(([k, negative]) => (negative ? -k : k));

/** Smooth terrain: a base height plus a few long-wavelength waves of 1 to 30 m. */
const smoothTerrain = fc.record({
  base: fc.double({ min: -20, max: 100, noNaN: true }),
  waves: fc.array(
    fc.record({
      amplitude: fc.double({ min: 1, max: 30, noNaN: true }),
      kx: wavenumber,
      ky: wavenumber,
      phase: fc.double({ min: 0, max: 7, noNaN: true }),
    }),
    { minLength: 1, maxLength: 4 },
  ),
});

function renderTerrain(terrain: typeof smoothTerrain extends fc.Arbitrary<infer T> ? T : never, regionSize: number): Float32Array {
  const map = new Float32Array(regionSize * regionSize);
  for (let y = 0; y < regionSize; y++) {
    for (let x = 0; x < regionSize; x++) {
      let h = terrain.base;
      for (const w of terrain.waves) h += w.amplitude * Math.cos(w.kx * x + w.ky * y + w.phase);
      map[y * regionSize + x] = h;
    }
  }
  return map;
}

/** cos((2n + 1)·k·π / 32) at [k*16 + n], in float64. */
const COS = Float64Array.from({ length: 256 }, (_, at) => Math.cos(((2 * (at % 16) + 1) * Math.floor(at / 16) * Math.PI) / 32));

/** Independent float64 orthonormal 16×16 DCT-II (the transform the codec's pair implements). */
function referenceDct(values: Float64Array): Float64Array {
  const rows = new Float64Array(256);
  for (let j = 0; j < 16; j++) {
    for (let u = 0; u < 16; u++) {
      let total = 0;
      for (let i = 0; i < 16; i++) total += values[j * 16 + i]! * COS[u * 16 + i]!;
      rows[j * 16 + u] = total * (u === 0 ? Math.SQRT1_2 : 1);
    }
  }
  const out = new Float64Array(256);
  for (let v = 0; v < 16; v++) {
    for (let u = 0; u < 16; u++) {
      let total = 0;
      for (let j = 0; j < 16; j++) total += rows[j * 16 + u]! * COS[v * 16 + j]!;
      out[v * 16 + u] = (2 / 16) * (v === 0 ? Math.SQRT1_2 : 1) * total;
    }
  }
  return out;
}

/**
 * The bound the codec guarantees, checked patch by patch. Heights are normalised by
 * mult = range/1024 (range = ⌊max − min + 1⌋), transformed by an orthonormal DCT, and
 * coefficient (u, v) is sent as trunc(c / q) with q = 1 + 2(u + v). The decoder rebuilds q·trunc(c / q),
 * so in the DCT domain every coefficient of the error (decoded − original) is smaller than
 * its quantization step q·mult. By Parseval that also bounds the patch's RMS error in space by
 * mult·√Σq²/16 ≈ 0.033·range, checked too; a single sample's error has no useful hard bound.
 * The slack covers the float32 tables and outputs. Flat patches (span < 0.005 m) take OpenSim's
 * shortcut and come back as their minimum, so off by at most the span.
 */
function expectWithinQuantizationSteps(original: Float32Array, decoded: Float32Array, regionSize: number): { worstRatio: number } {
  let worstRatio = 0;
  const error = new Float64Array(256);
  for (let py = 0; py < regionSize / 16; py++) {
    for (let px = 0; px < regionSize / 16; px++) {
      let min = Infinity;
      let max = -Infinity;
      let worst = 0;
      for (let j = 0; j < 16; j++) {
        for (let i = 0; i < 16; i++) {
          const at = (py * 16 + j) * regionSize + px * 16 + i;
          min = Math.min(min, original[at]!);
          max = Math.max(max, original[at]!);
          error[j * 16 + i] = decoded[at]! - original[at]!;
          worst = Math.max(worst, Math.abs(error[j * 16 + i]!));
        }
      }
      if (max - min < 0.005) {
        expect(worst).toBeLessThanOrEqual(max - min + 2 ** -23 * Math.max(1, Math.abs(min)));
        continue;
      }
      const mult = Math.trunc(max - min + 1) / 1024;
      // 0.01 normalised units for the float32 cosine tables, plus 256 float32 roundings of the output.
      const slack = 0.01 * mult + 32 * 2 ** -23 * Math.max(Math.abs(min), Math.abs(max));
      const coefficients = referenceDct(error);
      for (let v = 0; v < 16; v++) {
        for (let u = 0; u < 16; u++) {
          const step = (1 + 2 * (u + v)) * mult;
          const e = Math.abs(coefficients[v * 16 + u]!);
          worstRatio = Math.max(worstRatio, e / (step + slack));
          expect(e).toBeLessThan(step + slack);
        }
      }
      let squares = 0;
      for (const e of error) squares += e * e;
      expect(Math.sqrt(squares / 256)).toBeLessThanOrEqual((mult * Math.sqrt(289536)) / 16);
    }
  }
  return { worstRatio };
}

function openSimTerrain(): Float32Array {
  const map = new Float32Array(256 * 256);
  for (const line of readFileSync(projectFixture('opensim-0.9.2.2/session-login.udp.jsonl'), 'utf8').split('\n')) {
    if (!line.includes('"LayerData"')) continue;
    const packet = parseLayerDataDatagram(hexToBytes((JSON.parse(line) as { hex: string }).hex));
    if (packet.layerType === LAYER_LAND) decodeLayerDataToHeightmap(packet.data, packet.layerType, map);
  }
  return map;
}

describe('encodeLayerData: round trip', () => {
  it('keeps every DCT coefficient of the error within its quantization step on smooth terrain (property)', SLOW, () => {
    fc.assert(
      fc.property(smoothTerrain, (terrain) => {
        const map = renderTerrain(terrain, 64);
        const packets = splitPatchesIntoPackets(allPatches(64), map, 64, LAYER_LAND);
        const { worstRatio } = expectWithinQuantizationSteps(map, decodeAll(packets, LAYER_LAND, 64), 64);
        // Truncation really bites (errors reach most of a step), yet never a whole one.
        expect(worstRatio).toBeGreaterThan(0.5);
        expect(worstRatio).toBeLessThan(1);
      }),
      { numRuns: 25 },
    );
  });

  it('re-encodes the terrain OpenSimulator sent within the same bound, in as few packets', SLOW, () => {
    const map = openSimTerrain();
    const packets = splitPatchesIntoPackets(allPatches(256), map, 256, LAYER_LAND);
    expect(packets.length).toBeLessThanOrEqual(11);
    const decoded = decodeAll(packets, LAYER_LAND, 256);
    expectWithinQuantizationSteps(map, decoded, 256);
    let worst = 0;
    for (let i = 0; i < map.length; i++) worst = Math.max(worst, Math.abs(decoded[i]! - map[i]!));
    // Patches here span up to ~9 m: a few percent of that.
    expect(worst).toBeLessThan(0.25);
  });

  it('sends flat patches with the 2-bit shortcut and gets them back exactly', () => {
    const map = new Float32Array(256 * 256).fill(21.5);
    const out = new Uint8Array(LAYER_DATA_MAX_BYTES);
    const progress: EncodeProgress = { patches: 0 };
    const bytes = encodeLayerData(allPatches(256), map, 256, LAYER_LAND, out, 0, progress);
    // 4 header bytes, then 68 bits (header, 10-bit ids, end of block) a patch, then END_OF_PATCHES.
    expect(progress.patches).toBe(Math.floor((LAYER_DATA_MAX_BYTES * 8 - 32 - 8) / 68));
    expect(bytes).toBe(Math.ceil((32 + 68 * progress.patches + 8) / 8));
    const decoded = decodeAll([out.subarray(0, bytes)], LAYER_LAND, 256);
    const written = decoded.filter((h) => !Number.isNaN(h));
    expect(written).toHaveLength(progress.patches * 256);
    expect(written.every((h) => h === 21.5)).toBe(true);
  });

  it('delivers every patch coordinate exactly once, for 10-bit and 32-bit ids', SLOW, () => {
    for (const [layerType, regionSize] of [
      [LAYER_LAND, 256],
      [LAYER_LAND, 512],
      [LAYER_LAND_EXTENDED, 768],
    ] as const) {
      const map = new Float32Array(regionSize * regionSize).map((_, i) => ((i * 7919) % 1000) / 100);
      const order = allPatches(regionSize).reverse();
      const packets = splitPatchesIntoPackets(order, map, regionSize, layerType);
      const seen: PatchCoord[] = [];
      const sink: LayerPatchSink = { patch: (x, y) => void seen.push({ x, y }) };
      for (const packet of packets) {
        expect(packet.length).toBeLessThanOrEqual(LAYER_DATA_MAX_BYTES);
        decodeLayerData(packet, layerType, sink, { regionSize });
      }
      expect(seen).toEqual(order);
    }
  });

  it('keeps rough terrain (a few patches per packet) under the budget too', () => {
    const map = new Float32Array(256 * 256).map((_, i) => ((i * 2654435761) % 4096) / 16);
    for (const budget of [LAYER_DATA_MAX_BYTES, 700]) {
      const packets = splitPatchesIntoPackets(allPatches(256).slice(0, 40), map, 256, LAYER_LAND, budget);
      expect(Math.max(...packets.map((p) => p.length))).toBeLessThanOrEqual(budget);
      let total = 0;
      for (const packet of packets) total += decodeLayerData(packet, LAYER_LAND, { patch() {} });
      expect(total).toBe(40);
    }
  });

  it('encodes wind as two whole-region patches and clouds as one', () => {
    const windX = new Float32Array(256).map((_, i) => Math.sin(i / 40));
    const windY = new Float32Array(256).map((_, i) => Math.cos(i / 40) * 0.5);
    const out = new Uint8Array(LAYER_DATA_MAX_BYTES);
    const bytes = encodeWholeRegionLayerData([windX, windY], LAYER_WIND, out);
    const patches: Float32Array[] = [];
    const sink: LayerPatchSink = {
      patch(x, y, size, heights) {
        expect([x, y, size]).toEqual([0, 0, 16]);
        patches.push(heights.slice());
      },
    };
    expect(decodeLayerData(out.subarray(0, bytes), LAYER_WIND, sink)).toBe(2);
    for (const [decoded, original] of [
      [patches[0]!, windX],
      [patches[1]!, windY],
    ] as const) {
      for (let i = 0; i < 256; i++) expect(Math.abs(decoded[i]! - original[i]!)).toBeLessThan(0.05);
    }
    const cloud = encodeWholeRegionLayerData([windY], LAYER_CLOUD, out);
    expect(decodeLayerData(out.subarray(0, cloud), LAYER_CLOUD, { patch() {} })).toBe(1);
  });
});

describe('encodeLayerData: limits and bad input', () => {
  const map = new Float32Array(256 * 256).map((_, i) => (i % 256) / 10);

  it('stops before the patch that would not fit and says how many it took', () => {
    const out = new Uint8Array(120);
    const progress: EncodeProgress = { patches: -1 };
    const bytes = encodeLayerData(allPatches(256), map, 256, LAYER_LAND, out, 3, progress);
    expect(progress.patches).toBeGreaterThan(0);
    expect(bytes).toBeLessThanOrEqual(120);
    const seen: number[] = [];
    decodeLayerData(out.subarray(0, bytes), LAYER_LAND, { patch: (x, y) => void seen.push(y * 16 + x) });
    expect(seen).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12].slice(0, progress.patches));
    expect(encodeLayerData(allPatches(256), map, 256, LAYER_LAND, out, 256, progress)).toBe(5);
    expect(progress.patches).toBe(0);
  });

  it('raises LayerDataError when not even one patch fits', () => {
    const err = (() => {
      try {
        encodeLayerData([{ x: 0, y: 0 }], map, 256, LAYER_LAND, new Uint8Array(20));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(LayerDataError);
    expect((err as LayerDataError).patchIndex).toBe(0);
    expect(() => encodeLayerData([], map, 256, LAYER_LAND, new Uint8Array(4))).toThrow(LayerDataError);
  });

  it('rejects patches outside the region or the id width, bad heights and bad arguments', () => {
    const out = new Uint8Array(LAYER_DATA_MAX_BYTES);
    expect(() => encodeLayerData([{ x: 16, y: 0 }], map, 256, LAYER_LAND, out)).toThrow(RangeError);
    expect(() => encodeLayerData([{ x: 0.5, y: 0 }], map, 256, LAYER_LAND, out)).toThrow(RangeError);
    expect(() => encodeLayerData([{ x: 32, y: 0 }], new Float32Array(1024 * 1024), 1024, LAYER_LAND, out)).toThrow(
      /outside the 32×32 patches/,
    );
    const holes = map.slice();
    holes[5] = Number.NaN;
    expect(() => encodeLayerData([{ x: 0, y: 0 }], holes, 256, LAYER_LAND, out)).toThrow(/non-finite/);
    const cliff = map.slice();
    cliff[5] = 70000;
    expect(() => encodeLayerData([{ x: 0, y: 0 }], cliff, 256, LAYER_LAND, out)).toThrow(/16-bit range/);
    expect(() => encodeLayerData([{ x: 0, y: 0 }], map, 256, 0x41, out)).toThrow(LayerDataError);
    expect(() => encodeLayerData([{ x: 0, y: 0 }], map, 512, LAYER_LAND, out)).toThrow(RangeError);
    expect(() => encodeLayerData([{ x: 0, y: 0 }], map, 256, LAYER_LAND, out, 2)).toThrow(RangeError);
  });
});
