/**
 * An agent's avatar as the other viewers (and its own) see it: the PCode 47 object
 * with its NameValue, the default appearance and the standing animation, shaped like
 * OpenSimulator 0.9's (fixtures/opensim-0.9.2.2/session-login.udp.jsonl).
 */
import { encodeTextureEntry, PCode, resetTextureEntryFaces, TextureEntryFaces, uuidToBytes } from '@slv/protocol';
import type { SceneObject } from '../scene/scene-types.ts';
import type { RegionAgent } from './region-agent.ts';

/** LL_MCODE_FLESH. */
const MATERIAL_FLESH = 4;
/** The default avatar's bounding box, as OpenSimulator sends it. */
export const AVATAR_SCALE: [number, number, number] = [0.45, 0.6, 1.9];
/** IMG_DEFAULT_AVATAR: the texture of a not-yet-baked avatar. */
export const DEFAULT_AVATAR_TEXTURE = 'c228d1cf-4b5d-4ba8-84f4-899a0796aa97';
/** ANIM_AGENT_STAND. */
export const STAND_ANIMATION = '2408fe9e-df1d-1d7d-f4ff-1384fa7b350f';

/** OpenSimulator's default shape: the 218 visual parameters it sends for a new account. */
const DEFAULT_VISUAL_PARAMS: readonly number[] = Object.freeze([
  33, 61, 85, 23, 58, 127, 63, 85, 63, 42, 0, 85, 63, 36, 85, 95, 153, 63, 34, 0, 63, 109, 88, 132, 63, 136, 81, 85, 103, 136, 127, 0,
  150, 150, 150, 127, 0, 0, 0, 0, 0, 127, 0, 0, 255, 127, 114, 127, 99, 63, 127, 140, 127, 127, 0, 0, 0, 191, 0, 104, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 145, 216, 133, 0, 127, 0, 127, 170, 0, 0, 127, 127, 109, 85, 127, 127, 63, 85, 42, 150, 150, 150, 150, 150, 150, 150, 25,
  150, 150, 150, 0, 127, 0, 0, 144, 85, 127, 132, 127, 85, 0, 127, 127, 127, 127, 127, 127, 59, 127, 85, 127, 127, 106, 47, 79, 127, 127, 204, 2,
  141, 66, 0, 0, 127, 127, 0, 0, 0, 0, 127, 0, 159, 0, 0, 178, 127, 36, 85, 131, 127, 127, 127, 153, 95, 0, 140, 75, 27, 127, 127, 0,
  150, 150, 198, 0, 0, 63, 30, 127, 165, 209, 198, 127, 127, 153, 204, 51, 51, 255, 255, 255, 204, 0, 255, 150, 150, 150, 150, 150, 150, 150, 150, 150,
  150, 0, 150, 150, 150, 150, 150, 0, 127, 127, 150, 150, 150, 150, 150, 150, 150, 150, 0, 0, 150, 51, 132, 150, 150, 150,
]);

/** The avatar object for an agent arriving at its spawn point. */
export function createAvatar(session: RegionAgent, localId: number): SceneObject {
  const id = session.identity;
  const yaw = Math.atan2(id.lookAt[1], id.lookAt[0]);
  return {
    localId,
    fullId: id.agentId,
    parentId: 0,
    pcode: PCode.Avatar,
    material: MATERIAL_FLESH,
    position: [...id.spawn],
    rotation: [0, 0, Math.sin(yaw / 2), Math.cos(yaw / 2)],
    scale: [...AVATAR_SCALE],
    velocity: [0, 0, 0],
    angularVelocity: [0, 0, 0],
    shape: {
      pathCurve: 0, profileCurve: 0, pathBegin: 0, pathEnd: 0, pathScaleX: 0, pathScaleY: 0, pathShearX: 0, pathShearY: 0,
      pathTwist: 0, pathTwistBegin: 0, pathRadiusOffset: 0, pathTaperX: 0, pathTaperY: 0, pathRevolutions: 0, pathSkew: 0,
      profileBegin: 0, profileEnd: 0, profileHollow: 0,
    },
    faces: [],
    text: '',
    nameValue: `FirstName STRING RW SV ${id.firstName}\nLastName STRING RW SV ${id.lastName}\nTitle STRING RW SV `,
    name: session.fullName,
    ownerId: id.agentId,
    crc: 0,
    updateFlags: 0,
  };
}

let defaultAppearanceTE: Uint8Array | null = null;

/** The default avatar TextureEntry: IMG_DEFAULT_AVATAR on every face. */
function appearanceTextureEntry(): Uint8Array {
  if (defaultAppearanceTE === null) {
    const faces = resetTextureEntryFaces(new TextureEntryFaces());
    uuidToBytes(DEFAULT_AVATAR_TEXTURE, faces.textureId, 0);
    const out = new Uint8Array(256);
    const length = encodeTextureEntry(faces, 1, out, 0, { terminateLastField: true });
    defaultAppearanceTE = out.slice(0, length);
  }
  return defaultAppearanceTE;
}

export function avatarAppearance(session: RegionAgent): Readonly<Record<string, unknown>> {
  return {
    Sender: { ID: session.agentId, IsTrial: false },
    ObjectData: { TextureEntry: appearanceTextureEntry() },
    VisualParam: DEFAULT_VISUAL_PARAMS.map((ParamValue) => ({ ParamValue })),
    AppearanceData: [],
    AppearanceHover: [{ HoverHeight: [0, 0, 0] }],
    AttachmentBlock: [],
  };
}

export function avatarAnimation(session: RegionAgent): Readonly<Record<string, unknown>> {
  return {
    Sender: { ID: session.agentId },
    AnimationList: [{ AnimID: STAND_ANIMATION, AnimSequenceID: 1 }],
    AnimationSourceList: [],
    PhysicalAvatarEventList: [],
  };
}
