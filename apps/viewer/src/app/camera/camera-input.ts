/**
 * Keyboard and mouse for the camera rig. Follow (the default): behind the
 * avatar, wheel to zoom; a sideways drag orbits. Orbit: drag to circle the
 * target, wheel to zoom. Fly: W/S forward and back, A/D strafe, E/Q up and
 * down, Shift faster, drag to look. Esc resets the view (behind the avatar
 * at the starting distance and tilt), O orbits the avatar, V toggles the
 * free-flying camera. Outside fly mode the movement
 * keys are the avatar's (avatar/avatar-input.ts). Keys typed into form fields
 * are the form's. The listeners only accumulate into a CameraInput; the frame
 * loop applies it with stepCamera.
 */
import { resetCameraView, type CameraInput, type CameraRig } from './camera-rig.ts';

const MOVE_KEYS: Readonly<Record<string, readonly [axis: 'forward' | 'right' | 'up', sign: number]>> = {
  KeyW: ['forward', 1],
  KeyS: ['forward', -1],
  KeyD: ['right', 1],
  KeyA: ['right', -1],
  KeyE: ['up', 1],
  KeyQ: ['up', -1],
};

/** True when a key goes to a form field (the chat bar, the login form), not to the world. */
export function typingInto(target: EventTarget | null): boolean {
  const element = target as { tagName?: string; isContentEditable?: boolean } | null;
  const tag = element?.tagName;
  return tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA' || element?.isContentEditable === true;
}

/** Attaches the listeners; returns the function that removes them. */
export function attachCameraInput(canvas: HTMLCanvasElement, rig: CameraRig, input: CameraInput): () => void {
  const held = new Set<string>();
  const recompute = (): void => {
    input.forward = 0;
    input.right = 0;
    input.up = 0;
    for (const code of held) {
      const move = MOVE_KEYS[code];
      if (move) input[move[0]] += move[1];
    }
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    if (typingInto(event.target)) return;
    input.fast = event.shiftKey;
    if (MOVE_KEYS[event.code] && rig.mode === 'fly') {
      held.add(event.code);
      recompute();
      event.preventDefault();
    } else if (event.code === 'KeyV' && !event.repeat) {
      rig.mode = rig.mode === 'fly' ? 'follow' : 'fly';
    } else if (event.code === 'KeyO' && !event.repeat) {
      rig.mode = 'orbit';
      rig.followAgent = true;
    } else if (event.code === 'Escape' && !event.repeat) {
      resetCameraView(rig);
    }
  };
  const onKeyUp = (event: KeyboardEvent): void => {
    input.fast = event.shiftKey;
    if (held.delete(event.code)) recompute();
  };
  const onBlur = (): void => {
    held.clear();
    recompute();
  };
  let dragging = -1;
  const onPointerDown = (event: PointerEvent): void => {
    if (event.button !== 0) return;
    dragging = event.pointerId;
    canvas.setPointerCapture(event.pointerId);
    canvas.focus();
  };
  const onPointerMove = (event: PointerEvent): void => {
    if (event.pointerId !== dragging) return;
    input.lookDx += event.movementX;
    input.lookDy += event.movementY;
  };
  const onPointerUp = (event: PointerEvent): void => {
    if (event.pointerId !== dragging) return;
    dragging = -1;
    if (canvas.hasPointerCapture(event.pointerId)) canvas.releasePointerCapture(event.pointerId);
  };
  const onWheel = (event: WheelEvent): void => {
    // Lines and pages as pixels, roughly, so every mouse zooms alike.
    const scale = event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? 400 : 1;
    input.zoom += event.deltaY * scale;
    event.preventDefault();
  };
  window.addEventListener('keydown', onKeyDown);
  window.addEventListener('keyup', onKeyUp);
  window.addEventListener('blur', onBlur);
  canvas.addEventListener('pointerdown', onPointerDown);
  canvas.addEventListener('pointermove', onPointerMove);
  canvas.addEventListener('pointerup', onPointerUp);
  canvas.addEventListener('pointercancel', onPointerUp);
  canvas.addEventListener('wheel', onWheel, { passive: false });
  return () => {
    window.removeEventListener('keydown', onKeyDown);
    window.removeEventListener('keyup', onKeyUp);
    window.removeEventListener('blur', onBlur);
    canvas.removeEventListener('pointerdown', onPointerDown);
    canvas.removeEventListener('pointermove', onPointerMove);
    canvas.removeEventListener('pointerup', onPointerUp);
    canvas.removeEventListener('pointercancel', onPointerUp);
    canvas.removeEventListener('wheel', onWheel);
  };
}
