import { describe, expect, it } from 'vitest';
import { createLLSDMap, isUUIDText, llsdKindOf, LLSDReal, LLSDURI, LLSDUUID } from './llsd-value.ts';

describe('LLSDUUID', () => {
  it('keeps the lowercase canonical form', () => {
    expect(new LLSDUUID('F32C5C65-F4DD-4A78-BE1F-DC74465158BC').value).toBe('f32c5c65-f4dd-4a78-be1f-dc74465158bc');
    expect(String(LLSDUUID.NULL)).toBe('00000000-0000-0000-0000-000000000000');
  });

  it('refuses anything but 8-4-4-4-12 hex', () => {
    for (const bad of ['', 'f32c5c65f4dd4a78be1fdc74465158bc', 'f32c5c65-f4dd-4a78-be1f-dc74465158b', 'g32c5c65-f4dd-4a78-be1f-dc74465158bc', ' f32c5c65-f4dd-4a78-be1f-dc74465158bc']) {
      expect(isUUIDText(bad)).toBe(false);
      expect(() => new LLSDUUID(bad)).toThrow(TypeError);
    }
  });
});

describe('llsdKindOf', () => {
  it('names the LLSD type each value is written as', () => {
    const cases: [unknown, string | undefined][] = [
      [null, 'undef'],
      [true, 'boolean'],
      [0, 'integer'],
      [-0, 'integer'],
      [2147483647, 'integer'],
      [-2147483648, 'integer'],
      [2147483648, 'real'],
      [0.5, 'real'],
      [NaN, 'real'],
      [new LLSDReal(1), 'real'],
      ['', 'string'],
      [LLSDUUID.NULL, 'uuid'],
      [new LLSDURI(''), 'uri'],
      [new Date(0), 'date'],
      [new Uint8Array(0), 'binary'],
      [createLLSDMap(), 'map'],
      [{}, 'map'],
      [[], 'array'],
      [undefined, undefined],
      [new Map(), undefined],
      [new Uint16Array(1), undefined],
      [Symbol('x'), undefined],
    ];
    for (const [value, kind] of cases) expect(llsdKindOf(value)).toBe(kind);
  });
});

describe('createLLSDMap', () => {
  it('makes null-prototype maps, copying own keys', () => {
    // A computed "__proto__" key is an own property, not the prototype setter.
    const map = createLLSDMap({ a: 1, ['__proto__']: 2 });
    expect(Object.getPrototypeOf(map)).toBeNull();
    expect(Object.keys(map)).toEqual(['a', '__proto__']);
    expect(map['__proto__']).toBe(2);
    expect(Object.keys(createLLSDMap({ __proto__: null, b: 1 } as Record<string, null | number>))).toEqual(['b']);
    const withProto = createLLSDMap();
    withProto['__proto__'] = 'data';
    expect(Object.keys(createLLSDMap(withProto))).toEqual(['__proto__']);
  });
});
