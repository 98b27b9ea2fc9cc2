/**
 * Fixed-point quantization of floats into U16/U8 over a range (llcommon llquantize.h),
 * computed in 32-bit floats like the viewer.
 */
const f = Math.fround;
const OOU16MAX = f(1 / 65535);
const OOU8MAX = f(1 / 255);

/**
 * U16_to_F32: maps 0..65535 onto [lower, upper] and snaps anything within one quantum
 * of zero to exactly 0, so a zero the sender meant arrives as zero.
 */
export function u16ToFloat(value: number, lower: number, upper: number): number {
  const delta = f(upper - lower);
  const v = f(f(f(value * OOU16MAX) * delta) + lower);
  return Math.abs(v) < f(delta * OOU16MAX) ? 0 : v;
}

/** U8_to_F32: as u16ToFloat with 255 steps. */
export function u8ToFloat(value: number, lower: number, upper: number): number {
  const delta = f(upper - lower);
  const v = f(f(f(value * OOU8MAX) * delta) + lower);
  return Math.abs(v) < f(delta * OOU8MAX) ? 0 : v;
}

/**
 * Slack added before flooring, so a value that came from u16ToFloat goes back to the
 * integer it came from despite the float rounding on both sides (up to ~0.02 of a step
 * near 65535); far below one step, so the floor still picks what the simulators pick
 * (0 in [-128, 128] still gives 0x7FFF).
 */
const FLOOR_SLACK = 1 / 32;

/**
 * F32_to_U16 as simulators send it: clamp into [lower, upper], then floor, which puts
 * 0 of a symmetric range at 0x7FFF (both Second Life and OpenSimulator captures show this).
 * NaN counts as 0.
 */
export function floatToU16(value: number, lower: number, upper: number): number {
  const v = value !== value ? 0 : value < lower ? lower : value > upper ? upper : value;
  const q = Math.floor(f(f(f(v - lower) / f(upper - lower)) * 65535) + FLOOR_SLACK);
  return q > 65535 ? 65535 : q;
}

/** F32_to_U8: as floatToU16 with 255 steps. */
export function floatToU8(value: number, lower: number, upper: number): number {
  const v = value !== value ? 0 : value < lower ? lower : value > upper ? upper : value;
  const q = Math.floor(f(f(f(v - lower) / f(upper - lower)) * 255) + FLOOR_SLACK);
  return q > 255 ? 255 : q;
}
