/**
 * The virtual texture on the GPU: the page atlas (RGBA8, SLOT-texel slots
 * in rows of `slotsPerRow`, linear filtering, no mipmaps) and the page
 * table (one texel per entry, one row per texture, nearest). The atlas is
 * made at its full size, the residency's slots (memory.virtualTextureCacheMB
 * within the device's texture size), when the first texture arrives, and
 * never grows: growing would mean copying it through a framebuffer, and a
 * framebuffer around a texture this large is not complete on every device
 * (SwiftShader reads it back as zeros). Uploads reuse option objects made
 * once, so streaming allocates nothing per page.
 */
import type { Regl } from 'regl';
import type REGL from 'regl';
import type { RenderEnvironment } from '../frame/environment.ts';
import type { RenderStats } from '../frame/render-stats.ts';
import type { TextureState } from '../textures/texture-state.ts';
import { SLOT } from '../textures/vt-layout.ts';
import { TERRAIN_METRES_PER_REPEAT, TERRAIN_NOISE_METRES } from './terrain-shaders.ts';
import { destroyVtFeedbackGpu, type VtFeedbackGpu } from './vt-feedback-gpu.ts';

interface SubimageOptions {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface VtAtlasGpu {
  readonly atlas: REGL.Texture2D;
  readonly table: REGL.Texture2D;
  readonly slotsPerRow: number;
  /** Rows of slots: enough for the residency's slots. */
  readonly slotRows: number;
  readonly rowWidth: number;
  readonly rowCapacity: number;
  /** Atlas size in texels (a uniform of the shader). */
  readonly atlasSize: Float32Array;
  readonly pageOptions: SubimageOptions;
  readonly rowOptions: SubimageOptions;
}

/** Slots in one atlas row for a device whose textures may be `maxTextureSize` wide. */
export function atlasSlotsPerRow(maxTextureSize: number, slotCapacity: number): number {
  return Math.max(1, Math.min(Math.floor(Math.min(maxTextureSize, 16384) / SLOT), slotCapacity));
}

export function createVtAtlas(regl: Regl, slotCapacity: number, rowWidth: number, rowCapacity: number, maxTextureSize: number): VtAtlasGpu {
  const slotsPerRow = atlasSlotsPerRow(maxTextureSize, slotCapacity);
  const slotRows = Math.min(Math.ceil(slotCapacity / slotsPerRow), Math.floor(Math.min(maxTextureSize, 16384) / SLOT));
  const atlas = regl.texture({ width: slotsPerRow * SLOT, height: slotRows * SLOT, min: 'linear', mag: 'linear', wrap: 'clamp' });
  const table = regl.texture({ width: rowWidth, height: rowCapacity, min: 'nearest', mag: 'nearest', wrap: 'clamp' });
  return {
    atlas,
    table,
    slotsPerRow,
    slotRows,
    rowWidth,
    rowCapacity,
    atlasSize: new Float32Array([slotsPerRow * SLOT, slotRows * SLOT]),
    pageOptions: { width: SLOT, height: SLOT, data: new Uint8Array(0) },
    rowOptions: { width: rowWidth, height: 1, data: new Uint8Array(0) },
  };
}

/** Writes one slot's SLOT × SLOT texels. */
export function uploadVtPage(a: VtAtlasGpu, slot: number, texels: Uint8Array): void {
  a.pageOptions.data = texels;
  a.atlas.subimage(a.pageOptions, (slot % a.slotsPerRow) * SLOT, Math.floor(slot / a.slotsPerRow) * SLOT);
}

/** Writes page-table row `row` from `texels` (rowWidth RGBA texels). */
export function uploadVtRow(a: VtAtlasGpu, row: number, texels: Uint8Array): void {
  a.rowOptions.data = texels;
  a.table.subimage(a.rowOptions, 0, row);
}

export function destroyVtAtlas(a: VtAtlasGpu): void {
  a.atlas.destroy();
  a.table.destroy();
}

/** Frees the atlas, the page table and the feedback pass's objects. */
export function destroyVtBinding(b: VtBinding, gl2: WebGL2RenderingContext | null): void {
  if (b.gpu !== null) destroyVtAtlas(b.gpu);
  b.gpu = null;
  if (b.feedback !== null) destroyVtFeedbackGpu(b.feedback, gl2);
  b.feedback = null;
}

/**
 * What the prim commands bind for the virtual texture: the current atlas
 * and page table (dummies until there is one) and the uVt matrix (atlas
 * width, height, slots per row, row width; trilinear, LOD bias, table width,
 * table height).
 */
export interface VtBinding {
  atlas: REGL.Texture2D;
  table: REGL.Texture2D;
  readonly uniforms: Float32Array;
  /** The terrain composition's uTerrain (terrain-shaders.ts): texture rows, start heights, ranges, sizes. */
  readonly terrain: Float32Array;
  gpu: VtAtlasGpu | null;
  /** The residency generation the atlas was made for (-1: none). */
  generation: number;
  /** Views of the page table's rows, made once each. */
  rowViews: (Uint8Array | undefined)[];
  /** The feedback pass's target and commands (WebGL2), made on its first capture. */
  feedback: VtFeedbackGpu | null;
}

export function createVtBinding(dummy: REGL.Texture2D): VtBinding {
  return { atlas: dummy, table: dummy, uniforms: new Float32Array(16), terrain: new Float32Array(16), gpu: null, generation: -1, rowViews: [], feedback: null };
}

/**
 * Brings the GPU's virtual texture up to the textures system's frame: the
 * atlas made (again) for a new residency, or for a residency that had pages
 * on a context now lost (state.gpuReset: the next frame writes them all
 * again), then this frame's pages and page-table rows. False when there is
 * no residency (no texture source, or WebGL1).
 */
export function syncVtAtlas(
  b: VtBinding,
  regl: Regl,
  state: TextureState,
  environment: RenderEnvironment,
  regionSize: number,
  maxTextureSize: number,
  trilinear: boolean,
  stats: RenderStats,
): boolean {
  const r = state.residency;
  if (r === null || state.disabledReason !== '') return false;
  if (b.gpu === null || b.generation !== state.residencyGeneration) {
    if (b.gpu !== null) destroyVtAtlas(b.gpu);
    // The same residency on a new atlas (a restored context) must write everything again.
    if (b.generation === state.residencyGeneration) state.gpuReset = true;
    b.gpu = createVtAtlas(regl, r.slotCapacity, r.rowWidth, r.rows.length, maxTextureSize);
    b.generation = state.residencyGeneration;
    b.rowViews = [];
  }
  const a = b.gpu;
  for (let k = 0; k < r.uploadCount; k++) uploadVtPage(a, r.uploads[k].slot, state.staging[k]);
  const w = r.rowWidth * 4;
  for (let k = 0; k < state.rowUploadCount; k++) {
    const row = state.rowUploads[k];
    let view = b.rowViews[row];
    if (view === undefined) {
      view = r.table.subarray(row * w, (row + 1) * w);
      b.rowViews[row] = view;
    }
    uploadVtRow(a, row, view);
  }
  b.atlas = a.atlas;
  b.table = a.table;
  const u = b.uniforms;
  u[0] = a.atlasSize[0];
  u[1] = a.atlasSize[1];
  u[2] = a.slotsPerRow;
  u[3] = a.rowWidth;
  u[4] = trilinear ? 1 : 0;
  u[5] = 0;
  u[6] = a.rowWidth;
  u[7] = a.rowCapacity;
  const t = b.terrain;
  for (let i = 0; i < 4; i++) {
    t[i] = state.terrainRows[i];
    t[4 + i] = environment.terrainStart[i];
    t[8 + i] = environment.terrainRange[i];
  }
  t[12] = regionSize;
  t[13] = TERRAIN_METRES_PER_REPEAT;
  t[14] = TERRAIN_NOISE_METRES;
  stats.vtPageUploads = r.uploadCount;
  stats.vtPagesWritten += r.uploadCount;
  stats.vtSlots = r.slotCapacity;
  stats.vtSlotsUsed = r.slotCapacity - r.freeCount;
  stats.vtTextures = r.textures.size;
  stats.vtAtlasWidth = a.atlasSize[0];
  stats.vtAtlasHeight = a.atlasSize[1];
  return true;
}
