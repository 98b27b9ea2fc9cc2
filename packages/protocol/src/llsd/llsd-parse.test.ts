import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { llsdValue } from './llsd-arbitrary.ts';
import { formatLLSDBinary } from './llsd-binary.ts';
import { LLSDParseError } from './llsd-error.ts';
import { formatLLSDNotation } from './llsd-notation.ts';
import { detectLLSDFormat, parseLLSD } from './llsd-parse.ts';
import { createLLSDMap, LLSDReal } from './llsd-value.ts';
import { formatLLSDXml } from './llsd-xml.ts';

const encode = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('detectLLSDFormat', () => {
  it('sees XML by its declaration or its <llsd> root, after whitespace or a BOM', () => {
    for (const text of ['<?xml version="1.0" ?><llsd/>', '<llsd><undef/></llsd>', '\n  <llsd/>', '\ufeff<llsd/>']) {
      expect(detectLLSDFormat(text)).toBe('xml');
      expect(detectLLSDFormat(encode(text))).toBe('xml');
    }
  });

  it('sees binary by its header, or by a container count that fits the bytes', () => {
    expect(detectLLSDFormat(formatLLSDBinary([1], { header: true }))).toBe('binary');
    expect(detectLLSDFormat(formatLLSDBinary(createLLSDMap({ a: 1 })))).toBe('binary');
    expect(detectLLSDFormat(formatLLSDBinary([]))).toBe('binary');
    expect(detectLLSDFormat('<? LLSD/Binary ?>\n')).toBe('binary');
  });

  it('takes everything else for notation', () => {
    for (const text of ['[i1,i2]', "{'a':i1}", '[ ]', '{}', 'i5', '!', '<? llsd/notation ?>\n[]']) {
      expect(detectLLSDFormat(text)).toBe('notation');
      expect(detectLLSDFormat(encode(text))).toBe('notation');
    }
  });

  it('reads the viewer\'s "<? LLSD/XML ?>" header as XML', () => {
    expect(detectLLSDFormat('<? LLSD/XML ?>\n<llsd/>')).toBe('xml');
  });
});

describe('parseLLSD', () => {
  const value = createLLSDMap({ pos: [new LLSDReal(128), new LLSDReal(0.5)], n: 3, s: 'x☃' });

  it('parses each format it detects', () => {
    const inputs: (string | Uint8Array)[] = [
      formatLLSDXml(value),
      `<?xml version="1.0" encoding="UTF-8"?>\n${formatLLSDXml(value)}`,
      encode(formatLLSDXml(value)),
      `<? LLSD/XML ?>\n${formatLLSDXml(value)}`,
      formatLLSDBinary(value, { header: true }),
      formatLLSDBinary(value),
      formatLLSDNotation(value),
      encode(formatLLSDNotation(value)),
      `<? LLSD/Notation ?>\n${formatLLSDNotation(value)}`,
    ];
    for (const input of inputs) expect(parseLLSD(input, { realsAsLLSDReal: true })).toEqual(value);
  });

  it('refuses binary given as text', () => {
    expect(() => parseLLSD('<? LLSD/Binary ?>\n!')).toThrow(
      new LLSDParseError('binary', 0, 'binary LLSD as bytes (a Uint8Array)', 'text, which cannot hold its raw bytes'),
    );
  });

  it('reports errors in the detected format, with positions in the whole input', () => {
    const err = (() => {
      try {
        parseLLSD('<? LLSD/XML ?>\n<llsd><integer>x</integer></llsd>');
      } catch (e) {
        return e as LLSDParseError;
      }
      throw new Error('parsed');
    })();
    expect({ format: err.format, offset: err.offset, line: err.line, column: err.column }).toEqual({ format: 'xml', offset: 21, line: 2, column: 7 });
    expect(() => parseLLSD('[i1,')).toThrow('LLSD notation at byte 4');
    expect(() => parseLLSD(new Uint8Array([0x5b, 0, 0, 0, 1, 0x51, 0x5d]))).toThrow('LLSD binary at byte 5');
  });

  it('round-trips generated values through every format and header choice', () => {
    fc.assert(
      fc.property(llsdValue({ xmlSafe: true }), (v) => {
        const opts = { realsAsLLSDReal: true };
        expect(parseLLSD(formatLLSDXml(v), opts)).toEqual(v);
        expect(parseLLSD(formatLLSDBinary(v, { header: true }), opts)).toEqual(v);
        expect(parseLLSD(formatLLSDNotation(v), opts)).toEqual(v);
        if (Array.isArray(v) || (v !== null && Object.getPrototypeOf(v) === null)) {
          // Headerless binary is recognised when the root is a container.
          expect(parseLLSD(formatLLSDBinary(v), opts)).toEqual(v);
        }
      }),
      { numRuns: 200 },
    );
  });
});
