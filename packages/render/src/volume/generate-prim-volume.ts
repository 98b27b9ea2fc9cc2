/**
 * Prim geometry from shape parameters, as the Second Life viewer builds it
 * (LLVolume::generate and createVolumeFaces, llvolume.cpp): the profile is swept
 * along the path, then cut into faces numbered like the viewer's, so each face
 * takes its own TextureEntry. Point, face, vertex and index counts follow the
 * viewer's 32-bit float arithmetic. Where the viewer's output is undefined this
 * stays defined: cap normals come from the path rotation (the viewer's cross
 * product of cap points, wherever that has area), and every normal is unit length.
 */
import type { FlexiblePath } from './flexible-path.ts';
import { applyFlexiblePath } from './flexible-volume-path.ts';
import { PrimVolume, updateVolumeBounds, type PrimVolumeFace } from './prim-volume.ts';
import { buildCap, buildSide, capSize, sideSize, type VolumeMesh } from './volume-faces.ts';
import { VOLUME_DETAIL_SCALES, type PrimLod } from './volume-lod.ts';
import { generateVolumePath, VolumePath } from './volume-path.ts';
import {
  FACE_INNER_SIDE, FACE_PATH_BEGIN, FACE_PROFILE_BEGIN, FACE_PROFILE_END, generateVolumeProfile, VolumeProfile,
} from './volume-profile.ts';
import {
  PATH_LINE, PROFILE_EQUALTRI, PROFILE_ISOTRI, PROFILE_RIGHTTRI, PROFILE_SQUARE, readVolumeShape, VolumeShape,
  type PrimShapeParams,
} from './volume-shape.ts';

const WHERE = 'generatePrimVolume';

// Module scratch: the generator is synchronous and allocates only when a prim needs more room than any before.
const shape = new VolumeShape();
const profile = new VolumeProfile();
const path = new VolumePath();
const mesh: { shape: VolumeShape; profile: VolumeProfile; path: VolumePath; points: Float32Array } = {
  shape, profile, path, points: new Float32Array(0),
};

/** Per profile face: first vertex and index in the output, and the side's column count. */
const faceVertex = new Int32Array(16);
const faceIndexStart = new Int32Array(16);
const faceNumS = new Int32Array(16);

/**
 * LLVolume::generate's profile split: extra points on each straight profile edge, none on tapered
 * line prims (a flexible prim's path is not a line there, so `flexible` keeps the split).
 */
function profileSplit(detail: number, flexible: boolean): number {
  let split = Math.trunc(Math.fround(detail * 0.66));
  const p = shape.profileCurve;
  if (!flexible && shape.pathCurve === PATH_LINE && (shape.scaleX !== 1 || shape.scaleY !== 1) &&
    (p === PROFILE_SQUARE || p === PROFILE_ISOTRI || p === PROFILE_EQUALTRI || p === PROFILE_RIGHTTRI)) {
    split = 0;
  }
  return split;
}

/** Sweeps the profile along the path: point (s, t) = rot_s * (profile_t * scale_s) + pos_s. */
function sweep(): void {
  const sizeS = path.count;
  const sizeT = profile.count;
  const needed = 3 * sizeS * sizeT;
  if (mesh.points.length < needed) mesh.points = new Float32Array(Math.max(needed, mesh.points.length * 2));
  const out = mesh.points;
  const q = profile.points;
  let o = 0;
  for (let s = 0; s < sizeS; s++) {
    const r = 9 * s;
    const m00 = path.rot[r]!; const m01 = path.rot[r + 1]!;
    const m10 = path.rot[r + 3]!; const m11 = path.rot[r + 4]!;
    const m20 = path.rot[r + 6]!; const m21 = path.rot[r + 7]!;
    const sx = path.scale[2 * s]!;
    const sy = path.scale[2 * s + 1]!;
    const px = path.pos[3 * s]!;
    const py = path.pos[3 * s + 1]!;
    const pz = path.pos[3 * s + 2]!;
    for (let t = 0; t < sizeT; t++) {
      const x = q[3 * t]! * sx;
      const y = q[3 * t + 1]! * sy;
      out[o++] = m00 * x + m01 * y + px;
      out[o++] = m10 * x + m11 * y + py;
      out[o++] = m20 * x + m21 * y + pz;
    }
  }
}

