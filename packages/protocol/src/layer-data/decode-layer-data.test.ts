import { readFileSync } from 'node:fs';
import { describeWithShared, projectFixture, sharedPath } from '@slv/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BitWriter } from './bit-pack.ts';
import { decodeLayerData, type LayerPatchSink } from './decode-layer-data.ts';
import { decodeLayerDataToHeightmap } from './decode-to-heightmap.ts';
import { encodeLayerData } from './encode-layer-data.ts';
import { type CapturedLayerData, hexToBytes, parseLayerDataDatagram } from './layer-data-datagram.test-support.ts';
import { LayerDataError } from './layer-data-error.ts';
import { LAYER_CLOUD, LAYER_LAND, LAYER_LAND_EXTENDED, LAYER_WIND } from './layer-type.ts';

/** Exhaustive and property tests: generous under a loaded machine; each is bounded work. */
const SLOW = { timeout: 60_000 };

interface Patch {
  x: number;
  y: number;
  size: number;
  index: number;
  heights: Float32Array;
}

/** A sink that copies every patch out of the scratch it is lent. */
function collect(): LayerPatchSink & { patches: Patch[] } {
  const patches: Patch[] = [];
  return {
    patches,
    patch(x, y, size, heights, index) {
      patches.push({ x, y, size, index, heights: heights.slice() });
    },
  };
}

function extent(patches: readonly Patch[]): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const p of patches) {
    for (const h of p.heights) {
      min = Math.min(min, h);
      max = Math.max(max, h);
    }
  }
  return { min, max };
}

function captureOf(file: string): CapturedLayerData[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { msg: string; hex: string })
    .filter((record) => record.msg === 'LayerData')
    .map((record) => parseLayerDataDatagram(hexToBytes(record.hex)));
}

/** Decoding must end in a count or a LayerDataError, nothing else. */
function outcome(data: Uint8Array, layerType: number, sink: LayerPatchSink = collect()): number | LayerDataError {
  try {
    return decodeLayerData(data, layerType, sink);
  } catch (err) {
    if (err instanceof LayerDataError) return err;
    throw err;
  }
}

function errorOf(action: () => unknown): LayerDataError {
  try {
    action();
  } catch (err) {
    expect(err).toBeInstanceOf(LayerDataError);
    return err as LayerDataError;
  }
  throw new Error('expected a LayerDataError');
}

const captured = captureOf(projectFixture('opensim-0.9.2.2/session-login.udp.jsonl'));
const land = captured.filter((p) => p.layerType === LAYER_LAND);
const wind = captured.filter((p) => p.layerType === LAYER_WIND);

