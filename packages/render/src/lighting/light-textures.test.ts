import { describe, expect, it } from 'vitest';
import { assignLightsToClusters, createClusterData, createLightArrays } from './index.ts';
import { COLOR_RANGE, FALLOFF_RANGE, createLightTextures, lightTexturesFit, packLightTextures, unpack16 } from './light-textures.ts';

/** Three lights ahead of a camera at the origin looking down -z (view = identity). */
function assigned() {
  const lights = createLightArrays(3);
  const place = [[0, 0, -5, 2], [1, -1, -12, 4], [-2, 1, -30, 6]];
  place.forEach(([x, y, z, r], i) => {
    lights.x[i] = x;
    lights.y[i] = y;
    lights.z[i] = z;
    lights.radius[i] = r;
    lights.red[i] = 1;
    lights.green[i] = 0.5;
    lights.blue[i] = 0.25;
    lights.intensity[i] = 0.5 + i * 0.25;
    lights.falloff[i] = 0.75;
  });
  const data = createClusterData({ grid: { x: 4, y: 3, z: 8 }, maxLights: 8, maxLightsPerCluster: 4 });
  const view = new Float32Array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
  assignLightsToClusters(lights, 3, { near: 0.5, far: 64, fovY: Math.PI / 3, aspect: 4 / 3, view }, { x: 4, y: 3, z: 8 }, 4, data);
  return data;
}

describe('packLightTextures', () => {
  it('float: lights as the lighting module packs them, clusters as (offset, count), four indices a texel', () => {
    const data = assigned();
    const t = packLightTextures(createLightTextures('float', data, 4096), data);
    expect(t.lights.data.subarray(0, data.lightCount * 8)).toEqual(data.lightData.subarray(0, data.lightCount * 8));
    expect(t.lights.rows).toBe(1);
    expect(t.clusters.width).toBe(12);
    expect(t.clusters.height).toBe(8);
    for (let c = 0; c < data.clusterCount; c++) {
      expect(t.clusters.data[c * 4]).toBe(data.clusterTexels[c * 2]);
      expect(t.clusters.data[c * 4 + 1]).toBe(data.clusterTexels[c * 2 + 1]);
    }
    const n = data.stats.assignments;
    expect(n).toBeGreaterThan(0);
    expect(Array.from(t.indices.data.subarray(0, n))).toEqual(Array.from(data.lightIndices.subarray(0, n)));
  });

  it('packed: every value comes back from its two bytes within 16-bit precision', () => {
    const data = assigned();
    const t = packLightTextures(createLightTextures('packed', data, 4096), data);
    const bytes = t.lights.data as Uint8Array;
    const value = (texel: number, half: number) => unpack16(bytes[texel * 4 + half * 2], bytes[texel * 4 + half * 2 + 1]);
    const step = 1 / 65535;
    for (let k = 0; k < data.lightCount; k++) {
      const src = data.lightData.subarray(k * 8, k * 8 + 8);
      const t0 = k * 4;
      expect((value(t0, 0) * 2 - 1) * t.range).toBeCloseTo(src[0], 2);
      expect((value(t0, 1) * 2 - 1) * t.range).toBeCloseTo(src[1], 2);
      expect((value(t0 + 1, 0) * 2 - 1) * t.range).toBeCloseTo(src[2], 2);
      expect(value(t0 + 1, 1) * t.range).toBeCloseTo(src[3], 2);
      expect(Math.abs(value(t0 + 2, 0) * COLOR_RANGE - src[4])).toBeLessThanOrEqual(COLOR_RANGE * step);
      expect(Math.abs(value(t0 + 3, 1) * FALLOFF_RANGE - src[7])).toBeLessThanOrEqual(FALLOFF_RANGE * step);
    }
    const cells = t.clusters.data as Uint8Array;
    for (let c = 0; c < data.clusterCount; c++) {
      expect(cells[c * 4] * 65536 + cells[c * 4 + 1] * 256 + cells[c * 4 + 2]).toBe(data.clusterTexels[c * 2]);
      expect(cells[c * 4 + 3]).toBe(data.clusterTexels[c * 2 + 1]);
    }
    const index = t.indices.data as Uint8Array;
    for (let k = 0; k < data.stats.assignments; k++) expect(index[k * 2] * 256 + index[k * 2 + 1]).toBe(data.lightIndices[k]);
  });

  it('knows when the cluster layout outgrew it, and refuses to pack into the wrong layout', () => {
    const data = assigned();
    const t = createLightTextures('float', data, 4096);
    expect(lightTexturesFit(t, data, 'float')).toBe(true);
    expect(lightTexturesFit(t, data, 'packed')).toBe(false);
    const other = createClusterData({ grid: { x: 16, y: 9, z: 24 }, maxLights: 8, maxLightsPerCluster: 4 });
    expect(lightTexturesFit(t, other, 'float')).toBe(false);
    expect(() => packLightTextures(t, other)).toThrow(/laid out for other cluster limits/);
  });

  it('refuses a layout the device cannot hold', () => {
    const data = createClusterData({ grid: { x: 64, y: 64, z: 8 }, maxLights: 8, maxLightsPerCluster: 1 });
    expect(() => createLightTextures('float', data, 2048)).toThrow(/cluster texture needs 4096×8 texels, the device allows 2048/);
  });
});
