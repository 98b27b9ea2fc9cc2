/** Throttle categories in the order AgentThrottle packs them. */
export const THROTTLE_ORDER = ['resend', 'land', 'wind', 'cloud', 'task', 'texture', 'asset'] as const;
export type ThrottleCategory = (typeof THROTTLE_ORDER)[number];

/**
 * The AgentThrottle `Throttles` bytes: seven F32 little-endian bits-per-second
 * values, the total bandwidth split by the settings' fractions.
 */
export function packThrottles(totalKbps: number, split: Readonly<Record<ThrottleCategory, number>>): Uint8Array {
  const bytes = new Uint8Array(THROTTLE_ORDER.length * 4);
  const view = new DataView(bytes.buffer);
  THROTTLE_ORDER.forEach((category, i) => view.setFloat32(i * 4, totalKbps * 1000 * split[category], true));
  return bytes;
}