describe('decodeLayerData: OpenSimulator 0.9.2.2 login capture', () => {
  it('holds 11 land and 2 wind LayerData packets and nothing else', () => {
    expect(land).toHaveLength(11);
    expect(wind).toHaveLength(2);
    expect(captured).toHaveLength(13);
  });

  it('decodes 256 land patches covering the 256 m region exactly once, heights within [-0.2, 25.1] m', () => {
    const seen = new Uint8Array(256);
    const all: Patch[] = [];
    for (const packet of land) {
      const sink = collect();
      const count = decodeLayerData(packet.data, packet.layerType, sink);
      expect(count).toBe(sink.patches.length);
      expect(count).toBeGreaterThan(0);
      sink.patches.forEach((p, i) => {
        expect(p.size).toBe(16);
        expect(p.index).toBe(i);
        seen[p.y * 16 + p.x]! += 1;
      });
      all.push(...sink.patches);
    }
    expect(all).toHaveLength(256);
    expect([...seen].every((n) => n === 1)).toBe(true);
    const { min, max } = extent(all);
    expect(min).toBeGreaterThan(-0.2);
    expect(min).toBeLessThan(0);
    expect(max).toBeGreaterThan(24.9);
    expect(max).toBeLessThan(25.1);
  });

  it('puts samples the right way round: patch seams are as smooth as patch interiors', SLOW, () => {
    const map = new Float32Array(256 * 256).fill(Number.NaN);
    let total = 0;
    for (const packet of land) total += decodeLayerDataToHeightmap(packet.data, packet.layerType, map);
    expect(total).toBe(256);
    expect(map.every((h) => Number.isFinite(h))).toBe(true);
    // A patch written transposed or mirrored would leave steps of ~1.5 m at its edges.
    for (const step of [1, 256]) {
      let seam = 0;
      let inner = 0;
      for (let a = 0; a < 256; a++) {
        for (let b = 0; b < 255; b++) {
          const i = step === 1 ? a * 256 + b : b * 256 + a;
          const d = Math.abs(map[i]! - map[i + step]!);
          if ((b & 15) === 15) seam += d / (256 * 15);
          else inner += d / (256 * 240);
        }
      }
      expect(seam).toBeLessThan(2 * inner);
    }
    // The default OpenSim island: highest in the middle, under water at the edges.
    expect(map[128 * 256 + 128]).toBeGreaterThan(20);
    expect(map[0]).toBeLessThan(1);
  });

  it('decodes each wind packet as two patches (X then Y) at patch (0, 0) within ±1.1 m/s', () => {
    for (const packet of wind) {
      const sink = collect();
      expect(decodeLayerData(packet.data, packet.layerType, sink)).toBe(2);
      expect(sink.patches.map((p) => [p.x, p.y, p.size, p.index])).toEqual([
        [0, 0, 16, 0],
        [0, 0, 16, 1],
      ]);
      const { min, max } = extent(sink.patches);
      expect(min).toBeGreaterThan(-1.1);
      expect(max).toBeLessThan(1.1);
      expect(max - min).toBeGreaterThan(0.5);
    }
  });

  it('stops at the END_OF_PATCHES every captured packet carries: bytes after it are never read', () => {
    for (const packet of captured) {
      const patches = decodeLayerData(packet.data, packet.layerType, collect());
      const padded = new Uint8Array(packet.data.length + 64).fill(0xa5);
      padded.set(packet.data);
      expect(decodeLayerData(padded, packet.layerType, collect())).toBe(patches);
      // One byte shorter cuts into END_OF_PATCHES or the last patch: fewer patches or an error, never more.
      const cut = outcome(packet.data.subarray(0, packet.data.length - 1), packet.layerType);
      if (typeof cut === 'number') expect(cut).toBeLessThanOrEqual(patches);
    }
  });
});

/** Zig-zag order written independently: anti-diagonals d = i + j, odd ones walked with i falling. */
function zigzagOrder(size: number): Array<[number, number]> {
  const cells: Array<[number, number]> = [];
  for (let j = 0; j < size; j++) for (let i = 0; i < size; i++) cells.push([i, j]);
  return cells.sort(([ia, ja], [ib, jb]) => ia + ja - (ib + jb) || ((ia + ja) % 2 === 1 ? ib - ia : ia - ib));
}

/** Float64 reference for one decoded patch: dequantize, orthonormal 2-D inverse DCT, rescale. */
function referencePatch(size: number, sent: readonly number[], quantWBits: number, dcOffset: number, range: number): Float64Array {
  const order = zigzagOrder(size);
  const coefficient = new Float64Array(size * size);
  sent.forEach((c, p) => {
    const [i, j] = order[p]!;
    coefficient[j * size + i] = c * (1 + 2 * (i + j));
  });
  const prequant = (quantWBits >> 4) + 2;
  const mult = range / 2 ** prequant;
  const addval = mult * 2 ** (prequant - 1) + dcOffset;
  const s = (k: number): number => (k === 0 ? Math.SQRT1_2 : 1);
  const out = new Float64Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let total = 0;
      for (let v = 0; v < size; v++) {
        for (let u = 0; u < size; u++) {
          const c = coefficient[v * size + u]!;
          if (c !== 0) {
            total += s(u) * s(v) * c * Math.cos(((2 * x + 1) * u * Math.PI) / (2 * size)) * Math.cos(((2 * y + 1) * v * Math.PI) / (2 * size));
          }
        }
      }
      out[y * size + x] = (2 / size) * total * mult + addval;
    }
  }
  return out;
}

