/**
 * The renderer's texture state (RenderState.textures): where decoded images
 * come from (a TextureSource: @slv/assets' streamer in the viewer, anything
 * that hands over RGBA images in tests), the virtual texture's residency,
 * the mapping from the world's interned texture UUIDs to page-table rows,
 * and this frame's page and row writes for the GPU side to apply.
 */
import { SLOT_BYTES } from './vt-pages.ts';
import type { VtFeedback } from './vt-feedback.ts';
import type { VtResidency } from './vt-residency.ts';

/** A decoded texture as the renderer takes it: RGBA texels at a discard level. */
export interface TextureImage {
  readonly width: number;
  readonly height: number;
  /** RGBA, width × height × 4. */
  readonly pixels: Uint8Array;
  /** 0 = full resolution; the image is about 2^discard times smaller. */
  readonly discard: number;
  /** The codestream's full sides when known (else width and height × 2^discard). */
  readonly fullWidth?: number;
  readonly fullHeight?: number;
}

/** Where textures come from: fetched, decoded and held by someone else, asked for each frame. */
export interface TextureSource {
  /** `id` is wanted at `discard` (0 finest), `priority` higher sooner; called for each wanted texture each frame. */
  want(id: string, discard: number, priority: number): void;
  /** Once a frame, after the wants. */
  update(nowMs: number): void;
  /** Hands over each image decoded since the last call (each improvement once). */
  drain(receive: (id: string, image: TextureImage) => void): void;
  /**
   * The renderer let go of what it had of `id` (its pages were evicted or
   * lost with the GPU, or its row was given to another texture): hand it
   * over again the next time it is wanted.
   */
  release(id: string): void;
}

/** Pages written per frame at most (each SLOT × SLOT texels, about 66 KB). */
export const MAX_PAGE_UPLOADS = 16;
/** Discard asked for a texture whose size is not known yet: a small first image, then the level it needs. */
export const FIRST_DISCARD = 5;
/** Viewport height assumed before the GPU side reports one. */
const DEFAULT_VIEWPORT_HEIGHT = 720;

/** A sculpted prim's map: asked of the source like any texture, its latest image kept on the CPU for geometry. */
export interface SculptMapEntry {
  readonly id: string;
  image: TextureImage | null;
  /** Bumped with every new image: volumes built from an older one are rebuilt. */
  version: number;
  /** Frame it was last wanted. */
  lastWanted: number;
}

export interface TextureState {
  source: TextureSource | null;
  /** Made on the first frame with a source, remade when the budget or the largest texture size changes. */
  residency: VtResidency | null;
  /** The GPU feedback's readbacks and their decode (WebGL2), made with the residency. */
  feedback: VtFeedback | null;
  /** Residencies made so far (the GPU side follows the generation). */
  residencyGeneration: number;
  /** The slots and largest texture side the residency was made for. */
  residencySlots: number;
  residencyMaxSide: number;
  /** The source the residency's textures came from: another source starts a new residency. */
  residencySource: TextureSource | null;
  /** Row + 1 of each interned texture UUID (0: none yet), and the UUID index of each row. */
  rowOfUuid: Int32Array;
  uuidOfRow: Int32Array;
  /** 255 where a row's texture has alpha: its faces go to the translucent pass. */
  rowAlpha: Uint8Array;
  /** Row + 1 of each of the terrain's four textures (0: none or not yet). */
  readonly terrainRows: Float32Array;
  /** Sculpt maps by texture id, and by the world's interned UUID index (render.lod reads these). */
  readonly sculptMaps: Map<string, SculptMapEntry>;
  readonly sculptByUuid: Map<number, SculptMapEntry>;
  /** Texels of each planned upload (SLOT × SLOT RGBA). */
  readonly staging: Uint8Array[];
  /** Page-table rows to send this frame. */
  rowUploads: Int32Array;
  rowUploadCount: number;
  /** Set when the GPU's copy was lost: everything is written again. */
  gpuReset: boolean;
  viewportHeight: number;
  /** Where VT cannot run: '' when it runs. */
  disabledReason: string;
  /** Images taken from the source, ever; images it could not use (wrong size, no row). */
  imagesTaken: number;
  imagesRefused: number;
  lastRefusal: string;
}

export function createTextureState(uuidCapacity: number): TextureState {
  const staging: Uint8Array[] = [];
  for (let i = 0; i < MAX_PAGE_UPLOADS; i++) staging.push(new Uint8Array(SLOT_BYTES));
  return {
    source: null,
    residency: null,
    feedback: null,
    residencyGeneration: 0,
    residencySlots: 0,
    residencyMaxSide: 0,
    residencySource: null,
    rowOfUuid: new Int32Array(uuidCapacity),
    uuidOfRow: new Int32Array(0),
    rowAlpha: new Uint8Array(0),
    terrainRows: new Float32Array(4),
    sculptMaps: new Map(),
    sculptByUuid: new Map(),
    staging,
    rowUploads: new Int32Array(0),
    rowUploadCount: 0,
    gpuReset: false,
    viewportHeight: DEFAULT_VIEWPORT_HEIGHT,
    disabledReason: '',
    imagesTaken: 0,
    imagesRefused: 0,
    lastRefusal: '',
  };
}
