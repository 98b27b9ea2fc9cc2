import { describe, expect, it } from 'vitest';
import { NULL_UUID_INDEX, createUuidTable, findUuid, internUuid, readUuid, uuidText } from './uuid-table.ts';

const bytes = (text: string): Uint8Array => Uint8Array.from(text.replace(/-/g, '').match(/../g)!.map((h) => Number.parseInt(h, 16)));

describe('uuid table', () => {
  it('interns each UUID once, reads it back, and names the null UUID 0', () => {
    const t = createUuidTable(8);
    const a = bytes('8dcd4a48-2d37-4909-9f78-f7a9eb4ef903');
    const b = bytes('5748decc-f629-461c-9a36-a35a221fe21f');
    const buffer = new Uint8Array(40);
    buffer.set(a, 3);
    expect(internUuid(t, new Uint8Array(16), 0)).toBe(NULL_UUID_INDEX);
    const ia = internUuid(t, buffer, 3);
    expect(ia).toBe(1);
    expect(internUuid(t, b, 0)).toBe(2);
    expect(internUuid(t, a, 0)).toBe(ia);
    expect(findUuid(t, b, 0)).toBe(2);
    expect(findUuid(t, bytes('00000000-0000-0000-0000-000000000001'), 0)).toBe(-1);
    expect([...readUuid(t, ia, new Uint8Array(16))]).toEqual([...a]);
    expect(uuidText(t, 2)).toBe('5748decc-f629-461c-9a36-a35a221fe21f');
    expect(uuidText(t, 0)).toBe('00000000-0000-0000-0000-000000000000');
    expect(() => readUuid(t, 3, new Uint8Array(16))).toThrow(/index 3 is not in use/);
  });

  it('when full, new UUIDs intern as 0 and are counted; known ones still resolve', () => {
    const t = createUuidTable(3);
    const ids = [1, 2, 3, 4].map((n) => bytes(`0000000${n}-0000-0000-0000-000000000000`));
    expect(ids.map((id) => internUuid(t, id, 0))).toEqual([1, 2, 0, 0]);
    expect(t.overflowed).toBe(2);
    expect(internUuid(t, ids[1]!, 0)).toBe(2);
  });
});
