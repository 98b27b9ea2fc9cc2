/**
 * The bounds every mesh decode runs under, so that no asset, however it
 * lies, makes the decoder allocate or loop without limit. The defaults sit
 * well above what Second Life's uploader produces (at most 8 faces of 65536
 * vertices per LOD, a few MB per asset).
 */
export interface MeshDecodeLimits {
  /** The whole asset (default 32 MiB). */
  readonly maxAssetBytes: number;
  /** The header map (default 64 KiB; the SL viewer fetches 4096 bytes for it). */
  readonly maxHeaderBytes: number;
  /** One compressed segment (default 16 MiB). */
  readonly maxSegmentBytes: number;
  /** One segment once inflated (default 32 MiB): a zlib bomb stops here. */
  readonly maxInflatedBytes: number;
  /** Faces per LOD (default 8, as SL). */
  readonly maxFaces: number;
  /** Vertices per face (default 65536: triangle lists are U16). */
  readonly maxVerticesPerFace: number;
  /** Triangle-list indices per face (default 3 × 2^20). */
  readonly maxIndicesPerFace: number;
  /** Vertices in everything one call decodes, all faces and LODs together (default 2^21). */
  readonly maxVertices: number;
  /** Indices in everything one call decodes (default 6 × 2^20). */
  readonly maxIndices: number;
  /** Joints in a skin (default 256; weights name joints by a byte). */
  readonly maxJoints: number;
}

export const DEFAULT_MESH_LIMITS: MeshDecodeLimits = Object.freeze({
  maxAssetBytes: 32 << 20,
  maxHeaderBytes: 64 << 10,
  maxSegmentBytes: 16 << 20,
  maxInflatedBytes: 32 << 20,
  maxFaces: 8,
  maxVerticesPerFace: 65536,
  maxIndicesPerFace: 3 << 20,
  maxVertices: 1 << 21,
  maxIndices: 6 << 20,
  maxJoints: 256,
});

export function meshLimits(overrides: Partial<MeshDecodeLimits> | undefined): MeshDecodeLimits {
  return overrides === undefined ? DEFAULT_MESH_LIMITS : { ...DEFAULT_MESH_LIMITS, ...overrides };
}

/** What is left of the per-call vertex and index budget; decoding a face spends from it. */
export class GeometryBudget {
  vertices: number;
  indices: number;

  constructor(limits: MeshDecodeLimits) {
    this.vertices = limits.maxVertices;
    this.indices = limits.maxIndices;
  }
}
