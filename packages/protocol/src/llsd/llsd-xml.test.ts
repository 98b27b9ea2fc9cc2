import { readFileSync } from 'node:fs';
import { projectFixture } from '@slv/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { llsdValue, withPlainReals } from './llsd-arbitrary.ts';
import { formatLLSDBinary, parseLLSDBinary } from './llsd-binary.ts';
import { LLSDFormatError, LLSDParseError } from './llsd-error.ts';
import { formatLLSDNotation, parseLLSDNotation } from './llsd-notation.ts';
import { createLLSDMap, LLSDReal, LLSDURI, LLSDUUID, type LLSDMap, type LLSDValue } from './llsd-value.ts';
import { formatLLSDXml, parseLLSDXml } from './llsd-xml.ts';

const UUID = 'f32c5c65-f4dd-4a78-be1f-dc74465158bc';

function xml(body: string): string {
  return `<llsd>${body}</llsd>`;
}

function errorOf(text: string | Uint8Array, maxDepth?: number): LLSDParseError {
  try {
    parseLLSDXml(text, maxDepth === undefined ? undefined : { maxDepth });
  } catch (err) {
    expect(err).toBeInstanceOf(LLSDParseError);
    return err as LLSDParseError;
  }
  throw new Error('the XML parsed, but it should not have');
}

function roundTrip(value: LLSDValue): LLSDValue {
  return parseLLSDXml(formatLLSDXml(value), { realsAsLLSDReal: true });
}

