import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { XmlRpcError } from './xmlrpc-error.ts';
import { escapeXmlText, formatFault, formatMethodCall, formatMethodResponse, formatValue } from './xmlrpc-format.ts';
import { parseMethodCall, parseMethodResponse, parseValue } from './xmlrpc-parse.ts';
import { createStruct, I4_MAX, I4_MIN, isStruct, XmlRpcDouble, type XmlRpcValue } from './xmlrpc-value.ts';

/** True for text XML 1.0 can carry. */
function isXmlText(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const n = s.charCodeAt(i + 1);
      if (!(n >= 0xdc00 && n <= 0xdfff)) return false;
      i++;
    } else if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13) || (c >= 0xdc00 && c <= 0xdfff) || c === 0xfffe || c === 0xffff) {
      return false;
    }
  }
  return true;
}

const tricky = fc.constantFrom('&', '<', '>', '\r', '\n', '\r\n', '\t', ' ', '"', "'", ']]>', '&amp;', '<![CDATA[', 'é', '😀', '\u2028');
const xmlText = fc.string({ unit: fc.oneof(tricky, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter(isXmlText)), maxLength: 12 });

const wholeSecondDate = fc
  .date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
  .map((d) => new Date(Math.floor(d.getTime() / 1000) * 1000));

const scalar: fc.Arbitrary<XmlRpcValue> = fc.oneof(
  fc.integer({ min: I4_MIN, max: I4_MAX }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => new XmlRpcDouble(d)),
  fc.boolean(),
  xmlText,
  fc.constant(null),
  wholeSecondDate,
  fc.uint8Array({ maxLength: 40 }),
);

const { value: xmlRpcValue } = fc.letrec<{ value: XmlRpcValue; array: XmlRpcValue[]; struct: XmlRpcValue }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('struct')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  struct: fc.array(fc.tuple(xmlText, tie('value')), { maxLength: 4 }).map((entries) => {
    const s = createStruct();
    for (const [k, v] of entries) s[k] = v;
    return s;
  }),
}));

/** What a value reads back as: XmlRpcDouble becomes its number, structs null-prototype objects. */
function normalize(v: XmlRpcValue): XmlRpcValue {
  if (v instanceof XmlRpcDouble) return v.value;
  if (Array.isArray(v)) return v.map(normalize);
  if (isStruct(v)) {
    const s = createStruct();
    for (const k of Object.keys(v)) s[k] = normalize(v[k] as XmlRpcValue);
    return s;
  }
  return v;
}

function xmlError(fn: () => unknown): XmlRpcError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(XmlRpcError);
    return err as XmlRpcError;
  }
  throw new Error('expected an XmlRpcError, but nothing was thrown');
}

describe('XML-RPC round trips', () => {
  it('reads back every value it writes', () => {
    fc.assert(
      fc.property(xmlRpcValue, (v) => {
        expect(parseValue(formatValue(v))).toEqual(normalize(v));
      }),
      { numRuns: 500 },
    );
  });

  it('reads back method calls and responses', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_.:/]{1,20}$/), fc.array(xmlRpcValue, { maxLength: 4 }), (name, params) => {
        expect(parseMethodCall(formatMethodCall(name, params))).toEqual({ methodName: name, params: params.map(normalize) });
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(xmlRpcValue, (v) => {
        expect(parseMethodResponse(formatMethodResponse(v))).toEqual({ kind: 'value', value: normalize(v) });
      }),
      { numRuns: 200 },
    );
  });

  it('reads back faults', () => {
    fc.assert(
      fc.property(fc.integer({ min: I4_MIN, max: I4_MAX }), xmlText, (code, message) => {
        expect(parseMethodResponse(formatFault(code, message))).toEqual({ kind: 'fault', code, message });
      }),
    );
  });

  it('keeps integers as <i4>, other numbers as <double>, and -0 signed', () => {
    expect(formatValue(42)).toBe('<value><i4>42</i4></value>');
    expect(formatValue(2 ** 31)).toBe('<value><double>2147483648</double></value>');
    expect(formatValue(1.5)).toBe('<value><double>1.5</double></value>');
    expect(formatValue(new XmlRpcDouble(3))).toBe('<value><double>3</double></value>');
    expect(Object.is(parseValue(formatValue(-0)), -0)).toBe(true);
  });

  it('gives struct members named __proto__ as plain data', () => {
    const v = parseValue('<value><struct><member><name>__proto__</name><value>x</value></member></struct></value>') as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(v.__proto__).toBe('x');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('survives a struct that is nested 64 deep, and refuses 65', () => {
    const nested = (n: number): string => '<value><array><data>'.repeat(n - 1) + '<value>x</value>' + '</data></array></value>'.repeat(n - 1);
    let v = parseValue(nested(64));
    for (let i = 0; i < 63; i++) v = (v as XmlRpcValue[])[0] as XmlRpcValue;
    expect(v).toBe('x');
    expect(xmlError(() => parseValue(nested(65))).reason).toBe('values nest deeper than 64');
    expect(() => parseValue(nested(10), { maxDepth: 9 })).toThrow(/deeper than 9/);
  });
});

