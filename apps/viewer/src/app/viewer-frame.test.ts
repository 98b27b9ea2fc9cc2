import { PHASES, phaseIndex } from '@slv/core';
import { RENDER_SYSTEMS } from '@slv/render';
import { WORLD_SYSTEMS } from '@slv/world';
import { describe, expect, it } from 'vitest';
import { VIEWER_FRAME } from './viewer-frame.ts';

describe('the viewer frame', () => {
  it('is the world systems then the render systems, the same functions under the same names and phases', () => {
    const packaged = [...WORLD_SYSTEMS, ...RENDER_SYSTEMS];
    expect(VIEWER_FRAME.map((s) => [s.name, s.phase])).toEqual(packaged.map((s) => [s.name, s.phase]));
    VIEWER_FRAME.forEach((system, i) => expect(system.run).toBe(packaged[i]!.run));
  });

  it('reads in the order it runs: phases never go backwards down the list', () => {
    const order = VIEWER_FRAME.map((s) => phaseIndex(s.phase));
    expect(order.every((p) => p >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(new Set(VIEWER_FRAME.map((s) => s.phase))).toEqual(new Set(PHASES));
  });
});
