import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { llsdValue, withPlainReals } from './llsd-arbitrary.ts';
import { formatLLSDBinary, parseLLSDBinary } from './llsd-binary.ts';
import { LLSDFormatError, LLSDParseError } from './llsd-error.ts';
import { formatLLSDNotation, parseLLSDNotation } from './llsd-notation.ts';
import { createLLSDMap, LLSDReal, LLSDURI, LLSDUUID, type LLSDMap, type LLSDValue } from './llsd-value.ts';
import { formatLLSDXml, parseLLSDXml } from './llsd-xml.ts';

const UUID = 'f32c5c65-f4dd-4a78-be1f-dc74465158bc';
const VALUE_START = "an LLSD notation value (one of { [ ! 0 1 t f i r u ' \" s l d b)";

function errorOf(input: string | Uint8Array, maxDepth?: number): LLSDParseError {
  try {
    parseLLSDNotation(input, maxDepth === undefined ? undefined : { maxDepth });
  } catch (err) {
    expect(err).toBeInstanceOf(LLSDParseError);
    return err as LLSDParseError;
  }
  throw new Error('the notation parsed, but it should not have');
}

function where(err: LLSDParseError): { offset: number; expected: string; found: string } {
  return { offset: err.offset, expected: err.expected, found: err.found };
}

function expectError(input: string | Uint8Array, offset: number, expected: string, found: string, maxDepth?: number): void {
  expect(where(errorOf(input, maxDepth))).toEqual({ offset, expected, found });
}

describe('parseLLSDNotation', () => {
  it("reads the login reply's look_at and home", () => {
    expect(parseLLSDNotation('[r0.99,r0.1,r0]')).toEqual([0.99, 0.1, 0]);
    const home = parseLLSDNotation("{'region_handle':[r256000,r256000], 'position':[r128,r128,r26], 'look_at':[r1,r0,r0]}");
    expect(home).toEqual(
      createLLSDMap({ region_handle: [256000, 256000], position: [128, 128, 26], look_at: [1, 0, 0] }),
    );
    expect((home as LLSDMap)['region_handle']).toEqual([256000, 256000]);
  });

  it('reads every boolean spelling', () => {
    const spellings = ['1', '0', 't', 'f', 'T', 'F', 'true', 'false', 'TRUE', 'FALSE', 'True'];
    expect(spellings.map((s) => parseLLSDNotation(s))).toEqual([true, false, true, false, true, false, true, false, true, false, true]);
    expect(parseLLSDNotation('[t,f,true , FALSE]')).toEqual([true, false, true, false]);
  });

  it('reads integers and reals in their forms', () => {
    expect(parseLLSDNotation('[i0,i-2147483648,i+7,i2147483647]')).toEqual([0, -2147483648, 7, 2147483647]);
    const reals = parseLLSDNotation('[r1.5,r1e+10,r-2.5E-3,r.5,rnan,rinf,r-inf,rInfinity,r-0]');
    expect(reals).toEqual([1.5, 1e10, -0.0025, 0.5, NaN, Infinity, -Infinity, Infinity, -0]);
  });

  it('reads uuids, uris, dates and undef', () => {
    expect(parseLLSDNotation(`[u${UUID.toUpperCase()},l"http://x/?a=\\"b\\"",d"2006-02-01T14:29:53Z",d'2006-02-01T14:29:53.25Z',!]`)).toEqual([
      new LLSDUUID(UUID),
      new LLSDURI('http://x/?a="b"'),
      new Date(Date.UTC(2006, 1, 1, 14, 29, 53)),
      new Date(Date.UTC(2006, 1, 1, 14, 29, 53, 250)),
      null,
    ]);
  });

  it('reads quoted strings with escapes', () => {
    expect(parseLLSDNotation(`"it's \\"quoted\\""`)).toBe(`it's "quoted"`);
    expect(parseLLSDNotation(`'it\\'s'`)).toBe("it's");
    expect(parseLLSDNotation(`'\\a\\b\\f\\n\\r\\t\\v\\\\\\/\\q'`)).toBe('\x07\b\f\n\r\t\v\\/q');
    expect(parseLLSDNotation(`'\\x41\\x7e\\x00'`)).toBe('A~\0');
    // \x escapes are bytes: a UTF-8 sequence spelled byte by byte is one character.
    expect(parseLLSDNotation(`'\\xe2\\x98\\x83 and ☃'`)).toBe('☃ and ☃');
  });

  it('reads sized strings by UTF-8 byte count', () => {
    expect(parseLLSDNotation('s(6)"héllo"')).toBe('héllo');
    expect(parseLLSDNotation("s(3)'a\"b'")).toBe('a"b');
    expect(parseLLSDNotation('[s(0)"",s(2)"\'\'"]')).toEqual(['', "''"]);
    expect(parseLLSDNotation('{s(3)"key":i1}')).toEqual(createLLSDMap({ key: 1 }));
  });

  it('reads binary in base64, base16 and raw form', () => {
    expect(parseLLSDNotation('b64"AAEC/w=="')).toEqual(new Uint8Array([0, 1, 2, 255]));
    expect(parseLLSDNotation('b16"00ff7Fa0"')).toEqual(new Uint8Array([0, 255, 127, 160]));
    expect(parseLLSDNotation('b64""')).toEqual(new Uint8Array(0));
    const raw = new Uint8Array([...new TextEncoder().encode('b(4)"'), 0x00, 0x22, 0xff, 0x0a, 0x22]);
    expect(parseLLSDNotation(raw)).toEqual(new Uint8Array([0x00, 0x22, 0xff, 0x0a]));
  });

  it('allows whitespace between tokens, trailing commas, a header and a BOM', () => {
    const text = "\n<? LLSD/Notation ?>\n { 'a' : [ i1 , i2 , ] ,\n\t\"b\":{ } , } \n";
    expect(parseLLSDNotation(text)).toEqual(createLLSDMap({ a: [1, 2], b: createLLSDMap() }));
    expect(parseLLSDNotation('\ufeff[]')).toEqual([]);
  });

  it('keeps "__proto__" as an ordinary key', () => {
    const map = parseLLSDNotation("{'__proto__':i1}") as LLSDMap;
    expect(Object.getPrototypeOf(map)).toBeNull();
    expect(map['__proto__']).toBe(1);
  });

  it('returns reals as LLSDReal when asked', () => {
    expect(parseLLSDNotation('[r2,i2]', { realsAsLLSDReal: true })).toEqual([new LLSDReal(2), 2]);
  });
});