describe('XML-RPC reading', () => {
  it('reads every type name and untyped text', () => {
    const xml = `<?xml version="1.0"?>
<methodResponse><params><param><value><struct>
  <member><name>int</name><value><int> -7 </int></value></member>
  <member><name>i4</name><value><i4>+12</i4></value></member>
  <member><name>yes</name><value><boolean>1</boolean></value></member>
  <member><name>no</name><value><boolean>0</boolean></value></member>
  <member><name>text</name><value>  untyped  </value></member>
  <member><name>empty</name><value></value></member>
  <member><name>emptyString</name><value><string/></value></member>
  <member><name>double</name><value><double>-12.5</double></value></member>
  <member><name>date</name><value><dateTime.iso8601>19980717T14:08:55</dateTime.iso8601></value></member>
  <member><name>extDate</name><value><dateTime.iso8601>1998-07-17T14:08:55.250+02:00</dateTime.iso8601></value></member>
  <member><name>bytes</name><value><base64>
    eW91IGNhbid0IHJlYWQgdGhpcyE=
  </base64></value></member>
  <member><name>nil</name><value><nil/></value></member>
  <member><name>cdata</name><value><string><![CDATA[<a & b>]]></string></value></member>
  <member><name>list</name><value><array><data>
    <value><i4>1</i4></value>
    <value>two</value>
  </data></array></value></member>
</struct></value></param></params></methodResponse>`;
    const r = parseMethodResponse(xml);
    expect(r.kind).toBe('value');
    const s = (r as { value: Record<string, XmlRpcValue> }).value;
    expect(s.int).toBe(-7);
    expect(s.i4).toBe(12);
    expect(s.yes).toBe(true);
    expect(s.no).toBe(false);
    expect(s.text).toBe('  untyped  ');
    expect(s.empty).toBe('');
    expect(s.emptyString).toBe('');
    expect(s.double).toBe(-12.5);
    expect(s.date).toEqual(new Date('1998-07-17T14:08:55Z'));
    expect(s.extDate).toEqual(new Date('1998-07-17T12:08:55.250Z'));
    expect(new TextDecoder().decode(s.bytes as Uint8Array)).toBe("you can't read this!");
    expect(s.nil).toBeNull();
    expect(s.cdata).toBe('<a & b>');
    expect(s.list).toEqual([1, 'two']);
  });

  it('reads a method call without params, and a leading byte order mark', () => {
    expect(parseMethodCall('\ufeff<methodCall><methodName> system.listMethods </methodName></methodCall>')).toEqual({
      methodName: 'system.listMethods',
      params: [],
    });
  });

  it('resolves entities and character references', () => {
    expect(parseValue('<value>&lt;&amp;&gt;&quot;&apos;&#65;&#x1F600;</value>')).toBe('<&>"\'A😀');
  });

  it('keeps carriage returns it wrote, though the parser normalises raw ones', () => {
    expect(parseValue(formatValue('a\r\nb\rc'))).toBe('a\r\nb\rc');
    expect(parseValue('<value>a\r\nb</value>')).toBe('a\nb');
  });
});

