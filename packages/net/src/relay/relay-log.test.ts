import { describe, expect, it } from 'vitest';
import { RateLimitedLog } from './relay-log.ts';

describe('RateLimitedLog', () => {
  it('writes the first event per key at once and repeats once per interval, counting the rest', () => {
    const lines: string[] = [];
    let now = 0;
    const log = new RateLimitedLog((line) => lines.push(line), 10_000, () => now);
    log.note(1, () => 'from 1');
    log.note(2, () => 'from 2');
    expect(lines).toEqual(['from 1', 'from 2']);
    log.note(1, () => 'from 1 again');
    expect(lines).toEqual(['from 1', 'from 2', 'from 1 again']);
    log.note(1, () => { throw new Error('built although it is not written'); });
    log.note(2, () => { throw new Error('built although it is not written'); });
    expect(log.pending).toBe(2);
    now = 10_000;
    log.note(2, () => 'from 2 later');
    expect(lines[3]).toBe('from 2 later (and 2 more left out of the log since 10 s ago)');
    expect(log.pending).toBe(0);
  });

  it('stops writing new keys at once when too many have been seen', () => {
    const lines: string[] = [];
    const log = new RateLimitedLog((line) => lines.push(line), 10_000, () => 0);
    for (let key = 0; key < 1000; key++) log.note(key, () => `key ${key}`);
    expect(lines.length).toBe(257);
    expect(log.pending).toBe(1000 - 257);
  });
});