function describeFace(face: PrimVolumeFace, i: number, id: number, cap: boolean): void {
  face.index = i;
  face.id = id;
  face.kind = cap ? 'cap' : id & (FACE_PROFILE_BEGIN | FACE_PROFILE_END) ? 'cut' : id & FACE_INNER_SIDE ? 'hollow' : 'side';
}

/**
 * Generates the prim described by `params` at level of detail `lod` (0 lowest .. 3 highest) into `out`
 * (a new PrimVolume when omitted), reusing its buffers. Throws a RangeError for a LOD outside 0..3 or a
 * non-finite shape value; every finite shape is clamped to what the wire can carry, so the output is bounded.
 * With `bentPath` (a flexible prim's, from stepFlexible) the profile is swept along it instead of the
 * shape's own path, as the viewer sweeps a flexible prim along its simulated sections.
 */
export function generatePrimVolume(
  params: PrimShapeParams, lod: PrimLod, out: PrimVolume = new PrimVolume(), bentPath?: FlexiblePath,
): PrimVolume {
  if (lod !== 0 && lod !== 1 && lod !== 2 && lod !== 3) {
    throw new RangeError(`${WHERE}: lod must be 0, 1, 2 or 3, got ${String(lod)}`);
  }
  readVolumeShape(WHERE, params, shape);
  const detail = VOLUME_DETAIL_SCALES[lod]!;
  const flexible = bentPath !== undefined && bentPath.count >= 2;
  const split = profileSplit(detail, flexible);
  generateVolumePath(path, shape, detail, split);
  if (flexible) applyFlexiblePath(path, bentPath);
  const ok = generateVolumeProfile(profile, shape, path.open, detail, split);
  out.lod = lod;
  if (!ok) {
    // The viewer builds no faces for a profile cut narrower than 0.01.
    out.setFaceCount(0);
    out.vertexCount = 0;
    out.indexCount = 0;
    updateVolumeBounds(out);
    return out;
  }
  sweep();

  // Size every face first so the output grows at most once.
  const faceCount = profile.faceCount;
  let vertices = 0;
  let indices = 0;
  for (let i = 0; i < faceCount; i++) {
    let numS = profile.faceCountS[i]!;
    // Flat hollow faces repeat their vertices to keep hard edges.
    if (profile.faceId[i] === FACE_INNER_SIDE && profile.faceFlat[i] === 1 && numS > 2) numS *= 2;
    faceNumS[i] = numS;
    const size = profile.faceCap[i] === 1 ? capSize(mesh) : sideSize(mesh, numS);
    faceVertex[i] = vertices;
    faceIndexStart[i] = indices;
    vertices += size.vertices;
    indices += size.indices;
  }
  out.reserve(vertices, indices);
  out.setFaceCount(faceCount);
  out.vertexCount = vertices;
  out.indexCount = indices;

  for (let i = 0; i < faceCount; i++) {
    const id = profile.faceId[i]!;
    const cap = profile.faceCap[i] === 1;
    const face = out.faces[i]!;
    describeFace(face, i, id, cap);
    face.firstVertex = faceVertex[i]!;
    face.firstIndex = faceIndexStart[i]!;
    face.vertexCount = (i + 1 < faceCount ? faceVertex[i + 1]! : vertices) - face.firstVertex;
    face.indexCount = (i + 1 < faceCount ? faceIndexStart[i + 1]! : indices) - face.firstIndex;
    if (cap) {
      buildCap(mesh, out, face.firstVertex, face.firstIndex, id === FACE_PATH_BEGIN);
    } else {
      const end = (id & (FACE_PROFILE_BEGIN | FACE_PROFILE_END)) !== 0;
      const inner = id === FACE_INNER_SIDE;
      buildSide(mesh, out, face.firstVertex, face.firstIndex, profile.faceIndex[i]!, faceNumS[i]!, end, inner,
        end || profile.faceFlat[i] === 1);
    }
  }
  updateVolumeBounds(out);
  return out;
}