describe('formatLLSDNotation', () => {
  it('writes the compact form', () => {
    const value = createLLSDMap({
      a: [null, true, false, 7, new LLSDReal(7), 0.25, NaN, -Infinity],
      s: "it's a \\ \n ☃",
      u: new LLSDUUID(UUID),
      d: new Date(Date.UTC(2006, 1, 1, 14, 29, 53)),
      l: new LLSDURI('http://x/"q"'),
      b: new Uint8Array([0, 1, 255]),
      e: [createLLSDMap(), []],
    });
    expect(formatLLSDNotation(value)).toBe(
      "{'a':[!,true,false,i7,r7,r0.25,rnan,r-inf],'s':'it\\'s a \\\\ \\n ☃'," +
        `'u':u${UUID},'d':d"2006-02-01T14:29:53Z",'l':l"http://x/\\"q\\"",'b':b64"AAH/",'e':[{},[]]}`,
    );
  });

  it('escapes control characters as the viewer does', () => {
    expect(formatLLSDNotation('\0\x07\x1b\x7f')).toBe("'\\x00\\a\\x1b\\x7f'");
    expect(formatLLSDNotation("{'k'}")).toBe("'{\\'k\\'}'");
  });

  it('writes base16 binary when asked, uppercase like the viewer', () => {
    expect(formatLLSDNotation(new Uint8Array([0xab, 0x01]), { binary: 'base16' })).toBe('b16"AB01"');
  });

  it('refuses values it cannot write, saying where', () => {
    expect(() => formatLLSDNotation(createLLSDMap({ k: ['a', '\ud800'] }))).toThrow(
      new LLSDFormatError('notation', '/k/1', 'has a lone surrogate at index 0, which UTF-8 cannot carry'),
    );
    expect(() => formatLLSDNotation([() => 1] as unknown as LLSDValue)).toThrow('the value at /0 is a function, not an LLSD value');
    expect(() => formatLLSDNotation(new Date(Date.UTC(10000, 0, 1)))).toThrow('lies outside the years 0000-9999');
  });
});

