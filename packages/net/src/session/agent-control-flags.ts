/**
 * AgentUpdate.ControlFlags: one bit per control the viewer holds, as the SL
 * viewer's llagentconstants.h numbers them (bit = 1 << CONTROL_*_INDEX). Both
 * sides of a circuit read these: the viewer sets them from the keys, the
 * simulator moves the avatar from them.
 */
export const AgentControlFlags = {
  AT_POS: 1 << 0,
  AT_NEG: 1 << 1,
  LEFT_POS: 1 << 2,
  LEFT_NEG: 1 << 3,
  UP_POS: 1 << 4,
  UP_NEG: 1 << 5,
  PITCH_POS: 1 << 6,
  PITCH_NEG: 1 << 7,
  YAW_POS: 1 << 8,
  YAW_NEG: 1 << 9,
  FAST_AT: 1 << 10,
  FAST_LEFT: 1 << 11,
  FAST_UP: 1 << 12,
  FLY: 1 << 13,
  STOP: 1 << 14,
  FINISH_ANIM: 1 << 15,
  STAND_UP: 1 << 16,
  SIT_ON_GROUND: 1 << 17,
  MOUSELOOK: 1 << 18,
  NUDGE_AT_POS: 1 << 19,
  NUDGE_AT_NEG: 1 << 20,
  NUDGE_LEFT_POS: 1 << 21,
  NUDGE_LEFT_NEG: 1 << 22,
  NUDGE_UP_POS: 1 << 23,
  NUDGE_UP_NEG: 1 << 24,
  TURN_LEFT: 1 << 25,
  TURN_RIGHT: 1 << 26,
  AWAY: 1 << 27,
  LBUTTON_DOWN: 1 << 28,
  LBUTTON_UP: 1 << 29,
  ML_LBUTTON_DOWN: 1 << 30,
  // 1 << 31 is negative in JavaScript's 32-bit shifts; the wire field is a U32.
  ML_LBUTTON_UP: 0x80000000,
} as const;

export type AgentControlFlag = keyof typeof AgentControlFlags;

const F = AgentControlFlags;
/** Forward/back, either held or nudged. */
export const AGENT_CONTROL_AT = F.AT_POS | F.AT_NEG | F.NUDGE_AT_POS | F.NUDGE_AT_NEG;
/** Sideways (left is positive), held or nudged. */
export const AGENT_CONTROL_LEFT = F.LEFT_POS | F.LEFT_NEG | F.NUDGE_LEFT_POS | F.NUDGE_LEFT_NEG;
/** Up/down, held or nudged. */
export const AGENT_CONTROL_UP = F.UP_POS | F.UP_NEG | F.NUDGE_UP_POS | F.NUDGE_UP_NEG;
/** Every flag that asks the avatar to move. */
export const AGENT_CONTROL_MOVEMENT = AGENT_CONTROL_AT | AGENT_CONTROL_LEFT | AGENT_CONTROL_UP;
