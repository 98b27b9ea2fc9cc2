/**
 * The worker side of mesh decoding: a job handler for @slv/core's worker
 * pool. One compressed segment goes in (transfer its buffer when
 * submitting), the decoded LOD or skin comes back with every typed array
 * transferred, not copied. Bad input fails the job with the MeshFormatError's
 * message (which names the asset and segment).
 */
import type { JobHandlers } from '@slv/core';
import { decodeMeshSegment, type DecodedSegment } from './decode-mesh.ts';
import type { MeshDecodeLimits } from './mesh-limits.ts';

export const MESH_DECODE_JOB = 'mesh.decode';

export interface MeshDecodePayload {
  /** The segment's name: a LOD ('high_lod'…) or 'skin'. */
  readonly segment: string;
  /** Its compressed bytes, as the header's offset and size cut them. */
  readonly bytes: Uint8Array;
  /** Names the asset in errors (its id). */
  readonly asset?: string;
  readonly limits?: Partial<MeshDecodeLimits>;
}

export type MeshDecodeResult = DecodedSegment;

export function createMeshDecodeHandlers(): JobHandlers {
  const decode = async (payload: MeshDecodePayload, transferOut: ArrayBuffer[]): Promise<MeshDecodeResult> => {
    if (payload === null || typeof payload !== 'object' || typeof payload.segment !== 'string' || !(payload.bytes instanceof Uint8Array)) {
      throw new TypeError(`${MESH_DECODE_JOB}: payload must be { segment: string, bytes: Uint8Array }`);
    }
    const result = await decodeMeshSegment(payload.segment, payload.bytes, { ...(payload.asset === undefined ? {} : { asset: payload.asset }), ...(payload.limits === undefined ? {} : { limits: payload.limits }) });
    transferOut.push(...transferablesOf(result));
    return result;
  };
  return { [MESH_DECODE_JOB]: decode };
}

/** Every array buffer in a decoded segment, once each (a buffer listed twice fails the transfer). */
export function transferablesOf(result: DecodedSegment): ArrayBuffer[] {
  const arrays: (ArrayBufferView | null)[] = [];
  if (result.kind === 'skin') {
    arrays.push(result.skin.inverseBindMatrices, result.skin.bindShapeMatrix, result.skin.altInverseBindMatrices);
  } else {
    for (const face of result.lod.faces) arrays.push(face.positions, face.normals, face.uvs, face.indices, face.weights?.joints ?? null, face.weights?.weights ?? null);
  }
  const buffers = new Set<ArrayBuffer>();
  for (const array of arrays) if (array !== null) buffers.add(array.buffer as ArrayBuffer);
  return [...buffers];
}
