import { describe, expect, it } from 'vitest';
import { locateJsonError, parseJsonText } from './json-text.ts';

function errorOf(text: string): { line: number; column: number; reason: string } {
  const result = parseJsonText(text);
  if (result.ok) throw new Error('expected a syntax error');
  return result.error;
}

describe('parseJsonText', () => {
  it('parses valid JSON, with or without a byte-order mark', () => {
    expect(parseJsonText('{"a":[1,2.5e3,-0,true,null,"x\\u00e9"]}')).toEqual({ ok: true, value: { a: [1, 2500, -0, true, null, 'xé'] } });
    expect(parseJsonText('\ufeff{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
  });

  it('locates errors by line and column', () => {
    expect(errorOf('{\n  "a": 1,\n  "b": }')).toMatchObject({ line: 3, column: 8, reason: "unexpected '}', expected a value" });
    expect(errorOf('{\n  "a": 1\n  "b": 2\n}')).toMatchObject({ line: 3, column: 3, reason: "expected ',' or '}' after a property value, found '\"'" });
    expect(errorOf('{"a": [1, 2,]}')).toMatchObject({ line: 1, column: 13 });
    expect(errorOf('{"a": 1,}')).toMatchObject({ line: 1, column: 9, reason: "expected a property name in double quotes, found '}'" });
    expect(errorOf("{'a': 1}")).toMatchObject({ line: 1, column: 2 });
    expect(errorOf('{"a": 01}')).toMatchObject({ line: 1, column: 8 });
    expect(errorOf('{"a": "x')).toMatchObject({ line: 1, column: 7, reason: 'unterminated string' });
    expect(errorOf('{"a": 1} x')).toMatchObject({ line: 1, column: 10 });
    expect(errorOf('')).toMatchObject({ line: 1, column: 1, reason: 'unexpected end of input, expected a value' });
    expect(errorOf('{"a": tru}')).toMatchObject({ line: 1, column: 7 });
    expect(errorOf('\ufeff{\n"a": nope}')).toMatchObject({ line: 2, column: 6 });
    expect(errorOf('{"a": 1\u0001}').reason).toBe("expected ',' or '}' after a property value, found U+0001");
  });

  it('agrees with JSON.parse on what is valid', () => {
    const samples = ['[]', '{}', ' 1 ', '"\\/"', '[1e5, 1E-2, -0.5]', '{"a":{"b":[{}]}}', '[1,', '[1 2]', '{"a" 1}', '1.', '-', '"\\x"', '"\t"', '{"a":1}}'];
    for (const s of samples) {
      let valid = true;
      try {
        JSON.parse(s);
      } catch {
        valid = false;
      }
      expect(locateJsonError(s) === null, s).toBe(valid);
    }
  });

  it('handles deep nesting without recursion', () => {
    const deep = `${'['.repeat(200000)}${']'.repeat(199999)}`;
    expect(locateJsonError(deep)).toMatchObject({ offset: deep.length });
  });
});
