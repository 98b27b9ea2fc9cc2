/**
 * The frame's phases in the order they run. Every system belongs to exactly
 * one; worker results and other queued work are applied between them.
 */
export const PHASES = ['network', 'simulation', 'culling', 'lighting', 'lod', 'render'] as const;

export type Phase = (typeof PHASES)[number];

/** Position of a phase in the frame, or -1 for a name that is not a phase. */
export function phaseIndex(phase: string): number {
  return (PHASES as readonly string[]).indexOf(phase);
}