describe('parseLLSDXml', () => {
  it('reads every type', () => {
    const value = parseLLSDXml(
      `<?xml version="1.0" encoding="UTF-8"?>
      <llsd>
        <array>
          <undef/>
          <boolean>true</boolean>
          <integer>-42</integer>
          <real>1.5</real>
          <string>héllo &amp; &lt;world&gt;</string>
          <uuid>${UUID.toUpperCase()}</uuid>
          <date>2006-02-01T14:29:53Z</date>
          <uri>http://example.com/?a=1&amp;b=2</uri>
          <binary encoding="base64">AAEC/w==</binary>
          <map><key>a</key><integer>1</integer><key>b</key><array/></map>
        </array>
      </llsd>`,
    );
    expect(value).toEqual([
      null,
      true,
      -42,
      1.5,
      'héllo & <world>',
      new LLSDUUID(UUID),
      new Date(Date.UTC(2006, 1, 1, 14, 29, 53)),
      new LLSDURI('http://example.com/?a=1&b=2'),
      new Uint8Array([0, 1, 2, 255]),
      createLLSDMap({ a: 1, b: [] }),
    ]);
  });

  it('reads empty elements as their type defaults', () => {
    const value = parseLLSDXml(
      xml(
        '<array><undef/><boolean/><integer/><real/><string/><uuid/><date/><uri/><binary/><map/><array/><integer /><uuid /></array>',
      ),
    );
    expect(value).toEqual([
      null,
      false,
      0,
      0,
      '',
      LLSDUUID.NULL,
      new Date(0),
      new LLSDURI(''),
      new Uint8Array(0),
      createLLSDMap(),
      [],
      0,
      LLSDUUID.NULL,
    ]);
  });

  it('reads <llsd/> and an empty <llsd></llsd> as undef', () => {
    expect(parseLLSDXml('<llsd/>')).toBeNull();
    expect(parseLLSDXml('<llsd></llsd>')).toBeNull();
  });

  it('reads the boolean spellings', () => {
    const spellings = ['true', 'TRUE', '1', ' 1 ', 'false', 'False', '0', ''];
    const parsed = spellings.map((s) => parseLLSDXml(xml(`<boolean>${s}</boolean>`)));
    expect(parsed).toEqual([true, true, true, true, false, false, false, false]);
  });

  it('reads reals in decimal, exponent and special forms', () => {
    const forms = ['-6.6666667407844216E-05', '1e+10', '.5', '7.', '+3', 'nan', 'NaN', 'inf', '-inf', 'Infinity', '-Infinity', '1.#INF', '-1.#IND', '-0'];
    const parsed = forms.map((s) => parseLLSDXml(xml(`<real>${s}</real>`)));
    expect(parsed).toEqual([-6.6666667407844216e-5, 1e10, 0.5, 7, 3, NaN, NaN, Infinity, -Infinity, Infinity, -Infinity, Infinity, NaN, -0]);
  });

  it('reads base16 binary and base64 with line breaks', () => {
    expect(parseLLSDXml(xml('<binary encoding="base16">00ff7Fa0</binary>'))).toEqual(new Uint8Array([0, 255, 127, 160]));
    expect(parseLLSDXml(xml('<binary>AAEC\n  AwQF\n</binary>'))).toEqual(new Uint8Array([0, 1, 2, 3, 4, 5]));
  });

  it('reads dates with fractions, offsets, or no zone', () => {
    const dates = ['2006-02-01T14:29:53.43Z', '2006-02-01T16:29:53+02:00', '2006-02-01T14:29:53', '2006-02-01'];
    expect(dates.map((d) => (parseLLSDXml(xml(`<date>${d}</date>`)) as Date).toISOString())).toEqual([
      '2006-02-01T14:29:53.430Z',
      '2006-02-01T14:29:53.000Z',
      '2006-02-01T14:29:53.000Z',
      '2006-02-01T00:00:00.000Z',
    ]);
  });

  it('keeps whitespace in strings, keys and uris, and reads CDATA and comments', () => {
    const value = parseLLSDXml(xml('<map><key> k </key><!-- note --><string>  two  spaces </string><key>c</key><string><![CDATA[<raw & text>]]></string></map>'));
    expect(value).toEqual(createLLSDMap({ ' k ': '  two  spaces ', c: '<raw & text>' }));
  });

  it('reads "__proto__" as an ordinary key', () => {
    const value = parseLLSDXml(xml('<map><key>__proto__</key><integer>1</integer><key>constructor</key><string>x</string></map>')) as LLSDMap;
    expect(Object.getPrototypeOf(value)).toBeNull();
    expect(Object.keys(value)).toEqual(['__proto__', 'constructor']);
    expect(value['__proto__']).toBe(1);
  });

  it('returns reals as plain numbers unless realsAsLLSDReal is set', () => {
    const text = xml('<array><real>2</real><integer>2</integer></array>');
    expect(parseLLSDXml(text)).toEqual([2, 2]);
    expect(parseLLSDXml(text, { realsAsLLSDReal: true })).toEqual([new LLSDReal(2), 2]);
  });

  it('reads UTF-8 bytes, with or without a BOM', () => {
    const bytes = new TextEncoder().encode(xml('<string>☃</string>'));
    expect(parseLLSDXml(bytes)).toBe('☃');
    expect(parseLLSDXml(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]))).toBe('☃');
  });
});

