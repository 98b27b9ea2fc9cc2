/**
 * The skin segment of a rigged mesh: joint names, one inverse bind matrix
 * per joint, the bind shape matrix, and the optional alternative inverse
 * bind matrices and pelvis offset (LLMeshSkinInfo::fromLLSD's keys). Kept
 * for the rigging that comes later; matrices stay in the asset's order
 * (LLMatrix4 rows, translation in elements 12..14).
 */
import type { LLSDValue } from '@slv/protocol';
import { describe, fail, isMap, numberOf, numbersAt, type SegmentPlace } from './mesh-fields.ts';
import type { MeshDecodeLimits } from './mesh-limits.ts';

export interface MeshSkin {
  readonly jointNames: readonly string[];
  /** 16 per joint. */
  readonly inverseBindMatrices: Float32Array;
  /** 16; identity when the asset has none. */
  readonly bindShapeMatrix: Float32Array;
  /** 16 per joint, or null. */
  readonly altInverseBindMatrices: Float32Array | null;
  readonly pelvisOffset: number;
  readonly lockScaleIfJointPosition: boolean;
}

const MAX_JOINT_NAME = 256;
const IDENTITY = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

export function decodeSkin(value: LLSDValue, place: SegmentPlace, limits: MeshDecodeLimits): MeshSkin {
  if (!isMap(value)) fail(place, `must be an LLSD map, found ${describe(value)}`);
  const names = value.joint_names;
  if (!Array.isArray(names)) fail(place, `joint_names must be an array of strings, found ${describe(names)}`);
  if (names.length > limits.maxJoints) fail(place, `has ${names.length} joints, more than ${limits.maxJoints}`);
  const jointNames = names.map((name, i) => {
    if (typeof name !== 'string' || name.length === 0 || name.length > MAX_JOINT_NAME) fail(place, `joint_names[${i}] must be a name of 1..${MAX_JOINT_NAME} characters, found ${describe(name)}`);
    return name;
  });
  const inverseBindMatrices = matrices(place, value.inverse_bind_matrix, jointNames.length, 'inverse_bind_matrix');
  const alt = value.alt_inverse_bind_matrix;
  const altInverseBindMatrices = alt === undefined ? null : matrices(place, alt, jointNames.length, 'alt_inverse_bind_matrix');
  const bindShape = value.bind_shape_matrix === undefined ? IDENTITY : numbersAt(place, value.bind_shape_matrix, 16, 'bind_shape_matrix');
  const pelvis = numberOf(value.pelvis_offset);
  return {
    jointNames,
    inverseBindMatrices,
    bindShapeMatrix: new Float32Array(bindShape),
    altInverseBindMatrices,
    pelvisOffset: pelvis !== null && Number.isFinite(pelvis) ? pelvis : 0,
    lockScaleIfJointPosition: value.lock_scale_if_joint_position === true,
  };
}

function matrices(place: SegmentPlace, value: LLSDValue | undefined, joints: number, key: string): Float32Array {
  if (!Array.isArray(value) || value.length !== joints) fail(place, `${key} must hold one matrix for each of the ${joints} joints, found ${describe(value)}`);
  const out = new Float32Array(joints * 16);
  for (let i = 0; i < joints; i++) out.set(numbersAt(place, value[i], 16, `${key}[${i}]`), i * 16);
  return out;
}