describe('decodeLayerData: against a float64 reference', () => {
  it('matches the reference dequantize + inverse DCT for 16 and 32 m patches (property)', SLOW, () => {
    const patch = fc
      .record({
        size: fc.constantFrom(16, 32),
        prequantNibble: fc.integer({ min: 0, max: 15 }),
        wordBits: fc.integer({ min: 2, max: 17 }),
        dcOffset: fc.integer({ min: -4000, max: 4000 }).map((n) => n / 8),
        range: fc.integer({ min: 0, max: 0xffff }),
        x: fc.integer({ min: 0, max: 7 }),
        y: fc.integer({ min: 0, max: 7 }),
        codes: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: -(2 ** 17 - 1), max: 2 ** 17 - 1 })), { maxLength: 60 }),
      })
      // quant_wbits 0x61 (prequant 8, 3-bit words) is END_OF_PATCHES itself: no encoder can send it.
      .filter((p) => ((p.prequantNibble << 4) | (p.wordBits - 2)) !== 97)
      .map((p) => ({ ...p, sent: p.codes.map((c) => Math.sign(c) * (Math.abs(c) % 2 ** p.wordBits)) }));
    fc.assert(
      fc.property(patch, (p) => {
        const out = new Uint8Array(512);
        const w = new BitWriter().reset(out);
        w.writeBits(264, 16);
        w.writeBits(p.size, 8);
        w.writeBits(LAYER_LAND, 8);
        const quantWBits = (p.prequantNibble << 4) | (p.wordBits - 2);
        w.writeBits(quantWBits, 8);
        w.writeFloat32(p.dcOffset);
        w.writeBits(p.range, 16);
        w.writeBits((p.x << 5) | p.y, 10);
        for (const c of p.sent) {
          if (c === 0) {
            w.writeBits(0, 1);
          } else {
            w.writeBits(c < 0 ? 0b111 : 0b110, 3);
            w.writeBits(Math.abs(c), p.wordBits);
          }
        }
        w.writeBits(0b10, 2);
        w.writeBits(97, 8);
        const sink = collect();
        expect(decodeLayerData(out.subarray(0, w.finish()), LAYER_LAND, sink)).toBe(1);
        const got = sink.patches[0]!;
        expect([got.x, got.y, got.size]).toEqual([p.x, p.y, p.size]);
        const want = referencePatch(p.size, p.sent, quantWBits, p.dcOffset, p.range);
        // float32 tables and outputs: relative to the largest term that enters a sample.
        const mult = p.range / 2 ** ((quantWBits >> 4) + 2);
        let scale = Math.abs(mult * 2 ** ((quantWBits >> 4) + 1) + p.dcOffset);
        p.sent.forEach((c) => (scale += (Math.abs(c) * (1 + 4 * p.size) * mult * 2) / p.size));
        for (let k = 0; k < want.length; k++) expect(Math.abs(got.heights[k]! - want[k]!)).toBeLessThanOrEqual(1e-6 * scale + 1e-9);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses to be re-entered from a sink', () => {
    const sink: LayerPatchSink = {
      patch() {
        decodeLayerData(land[1]!.data, LAYER_LAND, { patch() {} });
      },
    };
    expect(() => decodeLayerData(land[0]!.data, LAYER_LAND, sink)).toThrow(/called again from inside a LayerPatchSink/);
    expect(decodeLayerData(land[0]!.data, LAYER_LAND, { patch() {} })).toBe(17);
  });
});