describe('formatLLSDXml', () => {
  it('writes the compact form the viewer and OpenSim write', () => {
    const value = createLLSDMap({
      a: [null, true, false, 7, new LLSDReal(7), 0.25, ''],
      u: new LLSDUUID(UUID),
      d: new Date(Date.UTC(2006, 1, 1, 14, 29, 53)),
      l: new LLSDURI('http://x/?a&b'),
      b: new Uint8Array([1, 2, 3]),
      e: createLLSDMap(),
    });
    expect(formatLLSDXml(value)).toBe(
      '<llsd><map><key>a</key><array><undef/><boolean>1</boolean><boolean>0</boolean><integer>7</integer>' +
        '<real>7</real><real>0.25</real><string/></array>' +
        `<key>u</key><uuid>${UUID}</uuid><key>d</key><date>2006-02-01T14:29:53Z</date>` +
        '<key>l</key><uri>http://x/?a&amp;b</uri><key>b</key><binary encoding="base64">AQID</binary>' +
        '<key>e</key><map/></map></llsd>',
    );
  });

  it('writes numbers outside S32 and non-integers as reals, and the specials as nan/inf', () => {
    expect(formatLLSDXml([2147483647, 2147483648, -2147483648, -2147483649, 1.5, NaN, Infinity, -Infinity, new LLSDReal(-0)])).toBe(
      '<llsd><array><integer>2147483647</integer><real>2147483648</real><integer>-2147483648</integer>' +
        '<real>-2147483649</real><real>1.5</real><real>nan</real><real>inf</real><real>-inf</real><real>-0</real></array></llsd>',
    );
  });

  it('writes milliseconds only when a date has them', () => {
    expect(formatLLSDXml(new Date(Date.UTC(2020, 0, 2, 3, 4, 5, 60)))).toBe('<llsd><date>2020-01-02T03:04:05.060Z</date></llsd>');
  });

  it('escapes markup and carriage returns so they survive', () => {
    const s = 'a<b>&c\r\nd\te "q" \'s\'';
    expect(formatLLSDXml(s)).toBe('<llsd><string>a&lt;b&gt;&amp;c&#13;\nd\te "q" \'s\'</string></llsd>');
    expect(parseLLSDXml(formatLLSDXml(s))).toBe(s);
  });

  it('refuses what XML cannot carry or what is not LLSD, saying where', () => {
    const cases: [LLSDValue, string][] = [
      [createLLSDMap({ a: ['ok', 'bell\u0007'] }), 'cannot write LLSD xml: the value at /a/1 has U+0007 at index 4, which XML 1.0 cannot carry'],
      [['\ud800x'], 'cannot write LLSD xml: the value at /0 has a lone surrogate at index 0, which XML cannot carry'],
      [createLLSDMap({ 'a/b': undefined as unknown as LLSDValue }), 'cannot write LLSD xml: the value at /a~1b is undefined, not an LLSD value'],
      [[new Map() as unknown as LLSDValue], 'cannot write LLSD xml: the value at /0 is a Map, not an LLSD value'],
      [new Date(NaN), 'cannot write LLSD xml: the value is an invalid Date or lies outside the years 0000-9999'],
    ];
    for (const [value, message] of cases) {
      expect(() => formatLLSDXml(value)).toThrow(LLSDFormatError);
      expect(() => formatLLSDXml(value)).toThrow(message);
    }
  });

  it('refuses cyclic values instead of overflowing the stack', () => {
    const cyclic: LLSDValue[] = [];
    cyclic.push(cyclic);
    expect(() => formatLLSDXml(cyclic)).toThrow(/nests deeper than 256 levels \(or is cyclic\)/);
  });
});

