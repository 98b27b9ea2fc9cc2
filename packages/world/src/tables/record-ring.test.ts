import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendRecord, clearRecords, createRecordRing, oldestRecord, recordBytesInUse, releaseOldest } from './record-ring.ts';

describe('record ring', () => {
  it('keeps every record’s bytes intact and in FIFO order under any mix of appends and releases', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 90 }), fc.constant(-1)), { maxLength: 400 }), (ops) => {
        const ring = createRecordRing(256, 16);
        const live: { slot: number; length: number; fill: number }[] = [];
        let fill = 1;
        for (const op of ops) {
          if (op < 0) {
            const slot = releaseOldest(ring);
            const expected = live.shift();
            expect(slot).toBe(expected === undefined ? -1 : expected.slot);
          } else {
            const slot = appendRecord(ring, op, 1);
            if (slot < 0) {
              // Refused only beside live records: an empty ring takes anything up to its size.
              expect(live.length).toBeGreaterThan(0);
              continue;
            }
            ring.bytes.fill(fill & 0xff, ring.offset[slot], ring.offset[slot] + op);
            live.push({ slot, length: op, fill: fill & 0xff });
            fill++;
          }
          expect(ring.count).toBe(live.length);
          expect(oldestRecord(ring)).toBe(live.length === 0 ? -1 : live[0]!.slot);
          // No two live records overlap: each still holds its own fill byte.
          for (const r of live) {
            expect(ring.length[r.slot]).toBe(r.length);
            for (let k = 0; k < r.length; k++) expect(ring.bytes[ring.offset[r.slot] + k]).toBe(r.fill);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('fits a record at the start once the records there are released (wrap-around)', () => {
    const ring = createRecordRing(100, 8);
    const a = appendRecord(ring, 40, 1);
    const b = appendRecord(ring, 40, 1);
    expect(appendRecord(ring, 30, 1)).toBe(-1);
    releaseOldest(ring);
    const c = appendRecord(ring, 30, 1);
    expect(ring.offset[c]).toBe(0);
    expect(ring.offset[b]).toBe(40);
    expect(a).not.toBe(c);
    expect(recordBytesInUse(ring)).toBe(70);
    releaseOldest(ring);
    // Only c is left, at [0, 30): 70 more bytes fit after it, 71 do not.
    expect(appendRecord(ring, 71, 1)).toBe(-1);
    expect(ring.offset[appendRecord(ring, 70, 1)]).toBe(30);
    clearRecords(ring);
    expect(ring.count).toBe(0);
    expect(() => appendRecord(ring, 10, 0)).toThrow(/kind/);
    expect(() => createRecordRing(10, 1)).toThrow(/byteCapacity/);
  });
});