describe('XML-RPC writing', () => {
  it('escapes markup characters', () => {
    expect(escapeXmlText('a<b>&c\r\n"\'')).toBe('a&lt;b&gt;&amp;c&#13;\n"\'');
    expect(escapeXmlText('plain')).toBe('plain');
    expect(formatValue(createStruct({ 'a&b': '<x>' }))).toBe(
      '<value><struct><member><name>a&amp;b</name><value><string>&lt;x&gt;</string></value></member></struct></value>',
    );
  });

  it('writes dates as UTC whole seconds and bytes as base64', () => {
    expect(formatValue(new Date('2024-02-29T23:59:58.999Z'))).toBe('<value><dateTime.iso8601>20240229T23:59:58</dateTime.iso8601></value>');
    expect(formatValue(new Uint8Array([0, 255, 128]))).toBe('<value><base64>AP+A</base64></value>');
  });

  it('refuses what XML-RPC cannot carry, saying where', () => {
    expect(xmlError(() => formatValue(createStruct({ a: [1, '\u0000'] }))).message).toMatch(/value\.a\[1\] holds U\+0000/);
    expect(xmlError(() => formatValue('\ud800')).message).toMatch(/U\+D800/);
    expect(xmlError(() => formatValue(createStruct({ 'x\u0007': 1 }))).message).toMatch(/member name/);
    expect(xmlError(() => formatValue(Number.NaN)).message).toMatch(/not a finite number/);
    expect(xmlError(() => formatValue(new XmlRpcDouble(Number.POSITIVE_INFINITY))).message).toMatch(/not a finite number/);
    expect(xmlError(() => formatValue(new Date(Number.NaN))).message).toMatch(/invalid/);
    expect(xmlError(() => formatValue(new Date('+010000-01-01T00:00:00Z'))).message).toMatch(/0000-9999/);
    expect(xmlError(() => formatValue([undefined as unknown as XmlRpcValue])).message).toMatch(/value\[0\]: undefined/);
    expect(xmlError(() => formatValue(10n as unknown as XmlRpcValue)).message).toMatch(/a bigint/);
    expect(xmlError(() => formatValue(new Map() as unknown as XmlRpcValue)).message).toMatch(/instance of Map/);
    expect(xmlError(() => formatMethodCall('bad name', [])).message).toMatch(/method name/);
    expect(xmlError(() => formatFault(1.5, 'x')).message).toMatch(/fault code/);
  });

  it('stops at cycles', () => {
    const loop: XmlRpcValue[] = [];
    loop.push(loop);
    expect(xmlError(() => formatValue(loop)).message).toMatch(/deeper than 64 .*cycle/);
  });
});

