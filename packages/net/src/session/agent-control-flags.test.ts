import { describe, expect, it } from 'vitest';
import { AGENT_CONTROL_AT, AGENT_CONTROL_LEFT, AGENT_CONTROL_MOVEMENT, AGENT_CONTROL_UP, AgentControlFlags } from './agent-control-flags.ts';

describe('AgentControlFlags', () => {
  it('has the SL viewer\'s values (llagentconstants.h)', () => {
    // Written out as the header's comments give them, not computed from the indices.
    expect(AgentControlFlags).toEqual({
      AT_POS: 0x00000001, AT_NEG: 0x00000002, LEFT_POS: 0x00000004, LEFT_NEG: 0x00000008,
      UP_POS: 0x00000010, UP_NEG: 0x00000020, PITCH_POS: 0x00000040, PITCH_NEG: 0x00000080,
      YAW_POS: 0x00000100, YAW_NEG: 0x00000200, FAST_AT: 0x00000400, FAST_LEFT: 0x00000800,
      FAST_UP: 0x00001000, FLY: 0x00002000, STOP: 0x00004000, FINISH_ANIM: 0x00008000,
      STAND_UP: 0x00010000, SIT_ON_GROUND: 0x00020000, MOUSELOOK: 0x00040000,
      NUDGE_AT_POS: 0x00080000, NUDGE_AT_NEG: 0x00100000, NUDGE_LEFT_POS: 0x00200000, NUDGE_LEFT_NEG: 0x00400000,
      NUDGE_UP_POS: 0x00800000, NUDGE_UP_NEG: 0x01000000, TURN_LEFT: 0x02000000, TURN_RIGHT: 0x04000000,
      AWAY: 0x08000000, LBUTTON_DOWN: 0x10000000, LBUTTON_UP: 0x20000000, ML_LBUTTON_DOWN: 0x40000000, ML_LBUTTON_UP: 0x80000000,
    });
  });

  it('groups held and nudged directions as the header does', () => {
    expect(AGENT_CONTROL_AT).toBe(0x00180003);
    expect(AGENT_CONTROL_LEFT).toBe(0x0060000c);
    expect(AGENT_CONTROL_UP).toBe(0x01800030);
    expect(AGENT_CONTROL_MOVEMENT).toBe(0x01f8003f);
  });
});
