/**
 * Dynamic GPU buffers fed from CPU typed arrays that a frame fills to a
 * varying length: the instance streams (matrices, face records) of the
 * opaque pass and of the translucent queue. A buffer grows (doubling,
 * within its source array's length) when a frame needs more and uploads
 * through prefix views made once each, so a frame's upload allocates nothing
 * (straight to GL: see raw-uploads.ts).
 */
import type { Regl } from 'regl';
import type REGL from 'regl';
import { FACE_RECORD_BYTES, MATRIX_FLOATS } from '../instancing/instance-streams.ts';
import { boundArrayBuffer, uploadArrayBuffer } from './raw-uploads.ts';

/** Instances the stream buffers hold at first. */
const MIN_INSTANCE_CAPACITY = 1024;

/**
 * Prefix views of a typed array in power-of-two lengths, capped at `limit`
 * (the GPU buffer's size), made once each.
 */
class PrefixViews<T extends Float32Array | Uint8Array> {
  private views: T[] = [];
  private limit: number;
  constructor(private readonly array: T) {
    this.limit = array.length;
  }
  /** Caps later views at `limit` elements (when the GPU buffer is resized). */
  setLimit(limit: number): void {
    this.limit = Math.min(limit, this.array.length);
    this.views = [];
  }
  /** A view of at least `length` elements, at most the limit. */
  at(length: number): T {
    const bucket = length <= 1 ? 0 : 32 - Math.clz32(length - 1);
    let view = this.views[bucket];
    if (view === undefined) {
      view = this.array.subarray(0, Math.min(this.limit, 2 ** bucket)) as T;
      this.views[bucket] = view;
    }
    return view;
  }
}

/** One GPU buffer fed from one CPU array; a new source array (its owner grew) starts it over. */
export class StreamBuffer<T extends Float32Array | Uint8Array> {
  readonly buffer: REGL.Buffer;
  private readonly gl: WebGLRenderingContext;
  /** The WebGL buffer behind `buffer` (the same across re-initialisations). */
  private readonly handle: WebGLBuffer;
  private source: T | null = null;
  private views: PrefixViews<T> | null = null;
  /** Elements the GPU buffer holds. */
  private capacity = 0;
  constructor(regl: Regl, private readonly type: 'float' | 'uint8', private readonly minElements: number) {
    this.buffer = regl.buffer({ usage: 'dynamic', type, length: 4 });
    this.gl = regl._gl;
    this.handle = boundArrayBuffer(this.gl);
  }
  /** Uploads the first `elements` of `source`. */
  upload(source: T, elements: number): void {
    if (source !== this.source) {
      this.source = source;
      this.views = new PrefixViews(source);
      this.capacity = 0;
    }
    if (elements <= 0) return;
    if (elements > this.capacity) {
      this.capacity = Math.min(source.length, Math.max(this.minElements, this.capacity * 2, elements));
      this.buffer({ usage: 'dynamic', type: this.type, length: this.capacity * source.BYTES_PER_ELEMENT });
      this.views!.setLimit(this.capacity);
    }
    uploadArrayBuffer(this.gl, this.handle, this.views!.at(elements));
  }
}

/** The two per-instance streams one pass draws from. */
export interface InstanceBuffers {
  readonly matrices: StreamBuffer<Float32Array>;
  readonly faces: StreamBuffer<Uint8Array>;
}

export function createInstanceBuffers(regl: Regl): InstanceBuffers {
  return {
    matrices: new StreamBuffer<Float32Array>(regl, 'float', MIN_INSTANCE_CAPACITY * MATRIX_FLOATS),
    faces: new StreamBuffer<Uint8Array>(regl, 'uint8', MIN_INSTANCE_CAPACITY * FACE_RECORD_BYTES),
  };
}

/** Uploads `instances` matrices and `records` face records. */
export function uploadInstanceBuffers(b: InstanceBuffers, matrices: Float32Array, instances: number, faceRecords: Uint8Array, records: number): void {
  b.matrices.upload(matrices, instances * MATRIX_FLOATS);
  b.faces.upload(faceRecords, records * FACE_RECORD_BYTES);
}

export function destroyInstanceBuffers(b: InstanceBuffers): void {
  b.matrices.buffer.destroy();
  b.faces.buffer.destroy();
}
