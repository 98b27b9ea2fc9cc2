/**
 * Generated prim geometry: one vertex and index buffer for the whole prim, split into
 * per-face index ranges numbered as the viewer numbers faces (the TextureEntry face index).
 * Positions are in unit space (the default box spans [-0.5, 0.5] on each axis); the
 * renderer applies the prim's scale in its instance transform.
 *
 * A PrimVolume is reusable: passing it back to the generator overwrites it, reusing its
 * buffers (they grow, never shrink), so its arrays may be longer than `vertexCount` /
 * `indexCount` say. Upload `positions.subarray(0, 3 * vertexCount)` and so on.
 */

/** Which part of the prim a face is. */
export type PrimFaceKind = 'side' | 'cap' | 'hollow' | 'cut';

export class PrimVolumeFace {
  /** The face number a TextureEntry uses for this face. */
  index = 0;
  /** First index of the face's triangles in `indices`, and how many indices it has. */
  firstIndex = 0;
  indexCount = 0;
  /** The face's vertices: `vertexCount` vertices from `firstVertex`. */
  firstVertex = 0;
  vertexCount = 0;
  kind: PrimFaceKind = 'side';
  /** The viewer's LLFaceID bit (1 path begin (top), 2 path end (bottom), 4 inner, 8/16 profile cut, 32 << n outer side n). */
  id = 0;
}

export class PrimVolume {
  /** x, y, z per vertex. */
  positions = new Float32Array(0);
  /** Unit normals, x, y, z per vertex. */
  normals = new Float32Array(0);
  /** Texture coordinates, u, v per vertex, before the TextureEntry's repeats, offset and rotation. */
  uvs = new Float32Array(0);
  /** Triangle list, counter-clockwise front faces; 32-bit only when more than 65536 vertices. */
  indices: Uint16Array | Uint32Array = new Uint16Array(0);
  vertexCount = 0;
  indexCount = 0;
  /** One entry per face, in face-number order (faces[i].index === i). */
  readonly faces: PrimVolumeFace[] = [];
  /** Axis-aligned bounds of the vertices (all zero when there are none). */
  readonly bounds = { min: new Float32Array(3), max: new Float32Array(3) };
  /** The level of detail this was generated at (0..3). */
  lod = 0;
  /** Face objects kept across calls so that regenerating allocates nothing. */
  private readonly facePool: PrimVolumeFace[] = [];

  /** Sets the number of faces, reusing face objects. */
  setFaceCount(count: number): void {
    while (this.facePool.length < count) this.facePool.push(new PrimVolumeFace());
    for (let i = 0; i < count; i++) this.faces[i] = this.facePool[i]!;
    this.faces.length = count;
  }

  /** Makes room for `vertices` vertices and `indices` indices, keeping the buffers when they are large enough. */
  reserve(vertices: number, indices: number): void {
    if (this.positions.length < 3 * vertices) {
      const capacity = this.positions.length === 0 ? vertices : Math.max(vertices, Math.floor(this.positions.length / 2));
      this.positions = new Float32Array(3 * capacity);
      this.normals = new Float32Array(3 * capacity);
      this.uvs = new Float32Array(2 * capacity);
    }
    const wide = vertices > 0x10000;
    if (wide ? !(this.indices instanceof Uint32Array) || this.indices.length < indices : this.indices.length < indices) {
      const capacity = this.indices.length === 0 ? indices : Math.max(indices, Math.floor(this.indices.length * 1.5));
      this.indices = wide ? new Uint32Array(capacity) : new Uint16Array(capacity);
    }
  }
}

/** Bytes the volume's buffers hold (what a cache of volumes should count). */
export function primVolumeByteLength(volume: PrimVolume): number {
  return volume.positions.byteLength + volume.normals.byteLength + volume.uvs.byteLength + volume.indices.byteLength;
}

/** Sets `volume.bounds` to the axis-aligned bounds of its vertices (all zero when it has none). */
export function updateVolumeBounds(out: PrimVolume): void {
  const { min, max } = out.bounds;
  if (out.vertexCount === 0) {
    min.fill(0);
    max.fill(0);
    return;
  }
  min.fill(Infinity);
  max.fill(-Infinity);
  const p = out.positions;
  for (let v = 0; v < out.vertexCount; v++) {
    for (let k = 0; k < 3; k++) {
      const c = p[3 * v + k]!;
      if (c < min[k]!) min[k] = c;
      if (c > max[k]!) max[k] = c;
    }
  }
}