describe('LLSD notation round trips', () => {
  it('keeps every type, nested containers, unicode and all byte values', () => {
    const value = createLLSDMap({
      undef: null,
      bools: [true, false],
      ints: [0, -1, 2147483647, -2147483648],
      reals: [new LLSDReal(0), new LLSDReal(-0), new LLSDReal(1e21), new LLSDReal(5e-324), new LLSDReal(NaN), new LLSDReal(Infinity)],
      text: ['', 'ünïcödé ☃ 𝄞 中文', '\u0000\u0001\r\n\t\'"\\', "{'not':'a map'}"],
      uuid: [LLSDUUID.NULL, new LLSDUUID(UUID)],
      date: new Date(Date.UTC(1, 0, 1, 0, 0, 0, 1)),
      uri: new LLSDURI("http://x/it's"),
      binary: new Uint8Array(256).map((_, i) => i),
      nested: [[[createLLSDMap({ deep: [createLLSDMap(), []] })]]],
      "key with 'quotes' and \\": 1,
    });
    expect(parseLLSDNotation(formatLLSDNotation(value), { realsAsLLSDReal: true })).toEqual(value);
    expect(parseLLSDNotation(formatLLSDNotation(value, { binary: 'base16' }), { realsAsLLSDReal: true })).toEqual(value);
  });

  it('crosses formats: XML → notation → binary → value', () => {
    const fromXml = parseLLSDXml(
      `<llsd><map><key>look_at</key><array><real>0.99</real><real>0.1</real><real>0</real></array><key>id</key><uuid>${UUID}</uuid></map></llsd>`,
      { realsAsLLSDReal: true },
    );
    const viaNotation = parseLLSDNotation(formatLLSDNotation(fromXml), { realsAsLLSDReal: true });
    expect(parseLLSDBinary(formatLLSDBinary(viaNotation), { realsAsLLSDReal: true })).toEqual(fromXml);
    expect(formatLLSDXml(viaNotation)).toBe(formatLLSDXml(fromXml));
  });

  it('round-trips generated values', () => {
    fc.assert(
      fc.property(llsdValue(), (value) => {
        const text = formatLLSDNotation(value);
        expect(parseLLSDNotation(text, { realsAsLLSDReal: true })).toEqual(value);
        expect(parseLLSDNotation(new TextEncoder().encode(text))).toEqual(withPlainReals(value));
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseLLSDNotation errors', () => {
  it('reports values that do not start like one', () => {
    const expected = VALUE_START;
    expectError('', 0, expected, 'end of input');
    expectError('   ', 3, expected, 'end of input');
    expectError('[i1,x]', 4, expected, "'x'");
    expectError('[i1,', 4, expected, 'end of input');
  });

  it('reports bad scalars', () => {
    expectError('i', 1, "a decimal S32 integer after 'i'", 'end of input');
    expectError('i12x', 1, "a decimal S32 integer after 'i'", "'12x'");
    expectError('i2147483648', 1, "a decimal S32 integer after 'i'", "'2147483648'");
    expectError('r1.2.3', 1, "a real number after 'r'", "'1.2.3'");
    expectError('u1234', 1, "a uuid (8-4-4-4-12 hex) after 'u'", "'1234'");
    expectError('tru', 0, "'t' or 'true'", "'tru'");
    expectError('fals3', 0, "'f' or 'false'", "'fals3'");
    expectError('d"yesterday"', 2, 'an ISO 8601 date such as 2006-02-01T14:29:53Z', '"yesterday"');
    expectError('l<x>', 1, "a quote after 'l'", "'<'");
  });

  it('reports bad strings', () => {
    expectError("'abc", 0, "a closing ' for the string starting here", 'end of input');
    expectError("'abc\\", 0, "a closing ' for the string starting here", 'end of input');
    expectError("'\\xg0'", 1, 'two hex digits after \\x', "'g'");
    expectError("'\\xff'", 0, 'UTF-8 text in the string starting here', 'bytes that are not UTF-8');
    expectError('s(5)"abc"', 0, 'a byte count that fits the 4 bytes left (with the closing quote)', '5');
    expectError(
      's(4294967295)"abc"',
      0,
      'a byte count that fits the 4 bytes left (with the closing quote)',
      '4294967295',
    );
    expectError('s(99999999999)"', 12, "a decimal byte count and ')' after 's('", "'9'");
    expectError('s(2)"abc"', 7, "a closing quote after the 2 bytes 's(2)' declared", "'c'");
    expectError('s"abc"', 1, "'(' and a byte count after 's'", "'\"'");
  });

  it('reports bad binary', () => {
    expectError('b64"A==="', 4, 'base64 data', "'A==='");
    expectError('b16"abc"', 4, 'pairs of hex digits', "'abc'");
    expectError('b64"AAAA', 3, 'a closing " for the binary data starting here', 'end of input');
    expectError('b85"abc"', 1, 'b64"…", b16"…" or b(N)"…" after \'b\'', "'8'");
    expectError('b(1000000)"ab"', 0, 'a byte count that fits the 3 bytes left (with the closing quote)', '1000000');
  });

  it('reports bad structure', () => {
    expectError('[i1 i2]', 4, "',' or ']' after an array element", "'i'");
    expectError("{'a' i1}", 5, `':' after the map key "a"`, "'i'");
    expectError("{'a':i1 'b':i2}", 8, "',' or '}' after a map value", "'''");
    expectError('{a:i1}', 1, "a map key ('…', \"…\" or s(N)\"…\") or '}'", "'a'");
    expectError("{'a':}", 5, VALUE_START, "'}'");
    expectError('[]]', 2, 'end of input after the value', "']'");
    expectError('<? LLSD/Binary ?>!', 0, "an optional '<? LLSD/Notation ?>' header", "'<? LLSD/Binary'");
  });

  it('measures offsets in UTF-8 bytes', () => {
    const err = errorOf("['☃☃', x]");
    expect(where(err)).toEqual({ offset: 11, expected: VALUE_START, found: "'x'" });
    expect(err.message).toBe("LLSD notation at byte 11: expected an LLSD notation value (one of { [ ! 0 1 t f i r u ' \" s l d b), found 'x'");
  });

  it('enforces the nesting limit', () => {
    expectError('['.repeat(300) + ']'.repeat(300), 256, 'nesting no deeper than 256', 'a container at depth 257');
    expectError("{'a':[{}]}", 6, 'nesting no deeper than 2', 'a container at depth 3', 2);
    expect(parseLLSDNotation('['.repeat(256) + ']'.repeat(256))).toBeInstanceOf(Array);
  });
});
