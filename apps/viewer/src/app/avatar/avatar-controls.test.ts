import { describe, expect, it } from 'vitest';
import {
  FLY_HOLD_SECONDS, TURN_RATE, createAvatarControls, createMovementKeys, encodeControlFlags, stepAvatarControls, toggleFlying,
} from './avatar-controls.ts';

describe('encodeControlFlags', () => {
  // Expected values are the SL viewer's (llagentconstants.h), written out.
  it('encodes each held key as the SL viewer does', () => {
    const cases: [keyof ReturnType<typeof createMovementKeys>, number][] = [
      ['forward', 0x001 | 0x400], // AT_POS | FAST_AT
      ['back', 0x002 | 0x400], // AT_NEG | FAST_AT
      ['slideLeft', 0x004 | 0x800], // LEFT_POS | FAST_LEFT
      ['slideRight', 0x008 | 0x800], // LEFT_NEG | FAST_LEFT
      ['up', 0x010 | 0x1000], // UP_POS | FAST_UP
      ['down', 0x020 | 0x1000], // UP_NEG | FAST_UP
      ['turnLeft', 0x100 | 0x02000000], // YAW_POS | TURN_LEFT
      ['turnRight', 0x200 | 0x04000000], // YAW_NEG | TURN_RIGHT
    ];
    for (const [key, flags] of cases) {
      const keys = createMovementKeys();
      keys[key] = true;
      expect(encodeControlFlags(keys, false), key).toBe(flags);
    }
  });

  it('adds FLY (0x2000) while flying, combines keys, and cancels opposite keys', () => {
    const keys = createMovementKeys();
    expect(encodeControlFlags(keys, false)).toBe(0);
    expect(encodeControlFlags(keys, true)).toBe(0x2000);
    keys.forward = true;
    keys.up = true;
    expect(encodeControlFlags(keys, true)).toBe(0x2000 | 0x001 | 0x400 | 0x010 | 0x1000);
    keys.back = true;
    keys.down = true;
    expect(encodeControlFlags(keys, false)).toBe(0);
  });
});

describe('stepAvatarControls', () => {
  it('turns the body at 90° a second while a turn key is held', () => {
    const c = createAvatarControls();
    c.keys.turnLeft = true;
    for (let i = 0; i < 10; i++) stepAvatarControls(c, 0.1, true);
    expect(c.yaw).toBeCloseTo(TURN_RATE, 6);
    c.keys.turnLeft = false;
    c.keys.turnRight = true;
    stepAvatarControls(c, 0.25, true);
    expect(c.yaw).toBeCloseTo(TURN_RATE - Math.PI / 8, 6);
    expect(c.flags).toBe(0x200 | 0x04000000);
  });

  it('starts flying once up has been held for FLY_HOLD_SECONDS, and lands flying down onto the ground', () => {
    const c = createAvatarControls();
    c.keys.up = true;
    stepAvatarControls(c, FLY_HOLD_SECONDS / 2, true);
    expect(c.flying).toBe(false);
    expect(c.flags).toBe(0x010 | 0x1000); // a jump until then
    stepAvatarControls(c, FLY_HOLD_SECONDS / 2 + 0.01, true);
    expect(c.flying).toBe(true);
    expect(c.flags & 0x2000).toBe(0x2000);
    c.keys.up = false;
    c.keys.down = true;
    stepAvatarControls(c, 0.1, false);
    expect(c.flying).toBe(true);
    stepAvatarControls(c, 0.1, true);
    expect(c.flying).toBe(false);
    expect(c.flags).toBe(0x020 | 0x1000);
  });

  it('toggles flying', () => {
    const c = createAvatarControls();
    toggleFlying(c);
    expect(stepAvatarControls(c, 0.016, true)).toBe(0x2000);
    toggleFlying(c);
    expect(stepAvatarControls(c, 0.016, true)).toBe(0);
  });
});
