/**
 * The keyboard for the avatar, with the SL viewer's keys: arrow keys or
 * W/S walk forward and back, arrow keys or A/D turn (with Shift they slide
 * sideways), PageUp or E up (held: fly), PageDown or C down, Home or F
 * toggles flying, Shift runs. While the
 * camera flies freely (V) the movement keys are the camera's; from orbit, a
 * movement key puts the camera back behind the avatar, as the SL viewer
 * resets the view when you move. Keys typed into form fields are the form's.
 * The listeners only set the controls; the frame loop steps them.
 */
import { typingInto } from '../camera/camera-input.ts';
import type { CameraRig } from '../camera/camera-rig.ts';
import type { AvatarControls, MovementKeys } from './avatar-controls.ts';
import { applySideKeys, toggleFlying } from './avatar-controls.ts';

/** The side keys: turn alone, slide with Shift (applySideKeys). */
const SIDE_KEYS: Readonly<Record<string, 'left' | 'right'>> = { ArrowLeft: 'left', KeyA: 'left', ArrowRight: 'right', KeyD: 'right' };

const AVATAR_KEYS: Readonly<Record<string, keyof MovementKeys>> = {
  ArrowUp: 'forward',
  KeyW: 'forward',
  ArrowDown: 'back',
  KeyS: 'back',
  PageUp: 'up',
  KeyE: 'up',
  PageDown: 'down',
  KeyC: 'down',
};

function releaseAll(controls: AvatarControls): void {
  const keys = controls.keys;
  keys.forward = keys.back = keys.turnLeft = keys.turnRight = keys.slideLeft = keys.slideRight = keys.up = keys.down = false;
  controls.running = false;
}

/** Attaches the listeners to `target` (the window); returns the function that removes them. */
export function attachAvatarInput(target: Window, rig: CameraRig, controls: AvatarControls): () => void {
  // Which side keys are down (either of each pair), so Shift going down or up re-reads them.
  const side = new Set<string>();
  let shift = false;
  const resolveSides = (): void => {
    const left = side.has('ArrowLeft') || side.has('KeyA');
    const right = side.has('ArrowRight') || side.has('KeyD');
    applySideKeys(controls.keys, left, right, shift);
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    if (typingInto(event.target) || rig.mode === 'fly') return;
    if (event.key === 'Shift') {
      controls.running = true;
      shift = true;
      resolveSides();
    }
    const key = AVATAR_KEYS[event.code];
    if (SIDE_KEYS[event.code] !== undefined) {
      side.add(event.code);
      shift = event.shiftKey;
      resolveSides();
      if (rig.mode === 'orbit') rig.mode = 'follow';
      event.preventDefault();
    } else if (key !== undefined) {
      controls.keys[key] = true;
      if (rig.mode === 'orbit') rig.mode = 'follow';
      event.preventDefault();
    } else if ((event.code === 'Home' || event.code === 'KeyF') && !event.repeat) {
      toggleFlying(controls);
      event.preventDefault();
    }
  };
  // Releases count in every mode and field, so no key stays held after focus or the camera moved on.
  const onKeyUp = (event: KeyboardEvent): void => {
    if (event.key === 'Shift') {
      controls.running = false;
      shift = false;
    }
    side.delete(event.code);
    resolveSides();
    const key = AVATAR_KEYS[event.code];
    if (key !== undefined) controls.keys[key] = false;
  };
  const onBlur = (): void => {
    side.clear();
    shift = false;
    releaseAll(controls);
  };
  target.addEventListener('keydown', onKeyDown);
  target.addEventListener('keyup', onKeyUp);
  target.addEventListener('blur', onBlur);
  return () => {
    target.removeEventListener('keydown', onKeyDown);
    target.removeEventListener('keyup', onKeyUp);
    target.removeEventListener('blur', onBlur);
  };
}
