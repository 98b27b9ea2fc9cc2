import { describe, expect, it } from 'vitest';
import { createCameraRig } from '../camera/camera-rig.ts';
import { createAvatarControls, encodeControlFlags } from './avatar-controls.ts';
import { attachAvatarInput } from './avatar-input.ts';

/** A key event as the listeners read it (Node has EventTarget but no KeyboardEvent). */
function key(type: 'keydown' | 'keyup', code: string, shiftKey = false): Event {
  const keyName = code.startsWith('Shift') ? 'Shift' : code;
  return Object.assign(new Event(type), { code, key: keyName, shiftKey, repeat: false });
}

describe('attachAvatarInput: the side keys', () => {
  it('turns with ← / A alone and slides with Shift, sending LEFT_POS / LEFT_NEG with FAST_LEFT', () => {
    const target = new EventTarget();
    const controls = createAvatarControls();
    const detach = attachAvatarInput(target as unknown as Window, createCameraRig(), controls);
    target.dispatchEvent(key('keydown', 'KeyA'));
    expect(controls.keys.turnLeft).toBe(true);
    expect(encodeControlFlags(controls.keys, false)).toBe(0x100 | 0x02000000); // YAW_POS | TURN_LEFT
    // Shift pressed while A is held: the turn becomes a slide left.
    target.dispatchEvent(key('keydown', 'ShiftLeft', true));
    expect(controls.keys.turnLeft).toBe(false);
    expect(encodeControlFlags(controls.keys, false)).toBe(0x004 | 0x800); // LEFT_POS | FAST_LEFT
    target.dispatchEvent(key('keyup', 'KeyA', true));
    expect(encodeControlFlags(controls.keys, false)).toBe(0);
    target.dispatchEvent(key('keydown', 'ArrowRight', true));
    expect(encodeControlFlags(controls.keys, false)).toBe(0x008 | 0x800); // LEFT_NEG | FAST_LEFT
    // Shift released with → still down: back to turning right.
    target.dispatchEvent(key('keyup', 'ShiftLeft'));
    expect(encodeControlFlags(controls.keys, false)).toBe(0x200 | 0x04000000); // YAW_NEG | TURN_RIGHT
    target.dispatchEvent(new Event('blur'));
    expect(encodeControlFlags(controls.keys, false)).toBe(0);
    detach();
    target.dispatchEvent(key('keydown', 'KeyD', true));
    expect(controls.keys.slideRight).toBe(false);
  });

  it('leaves the side keys to the camera while it flies', () => {
    const target = new EventTarget();
    const controls = createAvatarControls();
    const rig = createCameraRig();
    rig.mode = 'fly';
    attachAvatarInput(target as unknown as Window, rig, controls);
    target.dispatchEvent(key('keydown', 'KeyA', true));
    expect(encodeControlFlags(controls.keys, false)).toBe(0);
  });
});
