import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { llsdValue, withPlainReals } from './llsd-arbitrary.ts';
import { formatLLSDBinary, LLSD_BINARY_HEADER, parseLLSDBinary, parseLLSDBinaryPrefix } from './llsd-binary.ts';
import { LLSDFormatError, LLSDParseError } from './llsd-error.ts';
import { createLLSDMap, LLSDReal, LLSDURI, LLSDUUID, type LLSDMap, type LLSDValue } from './llsd-value.ts';
import { parseLLSDXml } from './llsd-xml.ts';

const UUID = 'f32c5c65-f4dd-4a78-be1f-dc74465158bc';

/** Bytes from a mix of ASCII strings and byte values. */
function b(...parts: (string | number | number[])[]): Uint8Array {
  const out: number[] = [];
  for (const p of parts) {
    if (typeof p === 'number') out.push(p);
    else if (Array.isArray(p)) out.push(...p);
    else for (const ch of p) out.push(ch.charCodeAt(0));
  }
  return new Uint8Array(out);
}

function u32(v: number): number[] {
  return [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
}

function f64(v: number, littleEndian: boolean): number[] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v, littleEndian);
  return [...new Uint8Array(view.buffer)];
}

function errorOf(bytes: Uint8Array, maxDepth?: number): LLSDParseError {
  try {
    parseLLSDBinary(bytes, maxDepth === undefined ? undefined : { maxDepth });
  } catch (err) {
    expect(err).toBeInstanceOf(LLSDParseError);
    return err as LLSDParseError;
  }
  throw new Error('the bytes parsed, but they should not have');
}

function where(err: LLSDParseError): { offset: number; expected: string; found: string } {
  return { offset: err.offset, expected: err.expected, found: err.found };
}

function expectError(bytes: Uint8Array, offset: number, expected: string, found: string): void {
  expect(where(errorOf(bytes))).toEqual({ offset, expected, found });
}

describe('formatLLSDBinary', () => {
  it('writes each type with its tag, big-endian numbers and lengths', () => {
    expect(formatLLSDBinary(null)).toEqual(b('!'));
    expect(formatLLSDBinary([true, false])).toEqual(b('[', u32(2), '1', '0', ']'));
    expect(formatLLSDBinary(-2)).toEqual(b('i', [0xff, 0xff, 0xff, 0xfe]));
    expect(formatLLSDBinary(new LLSDReal(1))).toEqual(b('r', f64(1, false)));
    expect(formatLLSDBinary(0.5)).toEqual(b('r', [0x3f, 0xe0, 0, 0, 0, 0, 0, 0]));
    expect(formatLLSDBinary('hé')).toEqual(b('s', u32(3), 'h', [0xc3, 0xa9]));
    expect(formatLLSDBinary(new LLSDURI('http://x'))).toEqual(b('l', u32(8), 'http://x'));
    expect(formatLLSDBinary(new Uint8Array([9, 8]))).toEqual(b('b', u32(2), [9, 8]));
    expect(formatLLSDBinary(new LLSDUUID(UUID))).toEqual(
      b('u', [0xf3, 0x2c, 0x5c, 0x65, 0xf4, 0xdd, 0x4a, 0x78, 0xbe, 0x1f, 0xdc, 0x74, 0x46, 0x51, 0x58, 0xbc]),
    );
    expect(formatLLSDBinary(createLLSDMap({ a: 1 }))).toEqual(b('{', u32(1), 'k', u32(1), 'a', 'i', u32(1), '}'));
  });

  it('writes dates as little-endian F64 seconds, as the viewer does (no byte swap)', () => {
    const date = new Date(Date.UTC(2006, 1, 1, 14, 29, 53, 500));
    expect(formatLLSDBinary(date)).toEqual(b('d', f64(1138804193.5, true)));
  });

  it('writes the header only when asked', () => {
    expect(formatLLSDBinary(1, { header: true })).toEqual(b(LLSD_BINARY_HEADER, 'i', u32(1)));
  });

  it('grows its buffer for large values', () => {
    const big = new Uint8Array(100_000).map((_, i) => i * 7);
    const text = 'x☃'.repeat(50_000);
    const out = formatLLSDBinary([big, text]);
    expect(out).toHaveLength(1 + 4 + (1 + 4 + 100_000) + (1 + 4 + 200_000) + 1);
    const [data, str] = parseLLSDBinary(out) as [Uint8Array, string];
    // Element by element here: toEqual over 100 000 bytes takes about a second.
    expect(data.length === big.length && data.every((v, i) => v === big[i])).toBe(true);
    expect(str).toBe(text);
  });

  it('refuses values it cannot write, saying where', () => {
    expect(() => formatLLSDBinary(createLLSDMap({ a: ['\udc00'] }))).toThrow(
      new LLSDFormatError('binary', '/a/0', 'has a lone surrogate at index 0, which UTF-8 cannot carry'),
    );
    expect(() => formatLLSDBinary([1n as unknown as LLSDValue])).toThrow('cannot write LLSD binary: the value at /0 is a bigint, not an LLSD value');
    expect(() => formatLLSDBinary(new Date(NaN))).toThrow('cannot write LLSD binary: the value is an invalid Date');
    const cyclic = createLLSDMap();
    cyclic['self'] = cyclic;
    expect(() => formatLLSDBinary(cyclic, { maxDepth: 10 })).toThrow(`cannot write LLSD binary: the value at ${'/self'.repeat(10)} nests deeper than 10 levels (or is cyclic)`);
  });
});