describe('LLSD XML round trips', () => {
  it('keeps every type, nested containers, unicode and all byte values', () => {
    const all = new Uint8Array(256).map((_, i) => i);
    const value = createLLSDMap({
      undef: null,
      bools: [true, false],
      ints: [0, 1, -1, 2147483647, -2147483648],
      reals: [new LLSDReal(0), new LLSDReal(1), new LLSDReal(-0), new LLSDReal(0.1), new LLSDReal(1e300), new LLSDReal(5e-324), new LLSDReal(NaN), new LLSDReal(Infinity)],
      text: ['', 'plain', 'ünïcödé ☃ 𝄞 中文', ' \t\n\r '],
      uuid: new LLSDUUID(UUID),
      date: new Date(Date.UTC(1969, 6, 20, 20, 17, 40, 123)),
      uri: new LLSDURI('https://example.com/path?q=1&r=<2>'),
      binary: all,
      emptyBinary: new Uint8Array(0),
      nested: [[[createLLSDMap({ deep: [createLLSDMap()] })]], []],
      '': 'empty key',
    });
    expect(roundTrip(value)).toEqual(value);
  });

  it('keeps integer and real apart through LLSDReal', () => {
    expect(roundTrip([1, new LLSDReal(1)])).toEqual([1, new LLSDReal(1)]);
    expect(parseLLSDXml(formatLLSDXml([1, new LLSDReal(1), 1.25]))).toEqual([1, 1, 1.25]);
  });

  it('round-trips generated values', () => {
    fc.assert(
      fc.property(llsdValue({ xmlSafe: true }), (value) => {
        const text = formatLLSDXml(value);
        expect(parseLLSDXml(text, { realsAsLLSDReal: true })).toEqual(value);
        expect(parseLLSDXml(text)).toEqual(withPlainReals(value));
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseLLSDXml errors', () => {
  function expectError(text: string, fields: Partial<LLSDParseError>): LLSDParseError {
    const err = errorOf(text);
    expect(err.format).toBe('xml');
    expect(pick(err, Object.keys(fields) as (keyof LLSDParseError)[])).toEqual(fields);
    return err;
  }

  function pick(err: LLSDParseError, keys: (keyof LLSDParseError)[]): Record<string, unknown> {
    return Object.fromEntries(keys.map((k) => [k, err[k]]));
  }

  it('reports XML that is not well-formed, with line and column', () => {
    const err = expectError('<llsd>\n  <array>\n</llsd>', { line: 3, expected: 'well-formed XML' });
    expect(err.found).toMatch(/unexpected close tag/);
    expect(err.message).toMatch(/^LLSD xml at 3:\d+ \(offset \d+\): expected well-formed XML, found /);
  });

  it('reports the element where a bad value starts', () => {
    const err = expectError('<llsd>\n<array>\n  <integer>12x</integer>\n</array></llsd>', {
      line: 3,
      column: 3,
      offset: 17,
      expected: 'a decimal S32 integer in <integer>',
      found: '"12x"',
    });
    expect(err.message).toBe('LLSD xml at 3:3 (offset 17): expected a decimal S32 integer in <integer>, found "12x"');
  });

  it('reports each kind of bad content', () => {
    const cases: [string, string, string][] = [
      [xml('<integer>2147483648</integer>'), 'a decimal S32 integer in <integer>', '"2147483648"'],
      [xml('<integer>1.0</integer>'), 'a decimal S32 integer in <integer>', '"1.0"'],
      [xml('<real>0x10</real>'), 'a real number in <real>', '"0x10"'],
      [xml('<boolean>yes</boolean>'), 'true, false, 1, 0 or nothing in <boolean>', '"yes"'],
      [xml('<uuid>not-a-uuid</uuid>'), 'a uuid (8-4-4-4-12 hex) in <uuid>', '"not-a-uuid"'],
      [xml('<date>2006-13-01T00:00:00Z</date>'), 'an ISO 8601 date such as 2006-02-01T14:29:53Z in <date>', '"2006-13-01T00:00:00Z"'],
      [xml('<binary>A===</binary>'), 'base64 data in <binary>', '"A==="'],
      [xml('<binary encoding="base16">abc</binary>'), 'pairs of hex digits in <binary>', '"abc"'],
      [xml('<binary encoding="base85">abc</binary>'), 'encoding="base64" or encoding="base16" on <binary>', 'encoding="base85"'],
    ];
    for (const [text, expected, found] of cases) {
      expect(pick(errorOf(text), ['expected', 'found'])).toEqual({ expected, found });
    }
  });

  it('reports structure that is not LLSD', () => {
    const cases: [string, string, string][] = [
      ['<plist><array/></plist>', 'the root element <llsd>', '<plist>'],
      [xml('<list/>'), '<undef>, <boolean>, <integer>, <real>, <string>, <uuid>, <date>, <uri>, <binary>, <map> or <array>', '<list>'],
      [xml('<map><integer>1</integer></map>'), '<key> before each value in a <map>', '<integer>'],
      [xml('<map><key>a</key><key>b</key></map>'), 'a value for the key "a"', 'another <key>'],
      [xml('<map><key>a</key></map>'), 'a value for the key "a"', '</map>'],
      [xml('<array><key>a</key></array>'), 'a value element inside <array>', '<key>'],
      [xml('<integer>1</integer><integer>2</integer>'), '</llsd>: <llsd> holds one value', '<integer>'],
      [xml('<string>a<b/></string>'), 'text only inside <string>', 'element <b>'],
      [xml('<map>text</map>'), 'elements only inside <map>', 'text "text"'],
      ['', 'well-formed XML', 'document must contain a root element.'],
    ];
    for (const [text, expected, found] of cases) {
      expect(pick(errorOf(text), ['expected', 'found'])).toEqual({ expected, found });
    }
  });

  it('enforces the nesting limit', () => {
    const deep = xml('<array>'.repeat(300) + '</array>'.repeat(300));
    expect(pick(errorOf(deep), ['expected', 'found'])).toEqual({ expected: 'nesting no deeper than 256', found: '<array> at depth 257' });
    expect(pick(errorOf(xml('<map><key>a</key><array><array/></array></map>'), 2), ['expected', 'found'])).toEqual({
      expected: 'nesting no deeper than 2',
      found: '<array> at depth 3',
    });
    expect(parseLLSDXml(xml('<array>'.repeat(256) + '</array>'.repeat(256)))).toBeInstanceOf(Array);
  });

  it('reports bytes that are not UTF-8 at the first bad byte', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('<llsd><string>ab'), 0xc3, 0x28, ...new TextEncoder().encode('</string></llsd>')]);
    expect(pick(errorOf(bytes), ['offset', 'expected', 'found'])).toEqual({ offset: 16, expected: 'UTF-8 text', found: 'bytes that are not UTF-8' });
  });
});

describe('OpenSim 0.9.2.2 capability traffic', () => {
  function fixture(name: string): string {
    return readFileSync(projectFixture(`opensim-0.9.2.2/http/${name}`), 'utf8');
  }

  const files = [
    'seed-capability-request.llsd.xml',
    'seed-capability-response.llsd.xml',
    'event-queue-request-1.llsd.xml',
    'event-queue-request-2.llsd.xml',
    'event-queue-response-1.llsd.xml',
    'environment-response.llsd.xml',
    'fetch-inventory-request.llsd.xml',
    'fetch-inventory-response.llsd.xml',
  ];

  it.each(files)('%s survives XML, binary and notation round trips', (name) => {
    const value = parseLLSDXml(fixture(name), { realsAsLLSDReal: true });
    expect(parseLLSDXml(formatLLSDXml(value), { realsAsLLSDReal: true })).toEqual(value);
    expect(parseLLSDBinary(formatLLSDBinary(value), { realsAsLLSDReal: true })).toEqual(value);
    expect(parseLLSDNotation(formatLLSDNotation(value), { realsAsLLSDReal: true })).toEqual(value);
    // Without the real wrappers the values still agree as numbers.
    expect(parseLLSDBinary(formatLLSDBinary(parseLLSDXml(fixture(name))))).toEqual(withPlainReals(value));
  });

  it('reads the seed capability request: an array of capability names', () => {
    const names = parseLLSDXml(fixture('seed-capability-request.llsd.xml')) as string[];
    expect(names).toHaveLength(111);
    expect(names.slice(0, 3)).toEqual(['AbuseCategories', 'AcceptFriendship', 'AcceptGroupInvite']);
    expect(names).toContain('EventQueueGet');
    expect(names.every((n) => typeof n === 'string' && n.length > 0)).toBe(true);
  });

  it('reads the seed capability response: 50 capability URLs', () => {
    const caps = parseLLSDXml(fixture('seed-capability-response.llsd.xml')) as LLSDMap;
    expect(Object.keys(caps)).toHaveLength(50);
    expect(caps['EventQueueGet']).toBe('http://127.0.0.1:9000/CE/9920a2f7-2f1b-48c6-b33e-e05bd7664923');
    expect(caps['ServerReleaseNotes']).toBe('http://127.0.0.1:9000/6b8b4e6b-ff58-4e61-a309-698046f56055');
    expect(Object.values(caps).every((url) => typeof url === 'string' && url.startsWith('http://127.0.0.1:9000/'))).toBe(true);
  });

  it('reads event queue requests', () => {
    expect(parseLLSDXml(fixture('event-queue-request-1.llsd.xml'))).toEqual(createLLSDMap({ ack: null, done: false }));
    expect(parseLLSDXml(fixture('event-queue-request-2.llsd.xml'))).toEqual(createLLSDMap({ ack: 4294284, done: false }));
  });

  it('reads the ParcelProperties event', () => {
    const reply = parseLLSDXml(fixture('event-queue-response-1.llsd.xml')) as LLSDMap;
    expect(Object.keys(reply).sort()).toEqual(['events', 'id']);
    expect(reply['id']).toBe(4294284);
    const events = reply['events'] as LLSDMap[];
    expect(events).toHaveLength(1);
    const event = events[0] as LLSDMap;
    expect(event['message']).toBe('ParcelProperties');
    const body = event['body'] as LLSDMap;
    expect(Object.keys(body)).toEqual([
      'ParcelData',
      'MediaData',
      'ParcelExtendedFlags',
      'AgeVerificationBlock',
      'ParcelEnvironmentBlock',
      'RegionAllowAccessBlock',
    ]);
    const parcel = (body['ParcelData'] as LLSDMap[])[0] as LLSDMap;
    expect(parcel['LocalID']).toBe(1);
    expect(parcel['Area']).toBe(65536);
    expect(parcel['AABBMax']).toEqual([256, 256, 0]);
    expect(parcel['Name']).toBe('Your Parcel');
    expect(parcel['Desc']).toBe('');
    expect(parcel['AuctionID']).toBe(0);
    expect(parcel['AuthBuyerID']).toEqual(LLSDUUID.NULL);
    expect(parcel['OwnerID']).toEqual(new LLSDUUID(UUID));
    expect(parcel['ClaimDate']).toEqual(new Date('2026-11-29T17:37:00Z'));
    expect(parcel['ParcelFlags']).toEqual(new Uint8Array([0x28, 0x00, 0x20, 0x4b]));
    const bitmap = parcel['Bitmap'] as Uint8Array;
    expect(bitmap).toHaveLength(512);
    expect(bitmap.every((b) => b === 0xff)).toBe(true);
    expect(parcel['SeeAVs']).toBe(true);
    expect(parcel['IsGroupOwned']).toBe(false);
    expect((body['ParcelEnvironmentBlock'] as LLSDMap[])[0]).toEqual(
      createLLSDMap({ ParcelEnvironmentVersion: -1, RegionAllowEnvironmentOverride: false }),
    );
  });

  it('reads the environment and inventory replies', () => {
    const env = parseLLSDXml(fixture('environment-response.llsd.xml')) as LLSDMap;
    expect(env['success']).toBe(true);
    expect(env['parcel_id']).toBe(-1);
    const environment = env['environment'] as LLSDMap;
    expect(environment['region_id']).toEqual(new LLSDUUID('11111111-2222-3333-4444-555555555555'));
    expect(environment['track_altitudes']).toEqual([1000, 2000, 3000]);

    const request = parseLLSDXml(fixture('fetch-inventory-request.llsd.xml')) as LLSDMap;
    expect(request['folders']).toEqual([
      createLLSDMap({
        folder_id: new LLSDUUID('d6682d2b-9a14-4213-a982-5d09c24061af'),
        owner_id: new LLSDUUID(UUID),
        fetch_folders: true,
        fetch_items: true,
        sort_order: 0,
      }),
    ]);
    const folder = ((parseLLSDXml(fixture('fetch-inventory-response.llsd.xml')) as LLSDMap)['folders'] as LLSDMap[])[0] as LLSDMap;
    expect(folder['descendents']).toBe(6);
    const items = folder['items'] as LLSDMap[];
    expect(items).toHaveLength(12);
    expect(items[0]?.['name']).toBe('Default Shape');
    expect((items[0]?.['permissions'] as LLSDMap)['base_mask']).toBe(581632);
  });
});
