import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeNameValues, formatNameValues, nameValueText, parseNameValues, type NameValue } from './name-value.ts';

const AVATAR = 'FirstName STRING RW SV Test\nLastName STRING RW SV User\nTitle STRING RW SV ';

describe('NameValue text', () => {
  it("parses an avatar's names, keeping an empty title", () => {
    const list = parseNameValues(AVATAR);
    expect(list.problems).toEqual([]);
    expect(nameValueText(list, 'FirstName')).toBe('Test');
    expect(nameValueText(list, 'LastName')).toBe('User');
    expect(nameValueText(list, 'Title')).toBe('');
    expect(nameValueText(list, 'Missing')).toBeUndefined();
    expect(list.entries.get('FirstName')).toEqual({ name: 'FirstName', type: 'STRING', class: 'RW', sendTo: 'SV', value: 'Test' });
    expect(formatNameValues(list.entries.values())).toBe(AVATAR);
  });

  it('keeps spaces inside values, tolerates tabs and CRLF, and lets a repeated name win', () => {
    const list = parseNameValues('Title\tSTRING\tRW\tSV Lord  of the\tRings\r\nAttachItemID ASSET R S 0d3f\nTitle STRING RW SV again\n\n');
    expect(nameValueText(list, 'Title')).toBe('again');
    expect(list.entries.get('AttachItemID')?.type).toBe('ASSET');
    expect(parseNameValues('A STRING RW SV Lord  of the\tRings').entries.get('A')?.value).toBe('Lord  of the\tRings');
  });

  it('reports malformed lines instead of throwing', () => {
    const list = parseNameValues('Broken STRING\nOdd WIDGET RW SV x\nFine U32 R S 7');
    expect(list.problems.map((p) => [p.line, p.reason])).toEqual([
      [1, 'fewer than the four tokens Name TYPE CLASS SENDTO'],
      [2, 'unknown type WIDGET'],
    ]);
    expect(nameValueText(list, 'Fine')).toBe('7');
    expect(list.entries.has('Broken')).toBe(false);
  });

  it('decodes the UTF-8 field bytes, dropping a trailing NUL', () => {
    const bytes = new TextEncoder().encode(`xx${AVATAR}\0`);
    const list = decodeNameValues(bytes, 2, bytes.length - 2);
    expect(nameValueText(list, 'LastName')).toBe('User');
    expect(nameValueText(list, 'Title')).toBe('');
    expect(() => decodeNameValues(bytes, 2, bytes.length)).toThrow(RangeError);
  });

  it('round-trips formatted pairs', () => {
    const token = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,12}$/);
    const pair = fc.record({
      name: token,
      type: fc.constantFrom('STRING', 'F32', 'S32', 'VEC3', 'U32', 'ASSET', 'U64'),
      class: fc.constantFrom('R', 'RW', 'CB'),
      sendTo: fc.constantFrom('S', 'DS', 'SV', 'DSV'),
      value: fc.string({ maxLength: 20 }).filter((v) => !v.includes('\n') && !v.endsWith('\r')),
    });
    fc.assert(
      fc.property(fc.uniqueArray(pair, { selector: (p) => p.name, maxLength: 6 }), (pairs: NameValue[]) => {
        const list = parseNameValues(formatNameValues(pairs));
        expect(list.problems).toEqual([]);
        expect([...list.entries.values()]).toEqual(pairs);
      }),
    );
  });

  it('refuses to format tokens that would not parse back', () => {
    expect(() => formatNameValues([{ name: 'Two words', type: 'STRING', class: 'RW', sendTo: 'SV', value: '' }])).toThrow(RangeError);
    expect(() => formatNameValues([{ name: 'A', type: 'STRING', class: 'RW', sendTo: 'SV', value: 'x\ny' }])).toThrow(RangeError);
  });
});