describeWithShared('decodeLayerData: Second Life capture', ['fixtures/secondlife-2017/LayerDataMessageL.packet'], () => {
  it('decodes the 31 land patches of LayerDataMessageL.packet at sea level', () => {
    const datagram = new Uint8Array(readFileSync(sharedPath('fixtures/secondlife-2017/LayerDataMessageL.packet')));
    const packet = parseLayerDataDatagram(datagram);
    expect(packet.layerType).toBe(LAYER_LAND);
    const sink = collect();
    expect(decodeLayerData(packet.data, packet.layerType, sink)).toBe(31);
    expect(sink.patches[0]).toMatchObject({ x: 0, y: 7, size: 16 });
    expect(new Set(sink.patches.map((p) => p.y * 16 + p.x)).size).toBe(31);
    for (const p of sink.patches) expect(p.x + p.y).toBeGreaterThanOrEqual(7);
    // A flat 0 m patch as SL codes it: range 1, the DC word clamped at 8191, so 2^-14 m.
    const { min, max } = extent(sink.patches);
    expect(min).toBeCloseTo(2 ** -14, 9);
    expect(max).toBeCloseTo(2 ** -14, 9);
  });
});

describe('decodeLayerData: bad input', () => {
  const sample = land[0]!.data;

  it('rejects an unknown layer type and a bad patch size before decoding anything', () => {
    const sink = collect();
    const unknown = errorOf(() => decodeLayerData(sample, 0x41, sink));
    expect(unknown.message).toBe("LayerData 'A' (0x41), group header, bit 0: unknown layer type");
    const bad = sample.slice();
    bad[2] = 17;
    const size = errorOf(() => decodeLayerData(bad, LAYER_LAND, sink));
    expect(size.reason).toBe('patch size 17 is not 16 or 32');
    expect(size.patchIndex).toBe(-1);
    expect(sink.patches).toHaveLength(0);
  });

  it('reports a truncated group header and treats under 8 spare bits as the end', () => {
    expect(errorOf(() => decodeLayerData(sample.subarray(0, 3), LAYER_LAND, collect())).reason).toBe(
      'truncated: 3 bytes hold no group header',
    );
    expect(decodeLayerData(sample.subarray(0, 4), LAYER_LAND, collect())).toBe(0);
    expect(errorOf(() => decodeLayerData(new Uint8Array(0), LAYER_CLOUD, collect())).message).toBe(
      "LayerData '8' (0x38), group header, bit 0: truncated: 0 bytes hold no group header",
    );
  });

  it('stops at a patch outside the region, keeping the patches before it', () => {
    const heightmap = new Float32Array(512 * 512).map((_, i) => (i % 512) / 50);
    const data = new Uint8Array(1000);
    const bytes = encodeLayerData([{ x: 1, y: 2 }, { x: 3, y: 4 }, { x: 20, y: 5 }, { x: 0, y: 0 }], heightmap, 512, LAYER_LAND, data);
    const sink = collect();
    const err = errorOf(() => decodeLayerData(data.subarray(0, bytes), LAYER_LAND, sink));
    expect(err.patchIndex).toBe(2);
    expect(err.patchesDecoded).toBe(2);
    expect(err.reason).toBe('patch (20, 5) lies outside a 256 m region of 16 m patches');
    expect(sink.patches.map((p) => [p.x, p.y])).toEqual([
      [1, 2],
      [3, 4],
    ]);
    // The same packet fits a 512 m region.
    expect(decodeLayerData(data.subarray(0, bytes), LAYER_LAND, collect(), { regionSize: 512 })).toBe(4);
  });

  it('reads 32-bit ids for extended layers', () => {
    const heightmap = new Float32Array(1024 * 1024).map((_, i) => Math.floor(i / 1024) / 40);
    const data = new Uint8Array(1000);
    const bytes = encodeLayerData([{ x: 63, y: 40 }], heightmap, 1024, LAYER_LAND_EXTENDED, data);
    const sink = collect();
    expect(decodeLayerData(data.subarray(0, bytes), LAYER_LAND_EXTENDED, sink, { regionSize: 1024 })).toBe(1);
    expect(sink.patches[0]).toMatchObject({ x: 63, y: 40 });
    expect(errorOf(() => decodeLayerData(data.subarray(0, bytes), LAYER_LAND_EXTENDED, collect())).patchIndex).toBe(0);
  });

  it('rejects a non-finite dc_offset', () => {
    const out = new Uint8Array(16);
    const w = new BitWriter().reset(out);
    w.writeBits(264, 16);
    w.writeBits(16, 8);
    w.writeBits(LAYER_LAND, 8);
    w.writeBits(0x88, 8);
    w.writeFloat32(Number.NaN);
    w.writeBits(10, 16);
    w.writeBits(0, 10);
    w.writeBits(0b10, 2);
    const err = errorOf(() => decodeLayerData(out.subarray(0, w.finish()), LAYER_LAND, collect()));
    expect(err.reason).toBe('dc_offset NaN is not a plausible value');
    expect(err.bitOffset).toBe(40);
  });

  it('lets errors thrown by the sink through unchanged', () => {
    const boom = new Error('sink failed');
    const sink: LayerPatchSink = {
      patch() {
        throw boom;
      },
    };
    expect(() => decodeLayerData(sample, LAYER_LAND, sink)).toThrow(boom);
  });

  it('refuses non-land layers and small heightmaps in decodeLayerDataToHeightmap', () => {
    expect(errorOf(() => decodeLayerDataToHeightmap(wind[0]!.data, LAYER_WIND, new Float32Array(65536))).reason).toMatch(
      /not a land layer/,
    );
    expect(() => decodeLayerDataToHeightmap(sample, LAYER_LAND, new Float32Array(100))).toThrow(RangeError);
    expect(() => decodeLayerDataToHeightmap(sample, LAYER_LAND, new Float32Array(65536), 250)).toThrow(RangeError);
  });

  it('on every truncation of every captured packet, returns fewer patches or raises LayerDataError with the patch index', SLOW, () => {
    for (const packet of captured) {
      const full = decodeLayerData(packet.data, packet.layerType, collect());
      for (let length = 0; length < packet.data.length; length++) {
        let delivered = 0;
        const result = outcome(packet.data.subarray(0, length), packet.layerType, { patch: () => void delivered++ });
        if (typeof result === 'number') {
          expect(result).toBeLessThanOrEqual(full);
        } else {
          expect(result.patchesDecoded).toBe(delivered);
          expect(result.bitOffset).toBeLessThanOrEqual(length * 8);
        }
      }
    }
  });

  it('never throws anything but LayerDataError, never hangs, and only delivers in-region finite patches (property)', SLOW, () => {
    const mutated = fc
      .tuple(
        fc.constantFrom(...captured),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        fc.nat(),
      )
      .map(([packet, edits, cut]) => {
        const data = packet.data.slice(0, 4 + (cut % (packet.data.length - 3)));
        for (const [at, byte] of edits) data[at % data.length] = byte;
        return { layerType: packet.layerType, data };
      });
    const random = fc.record({
      layerType: fc.constantFrom(LAYER_LAND, LAYER_WIND, LAYER_CLOUD, LAYER_LAND_EXTENDED),
      data: fc.uint8Array({ maxLength: 2000 }),
    });
    fc.assert(
      fc.property(fc.oneof(mutated, random), ({ layerType, data }) => {
        const sink = collect();
        const result = outcome(data, layerType, sink);
        const delivered = typeof result === 'number' ? result : result.patchesDecoded;
        expect(sink.patches).toHaveLength(delivered);
        for (const p of sink.patches) {
          expect((p.x + 1) * p.size).toBeLessThanOrEqual(256);
          expect((p.y + 1) * p.size).toBeLessThanOrEqual(256);
          expect(p.heights.every((h) => Number.isFinite(h))).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