describe('parseLLSDBinary', () => {
  it('reads each type', () => {
    const bytes = b(
      '[', u32(11),
      '!', '1', '0',
      'i', [0x80, 0, 0, 0],
      'r', f64(-1.25, false),
      'u', [0xf3, 0x2c, 0x5c, 0x65, 0xf4, 0xdd, 0x4a, 0x78, 0xbe, 0x1f, 0xdc, 0x74, 0x46, 0x51, 0x58, 0xbc],
      's', u32(4), [0xe2, 0x98, 0x83], '!',
      'l', u32(1), '/',
      'd', f64(-1.5, true),
      'b', u32(3), [0, 128, 255],
      '{', u32(2), 'k', u32(1), 'x', '[', u32(0), ']', 'k', u32(0), '{', u32(0), '}', '}',
      ']',
    );
    expect(parseLLSDBinary(bytes)).toEqual([
      null,
      true,
      false,
      -2147483648,
      -1.25,
      new LLSDUUID(UUID),
      '☃!',
      new LLSDURI('/'),
      new Date(-1500),
      new Uint8Array([0, 128, 255]),
      createLLSDMap({ x: [], '': createLLSDMap() }),
    ]);
  });

  it('accepts the header in any case, with surrounding whitespace', () => {
    expect(parseLLSDBinary(b('<? LLSD/Binary ?>\n', 'i', u32(5)))).toBe(5);
    expect(parseLLSDBinary(b('\n<?llsd/binary?>\r\n', '1'))).toBe(true);
    expect(parseLLSDBinary(b('!\n'))).toBeNull();
  });

  it("accepts notation-style quoted strings and keys, as the viewer's parser does", () => {
    expect(parseLLSDBinary(b('{', u32(2), "'a'", 's', u32(1), 'x', '"b\\n"', "'it\\'s'", '}'))).toEqual(
      createLLSDMap({ a: 'x', 'b\n': "it's" }),
    );
  });

  it('returns binary data that does not alias the input', () => {
    const input = b('b', u32(2), [1, 2]);
    const data = parseLLSDBinary(input) as Uint8Array;
    input[5] = 99;
    expect(data).toEqual(new Uint8Array([1, 2]));
  });

  it('keeps "__proto__" as an ordinary key', () => {
    const map = parseLLSDBinary(b('{', u32(1), 'k', u32(9), '__proto__', '1', '}')) as LLSDMap;
    expect(Object.getPrototypeOf(map)).toBeNull();
    expect(map['__proto__']).toBe(true);
  });
});

