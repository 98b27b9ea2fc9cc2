/**
 * The avatar's controls as the SL viewer keeps them: which movement keys are
 * held, whether it flies or runs, and where its body faces. Each frame
 * `stepAvatarControls` turns the body while a turn key is held, starts flying
 * after the up key has been held a moment and lands when flying down onto the
 * ground, and encodes the AgentUpdate ControlFlags. Plain data and arithmetic:
 * the DOM listeners and the tests share it, and nothing allocates per frame.
 */
import { AgentControlFlags as F } from '@slv/net';

export interface MovementKeys {
  forward: boolean;
  back: boolean;
  turnLeft: boolean;
  turnRight: boolean;
  slideLeft: boolean;
  slideRight: boolean;
  up: boolean;
  down: boolean;
}

export interface AvatarControls {
  readonly keys: MovementKeys;
  flying: boolean;
  /** Shift held: the simulator is asked to run (SetAlwaysRun), as the SL viewer's run mode. */
  running: boolean;
  /** Body heading, radians: 0 faces east (+X), growing counter-clockwise seen from above. */
  yaw: number;
  /** How long the up key has been held without flying, seconds. */
  upHeldSeconds: number;
  /** The flags of the last step (AgentControlFlags bits). */
  flags: number;
}

/** The SL viewer turns the agent at 90° a second while a turn key is held (llagent's YAW_RATE). */
export const TURN_RATE = Math.PI / 2;
/** Holding up this long starts flying (llviewerinput's FLY_TIME); a shorter press is a jump. */
export const FLY_HOLD_SECONDS = 0.5;

export function createMovementKeys(): MovementKeys {
  return { forward: false, back: false, turnLeft: false, turnRight: false, slideLeft: false, slideRight: false, up: false, down: false };
}

export function createAvatarControls(): AvatarControls {
  return { keys: createMovementKeys(), flying: false, running: false, yaw: 0, upHeldSeconds: 0, flags: 0 };
}

/**
 * ControlFlags for held keys, as the SL viewer sets them: a held (not nudged)
 * movement key sets its direction and its FAST_ bit (LLAgent::moveAt and
 * friends); a turn sets YAW_ and TURN_; flying sets FLY in every update.
 * Opposite keys held together cancel.
 */
export function encodeControlFlags(keys: MovementKeys, flying: boolean): number {
  let flags = 0;
  if (keys.forward !== keys.back) flags |= (keys.forward ? F.AT_POS : F.AT_NEG) | F.FAST_AT;
  if (keys.slideLeft !== keys.slideRight) flags |= (keys.slideLeft ? F.LEFT_POS : F.LEFT_NEG) | F.FAST_LEFT;
  if (keys.up !== keys.down) flags |= (keys.up ? F.UP_POS : F.UP_NEG) | F.FAST_UP;
  if (keys.turnLeft !== keys.turnRight) flags |= keys.turnLeft ? F.YAW_POS | F.TURN_LEFT : F.YAW_NEG | F.TURN_RIGHT;
  if (flying) flags |= F.FLY;
  return flags >>> 0;
}

/**
 * The side keys (← / A and → / D) as the SL viewer's third-person bindings
 * read them: alone they turn the body, with Shift they slide it sideways
 * (key_bindings.xml: LEFT / A with SHIFT is slide_left). Re-read whenever a
 * side key or Shift goes down or up, so pressing Shift while turning slides.
 */
export function applySideKeys(keys: MovementKeys, leftHeld: boolean, rightHeld: boolean, shift: boolean): void {
  keys.turnLeft = leftHeld && !shift;
  keys.turnRight = rightHeld && !shift;
  keys.slideLeft = leftHeld && shift;
  keys.slideRight = rightHeld && shift;
}

/** True when any key asks the avatar to move or turn. */
export function anyMovementKey(keys: MovementKeys): boolean {
  return keys.forward || keys.back || keys.turnLeft || keys.turnRight || keys.slideLeft || keys.slideRight || keys.up || keys.down;
}

/**
 * One frame of control: turns the body, starts or stops flying, and returns
 * the ControlFlags to send. `onGround` says whether the avatar stands on
 * the terrain now (flying down onto it lands, as in the SL viewer).
 */
export function stepAvatarControls(controls: AvatarControls, dtSeconds: number, onGround: boolean): number {
  const dt = Number.isFinite(dtSeconds) ? Math.min(Math.max(dtSeconds, 0), 0.25) : 0;
  const keys = controls.keys;
  const turn = (keys.turnLeft ? 1 : 0) - (keys.turnRight ? 1 : 0);
  if (turn !== 0) {
    const yaw = controls.yaw + turn * TURN_RATE * dt;
    // Kept in (-π, π] so it never loses precision after long spins.
    controls.yaw = Math.atan2(Math.sin(yaw), Math.cos(yaw));
  }
  if (keys.up && !keys.down && !controls.flying) {
    controls.upHeldSeconds += dt;
    if (controls.upHeldSeconds >= FLY_HOLD_SECONDS) controls.flying = true;
  } else {
    controls.upHeldSeconds = 0;
  }
  if (controls.flying && keys.down && !keys.up && onGround) controls.flying = false;
  controls.flags = encodeControlFlags(keys, controls.flying);
  return controls.flags;
}

/** Home or F: flying on or off (LLAgent::toggleFlying). */
export function toggleFlying(controls: AvatarControls): void {
  controls.flying = !controls.flying;
  controls.upHeldSeconds = 0;
}