describe('XML-RPC errors', () => {
  const cases: [string, string, RegExp][] = [
    ['empty document', '', /root element/],
    ['not XML', 'login=true', /text data outside of root|root element/],
    ['unclosed', '<value><string>x</string>', /unclosed tag/],
    ['trailing element', '<value>x</value><value>y</value>', /only one root/],
    ['DOCTYPE', '<!DOCTYPE value [<!ENTITY a "b">]><value>&a;</value>', /DOCTYPE/],
    ['undefined entity', '<value>&nbsp;</value>', /undefined entity/i],
    ['wrong root', '<methodCall/>', /expected <value>/],
    ['unknown type', '<value><float>1</float></value>', /<float> is not allowed inside <value>/],
    ['two values', '<value><i4>1</i4><string>2</string></value>', /more than one value/],
    ['mixed content', '<value>a<i4>1</i4></value>', /mixes text/],
    ['text after a typed value', '<value><i4>1</i4>x</value>', /unexpected text "x" inside <value>/],
    ['text in a struct', '<value><struct>x</struct></value>', /unexpected text "x" inside <struct>/],
    ['element in a scalar', '<value><string><b/></string></value>', /<b> is not allowed inside <string>/],
    ['member without name', '<value><struct><member><value>1</value></member></struct></value>', /without <name>/],
    ['member without value', '<value><struct><member><name>a</name></member></struct></value>', /"a" without <value>/],
    ['member with two names', '<value><struct><member><name>a</name><name>b</name></member></struct></value>', /second <name>/],
    ['duplicate member', '<value><struct><member><name>a</name><value>1</value></member><member><name>a</name><value>2</value></member></struct></value>', /"a" twice/],
    ['array without data', '<value><array></array></value>', /without <data>/],
    ['array with two data', '<value><array><data/><data/></array></value>', /more than one <data>/],
    ['bad int', '<value><int>12a</int></value>', /<int> "12a" is not a 32-bit integer/],
    ['int too big', '<value><i4>2147483648</i4></value>', /not a 32-bit integer/],
    ['empty int', '<value><i4></i4></value>', /not a 32-bit integer/],
    ['bad boolean', '<value><boolean>yes</boolean></value>', /not 0 or 1/],
    ['bad double', '<value><double>1.2.3</double></value>', /not a finite decimal/],
    ['infinite double', '<value><double>1e999</double></value>', /not a finite decimal/],
    ['NaN double', '<value><double>NaN</double></value>', /not a finite decimal/],
    ['bad date', '<value><dateTime.iso8601>yesterday</dateTime.iso8601></value>', /not a date/],
    ['impossible date', '<value><dateTime.iso8601>20230230T00:00:00</dateTime.iso8601></value>', /not a date/],
    ['bad base64', '<value><base64>@@@@</base64></value>', /not base64/],
    ['base64 of impossible length', '<value><base64>AAAAA</base64></value>', /not base64/],
    ['nil with content', '<value><nil>0</nil></value>', /unexpected text "0" inside <nil>/],
  ];
  for (const [label, xml, pattern] of cases) {
    it(`refuses ${label}`, () => {
      expect(xmlError(() => parseValue(xml)).message).toMatch(pattern);
    });
  }

  it('refuses malformed method calls and responses', () => {
    expect(xmlError(() => parseMethodCall('<methodCall><params/></methodCall>')).message).toMatch(/<params> before <methodName>/);
    expect(xmlError(() => parseMethodCall('<methodCall></methodCall>')).message).toMatch(/without <methodName>/);
    expect(xmlError(() => parseMethodCall('<methodCall><methodName> </methodName></methodCall>')).message).toMatch(/empty/);
    expect(xmlError(() => parseMethodCall('<methodCall><methodName>a</methodName><params><param/></params></methodCall>')).message).toMatch(
      /<param> without <value>/,
    );
    expect(xmlError(() => parseMethodResponse('<methodResponse/>')).message).toMatch(/without <params> or <fault>/);
    expect(xmlError(() => parseMethodResponse('<methodResponse><params/></methodResponse>')).message).toMatch(/exactly one <param>, found 0/);
    expect(
      xmlError(() => parseMethodResponse('<methodResponse><params><param><value>1</value></param><param><value>2</value></param></params></methodResponse>')).message,
    ).toMatch(/found 2/);
    expect(xmlError(() => parseMethodResponse('<methodResponse><params/><fault/></methodResponse>')).message).toMatch(/<fault> after <params>/);
    expect(xmlError(() => parseMethodResponse('<methodResponse><fault><value>x</value></fault></methodResponse>')).message).toMatch(/not a <struct>/);
    expect(
      xmlError(() => parseMethodResponse('<methodResponse><fault><value><struct><member><name>faultString</name><value>x</value></member></struct></value></fault></methodResponse>')).message,
    ).toMatch(/no integer faultCode/);
    expect(xmlError(() => parseMethodResponse('<value>1</value>')).message).toMatch(/expected <methodResponse>/);
    expect(xmlError(() => parseValue(42 as unknown as string)).message).toMatch(/as a string/);
  });

  it('reports the line and column', () => {
    const err = xmlError(() => parseValue('<value>\n  <struct>\n    <member><name>a</name><value><i4>x</i4></value></member>\n  </struct>\n</value>'));
    expect(err.line).toBe(3);
    expect(err.column).toBeGreaterThan(30);
    expect(err.message).toMatch(/^XML-RPC: line 3, column \d+: <i4> "x"/);
    const syntax = xmlError(() => parseValue('<value>\n<string>a</strin>\n</value>'));
    expect(syntax.line).toBe(2);
    expect(syntax.message).toMatch(/line 2/);
  });

  it('refuses documents over the size limit before parsing', () => {
    const err = xmlError(() => parseValue(`<value>${'x'.repeat(100)}</value>`, { maxLength: 50 }));
    expect(err.message).toMatch(/115 characters long, over the limit of 50/);
  });

  it('answers any input with a value or an XmlRpcError', () => {
    const samples = formatMethodResponse(createStruct({ a: [1, 'two', createStruct({ b: true })], c: 1.5 }));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.nat(samples.length).map((n) => samples.slice(0, n)), fc.tuple(fc.nat(samples.length), fc.string({ maxLength: 3 })).map(([n, s]) => samples.slice(0, n) + s + samples.slice(n))), (input) => {
        try {
          parseMethodResponse(input);
        } catch (err) {
          expect(err).toBeInstanceOf(XmlRpcError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