describe('LLSD binary round trips', () => {
  it('keeps every type, nested containers, unicode and all byte values', () => {
    const value = createLLSDMap({
      undef: null,
      bools: [true, false],
      ints: [0, -1, 2147483647, -2147483648],
      reals: [new LLSDReal(0), new LLSDReal(-0), new LLSDReal(3), new LLSDReal(NaN), new LLSDReal(-Infinity), new LLSDReal(Number.MIN_VALUE)],
      text: ['', 'ünïcödé ☃ 𝄞 中文', '\u0000\u0001\r\n', 'x'.repeat(1000)],
      uuid: [LLSDUUID.NULL, new LLSDUUID(UUID)],
      dates: [new Date(0), new Date(Date.UTC(1901, 0, 1)), new Date(Date.UTC(2038, 0, 19, 3, 14, 8, 999))],
      uri: new LLSDURI('https://example.com/☃'),
      binary: new Uint8Array(256).map((_, i) => i),
      nested: [[[createLLSDMap({ deep: [createLLSDMap(), []] })]]],
      ['__proto__']: 'a key, not a prototype',
    });
    expect(parseLLSDBinary(formatLLSDBinary(value), { realsAsLLSDReal: true })).toEqual(value);
    expect(parseLLSDBinary(formatLLSDBinary(value, { header: true }), { realsAsLLSDReal: true })).toEqual(value);
  });

  it('keeps integer and real apart through LLSDReal', () => {
    expect(parseLLSDBinary(formatLLSDBinary([7, new LLSDReal(7)]), { realsAsLLSDReal: true })).toEqual([7, new LLSDReal(7)]);
    expect(parseLLSDBinary(formatLLSDBinary([7, new LLSDReal(7)]))).toEqual([7, 7]);
  });

  it('carries what XML parsed unchanged (XML → binary → value)', () => {
    const fromXml = parseLLSDXml(
      '<llsd><map><key>pos</key><array><real>128</real><real>0.5</real></array><key>id</key><uuid>' +
        UUID +
        '</uuid><key>when</key><date>2020-05-06T07:08:09Z</date><key>n</key><integer>3</integer></map></llsd>',
      { realsAsLLSDReal: true },
    );
    expect(parseLLSDBinary(formatLLSDBinary(fromXml), { realsAsLLSDReal: true })).toEqual(fromXml);
  });

  it('round-trips generated values', () => {
    fc.assert(
      fc.property(llsdValue(), (value) => {
        const bytes = formatLLSDBinary(value);
        expect(parseLLSDBinary(bytes, { realsAsLLSDReal: true })).toEqual(value);
        expect(parseLLSDBinary(bytes)).toEqual(withPlainReals(value));
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseLLSDBinary errors', () => {
  it('refuses a huge declared count or length at once, without allocating', () => {
    const huge = u32(0xffffffff);
    expectError(b('[', huge, ']'), 1, 'an array count that fits the 1 bytes left', '4294967295');
    expectError(b('{', huge, '}'), 1, 'a map count that fits the 1 bytes left', '4294967295');
    expectError(b('s', huge, 'abc'), 1, 'a length for a string within the 3 bytes left', '4294967295');
    expectError(b('b', huge), 1, 'a length for binary data within the 0 bytes left', '4294967295');
    expectError(b('l', u32(5), 'abcd'), 1, 'a length for a uri within the 4 bytes left', '5');
    expectError(b('{', u32(1), 'k', huge, '!}'), 6, 'a length for a map key within the 2 bytes left', '4294967295');
    const started = performance.now();
    errorOf(b('[', u32(0x7fffffff), new Array(64).fill(0x21), ']'));
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('reports truncated values', () => {
    expectError(b('i', [0, 0]), 1, 'an integer (4 bytes)', 'end of input after 2 bytes');
    expectError(b('r', [0, 0, 0]), 1, 'a real (8 bytes)', 'end of input after 3 bytes');
    expectError(b('u', [1, 2, 3]), 1, 'a uuid (16 bytes)', 'end of input after 3 bytes');
    expectError(b('d', [0]), 1, 'a date (8 bytes)', 'end of input after 1 bytes');
    expectError(b('s', [0, 0]), 1, 'the length of a string (4 bytes)', 'end of input after 2 bytes');
    expectError(b('[', u32(1), 's', u32(0)), 10, "']' after the 1 values the array declared", 'end of input');
    expectError(b('{', u32(1), 'k', u32(1), 'a'), 11, 'an LLSD binary value', 'end of input');
    expectError(b(''), 0, 'an LLSD binary value', 'end of input');
  });

  it('reports bad structure', () => {
    expectError(b('[', u32(1), '!', '!', ']'), 6, "']' after the 1 values the array declared", "'!'");
    expectError(b('{', u32(0), ']'), 5, "'}' after the 0 entries the map declared", "']'");
    expectError(b('{', u32(1), 'x', u32(0), '!', '}'), 5, "map key 1 of 1 ('k' and a length)", "'x'");
    expectError(b('Q'), 0, "an LLSD binary type tag (one of ! 1 0 i r u b s l d [ { ' \")", "'Q'");
    expectError(b([0x00]), 0, "an LLSD binary type tag (one of ! 1 0 i r u b s l d [ { ' \")", 'byte 0x00');
    expectError(b('1', '1'), 1, 'end of input after the value', "'1'");
    expectError(b('<? LLSD/XML ?>', '!'), 0, "an optional '<? LLSD/Binary ?>' header", "'<? LLSD/XML'");
    expectError(b("'abc"), 0, "a closing ' for the string starting here", 'end of input');
  });

  it('reports strings that are not UTF-8 and dates out of range', () => {
    expect(where(errorOf(b('[', u32(1), 's', u32(2), [0xc3, 0x28], ']')))).toEqual({
      offset: 5,
      expected: 'UTF-8 text in the string starting here',
      found: 'bytes that are not UTF-8',
    });
    expectError(b('d', f64(1e300, true)), 0, 'a date within the range of a JavaScript Date', '1e+300 seconds');
    expectError(b('d', f64(NaN, true)), 0, 'a date within the range of a JavaScript Date', 'NaN seconds');
  });

  it('enforces the nesting limit', () => {
    const deep = (n: number): Uint8Array => b(...new Array(n).fill(['[', u32(1)]).flat(), '!', ...new Array(n).fill(']'));
    expectError(deep(300), 256 * 5, 'nesting no deeper than 256', 'a container at depth 257');
    expect(parseLLSDBinary(deep(256))).toBeInstanceOf(Array);
    expect(errorOf(deep(4), 3).message).toBe('LLSD binary at byte 15: expected nesting no deeper than 3, found a container at depth 4');
  });
});

describe('parseLLSDBinaryPrefix', () => {
  it('reads the value at the start and says where it ended, leaving what follows', () => {
    const head = formatLLSDBinary(createLLSDMap({ high_lod: createLLSDMap({ offset: 0, size: 3 }) }));
    const bytes = b([...head], 'xyz');
    const { value, length } = parseLLSDBinaryPrefix(bytes);
    expect(length).toBe(head.length);
    expect((value as LLSDMap).high_lod).toEqual(createLLSDMap({ offset: 0, size: 3 }));
    expect(parseLLSDBinaryPrefix(b(LLSD_BINARY_HEADER, 'i', u32(7), 'tail')).length).toBe(LLSD_BINARY_HEADER.length + 5);
  });

  it('fails on a value cut short, as the whole-input parser does', () => {
    const head = formatLLSDBinary(createLLSDMap({ version: 1 }));
    expect(() => parseLLSDBinaryPrefix(head.subarray(0, head.length - 1))).toThrow(LLSDParseError);
  });
});
