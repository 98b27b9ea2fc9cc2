import { SEQUENCE_WRAP } from '@slv/protocol';
import { describe, expect, it } from 'vitest';
import { SequenceWindow } from './sequence-window.ts';

describe('SequenceWindow', () => {
  it('reports a number seen before as a duplicate, and a new one not', () => {
    const window = new SequenceWindow(64);
    expect(window.record(10)).toBe(false);
    expect(window.record(12)).toBe(false);
    expect(window.record(11)).toBe(false);
    expect(window.record(12)).toBe(true);
    expect(window.record(10)).toBe(true);
  });

  it('treats a number older than the window as a duplicate (its sender gave up on it long ago)', () => {
    const window = new SequenceWindow(64);
    window.record(1000);
    // 64 behind the highest has slid out of the bitmap: it cannot be told apart, so it is refused.
    expect(window.record(1000 - 64)).toBe(true);
    expect(window.record(1000 - 500)).toBe(true);
    // Inside the window and never seen: new.
    expect(window.record(1000 - 63)).toBe(false);
  });

  it('forgets what the window slid past, so a number that comes round again after 2^24 is new', () => {
    const window = new SequenceWindow(64);
    window.record(5);
    for (let s = 6; s < 5 + 200; s++) window.record(s);
    expect(window.record(5 + SEQUENCE_WRAP)).toBe(true);
    const wrapped = new SequenceWindow(64);
    wrapped.record(SEQUENCE_WRAP - 2);
    expect(wrapped.record(SEQUENCE_WRAP - 1)).toBe(false);
    expect(wrapped.record(0)).toBe(false);
    expect(wrapped.record(1)).toBe(false);
    expect(wrapped.record(SEQUENCE_WRAP - 1)).toBe(true);
    expect(wrapped.record(SEQUENCE_WRAP - 2 - 64)).toBe(true);
  });
});
