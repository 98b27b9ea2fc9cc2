import { readFileSync } from 'node:fs';
import { describeWithShared, sharedPath } from '@slv/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTemplate } from './parse-template.ts';
import type { FieldType, MessageDef } from './template-ast.ts';
import { TemplateError } from './template-error.ts';

/** One message with one Single block holding `fields`. */
function oneBlock(fields: string): string {
  return `{ M Low 1 NotTrusted Unencoded { B Single ${fields} } }`;
}

function parseOne(text: string): MessageDef {
  const template = parseTemplate(text);
  expect(template.messages).toHaveLength(1);
  return template.messages[0]!;
}

function errorOf(text: string, file?: string): TemplateError {
  try {
    parseTemplate(text, file);
  } catch (err) {
    expect(err).toBeInstanceOf(TemplateError);
    return err as TemplateError;
  }
  throw new Error('the template parsed, but it should not have');
}

function expectError(text: string, line: number, column: number, expected: string, found: string): void {
  const err = errorOf(text);
  expect({ line: err.line, column: err.column, expected: err.expected, found: err.found }).toEqual({
    line,
    column,
    expected,
    found,
  });
  expect(err.message).toBe(`<template>:${line}:${column}: expected ${expected}, found ${found}`);
}

describe('parseTemplate: grammar', () => {
  it('parses empty input as a template with no messages', () => {
    expect(parseTemplate('')).toEqual({ version: '', messages: [] });
    expect(parseTemplate('  \n\t// only a comment\n\n')).toEqual({ version: '', messages: [] });
  });

  it('reads the version line and keeps its text', () => {
    expect(parseTemplate('version 2.0\n').version).toBe('2.0');
    expect(parseTemplate('version 2').version).toBe('2');
    expect(parseTemplate('// header\nversion 2.0 // trailing\n{ M Low 1 Trusted Unencoded }').version).toBe('2.0');
  });

  it.each([
    ['High', '7', 7],
    ['Medium', '18', 18],
    ['Low', '431', 431],
    ['Fixed', '0xFFFFFFFB', 0xfffffffb],
  ] as const)('reads a %s message', (frequency, written, number) => {
    const m = parseOne(`{ M ${frequency} ${written} NotTrusted Unencoded }`);
    expect(m.frequency).toBe(frequency);
    expect(m.number).toBe(number);
  });

  it('reads decimal and 0x hex message numbers', () => {
    expect(parseOne('{ M Low 65535 Trusted Unencoded }').number).toBe(65535);
    expect(parseOne('{ M Low 0x1A Trusted Unencoded }').number).toBe(26);
    expect(parseOne('{ M High 0XfF Trusted Unencoded }').number).toBe(255);
    expect(parseOne('{ M Medium 007 Trusted Unencoded }').number).toBe(7);
    expect(parseOne('{ M Fixed 4294967291 Trusted Unencoded }').number).toBe(0xfffffffb);
    expect(parseOne('{ M Fixed 0xFFFFFF00 Trusted Unencoded }').number).toBe(0xffffff00);
  });

  it.each(['Trusted', 'NotTrusted'] as const)('reads trust %s', (trust) => {
    expect(parseOne(`{ M Low 1 ${trust} Unencoded }`).trust).toBe(trust);
  });

  it.each(['Unencoded', 'Zerocoded'] as const)('reads encoding %s', (encoding) => {
    expect(parseOne(`{ M Low 1 Trusted ${encoding} }`).encoding).toBe(encoding);
  });

  it.each(['Deprecated', 'UDPDeprecated', 'UDPBlackListed', 'NotDeprecated'] as const)(
    'reads deprecation %s',
    (deprecation) => {
      expect(parseOne(`{ M Low 1 Trusted Unencoded ${deprecation} { B Single { F U8 } } }`).deprecation).toBe(
        deprecation,
      );
    },
  );

  it('defaults deprecation to NotDeprecated', () => {
    expect(parseOne('{ M Low 1 Trusted Unencoded { B Single { F U8 } } }').deprecation).toBe('NotDeprecated');
  });

  it('reads a Single block with count 1', () => {
    const [block] = parseOne('{ M Low 1 Trusted Unencoded { B Single { F U8 } } }').blocks;
    expect(block).toMatchObject({ name: 'B', kind: 'Single', count: 1 });
  });

  it('reads a Multiple block with its count', () => {
    const [block] = parseOne('{ M Low 1 Trusted Unencoded { B Multiple 4 { F U8 } } }').blocks;
    expect(block).toMatchObject({ name: 'B', kind: 'Multiple', count: 4 });
    expect(parseOne('{ M Low 1 Trusted Unencoded { B Multiple 255 { F U8 } } }').blocks[0]!.count).toBe(255);
  });

  it('reads a Variable block with count 0', () => {
    const [block] = parseOne('{ M Low 1 Trusted Unencoded { B Variable { F U8 } } }').blocks;
    expect(block).toMatchObject({ name: 'B', kind: 'Variable', count: 0 });
  });

  it('reads a message with no blocks', () => {
    expect(parseOne('{ CloseCircuit Fixed 0xFFFFFFFD NotTrusted Unencoded }').blocks).toEqual([]);
  });

  it.each([
    ['U8', 1],
    ['U16', 2],
    ['U32', 4],
    ['U64', 8],
    ['S8', 1],
    ['S16', 2],
    ['S32', 4],
    ['S64', 8],
    ['F32', 4],
    ['F64', 8],
    ['BOOL', 1],
    ['LLUUID', 16],
    ['LLVector3', 12],
    ['LLVector3d', 24],
    ['LLVector4', 16],
    ['LLQuaternion', 12],
    ['IPADDR', 4],
    ['IPPORT', 2],
  ] as const)('reads a %s field of %i bytes', (type: FieldType, size: number) => {
    const [field] = parseOne(oneBlock(`{ F ${type} }`)).blocks[0]!.fields;
    expect(field).toMatchObject({ name: 'F', type, size });
  });

  it('reads Fixed fields with their byte count', () => {
    const fields = parseOne(oneBlock('{ A Fixed 4 } { B Fixed 32 } { C Fixed 1 }')).blocks[0]!.fields;
    expect(fields.map((f) => [f.type, f.size])).toEqual([
      ['Fixed', 4],
      ['Fixed', 32],
      ['Fixed', 1],
    ]);
  });

  it('reads Variable fields with their length-prefix width', () => {
    const fields = parseOne(oneBlock('{ A Variable 1 } { B Variable 2 }')).blocks[0]!.fields;
    expect(fields.map((f) => [f.type, f.size])).toEqual([
      ['Variable', 1],
      ['Variable', 2],
    ]);
  });

  it('keeps messages, blocks and fields in template order', () => {
    const t = parseTemplate(`
      { First Low 2 Trusted Unencoded { B1 Single { Z U8 } { A U8 } } { B2 Variable { Q U8 } } }
      { Second High 2 Trusted Unencoded }`);
    expect(t.messages.map((m) => m.name)).toEqual(['First', 'Second']);
    expect(t.messages[0]!.blocks.map((b) => b.name)).toEqual(['B1', 'B2']);
    expect(t.messages[0]!.blocks[0]!.fields.map((f) => f.name)).toEqual(['Z', 'A']);
  });

  it('lets different frequencies share a number, blocks share field names, messages share block names', () => {
    const t = parseTemplate(`
      { A High 1 Trusted Unencoded { Data Single { ID U32 } } { More Single { ID U32 } } }
      { B Medium 1 Trusted Unencoded { Data Single { ID U32 } } }
      { C Low 1 Trusted Unencoded }`);
    expect(t.messages.map((m) => [m.frequency, m.number])).toEqual([
      ['High', 1],
      ['Medium', 1],
      ['Low', 1],
    ]);
  });

  it('records where each message, block and field name starts', () => {
    const text = [
      'version 2.0',
      '{',
      '    M Low 1 Trusted Unencoded',
      '    {',
      '\tB Single',
      '        {   F   U8 }',
      '    }',
      '}',
    ].join('\n');
    const m = parseOne(text);
    expect([m.line, m.column]).toEqual([3, 5]);
    expect([m.blocks[0]!.line, m.blocks[0]!.column]).toEqual([5, 2]);
    expect([m.blocks[0]!.fields[0]!.line, m.blocks[0]!.fields[0]!.column]).toEqual([6, 13]);
  });

  it('allows comments between any two tokens, touching tokens, and at the very end', () => {
    const text = [
      '// lead',
      'version// v',
      '2.0//v',
      '{// after brace',
      'M// name',
      'Low // freq',
      '1 // num',
      'Trusted // trust',
      'Zerocoded// enc',
      'UDPDeprecated // dep',
      '{ // block',
      'B // name',
      'Multiple// kind',
      '3// count',
      '{// field',
      'F// name',
      'Variable// type',
      '2// width',
      '}// close field',
      '}// close block',
      '}// close message, no newline after this',
    ].join('\n');
    const t = parseTemplate(text);
    expect(t.version).toBe('2.0');
    expect(t.messages[0]).toMatchObject({
      name: 'M',
      frequency: 'Low',
      number: 1,
      trust: 'Trusted',
      encoding: 'Zerocoded',
      deprecation: 'UDPDeprecated',
      line: 5,
      column: 1,
    });
    expect(t.messages[0]!.blocks[0]).toMatchObject({ name: 'B', kind: 'Multiple', count: 3 });
    expect(t.messages[0]!.blocks[0]!.fields[0]).toMatchObject({ name: 'F', type: 'Variable', size: 2 });
  });

  it('ignores the layout: one line, tabs, CRLF and lone CR line ends, a byte-order mark', () => {
    const flat = parseOne('{M Low 1 Trusted Unencoded{B Single{F U8}{G Fixed 2}}}');
    expect(flat.blocks[0]!.fields.map((f) => f.name)).toEqual(['F', 'G']);
    const crlf = parseOne('\uFEFF// c\r\n{\r\n\tM\tLow\t1\tTrusted\tUnencoded\r\n}\r\n');
    expect([crlf.line, crlf.column]).toEqual([3, 2]);
    const cr = parseOne('// c\r{\r  M Low 1 Trusted Unencoded\r}');
    expect([cr.line, cr.column]).toEqual([3, 3]);
  });
});

describe('parseTemplate: errors', () => {
  const header = '{ M Low 1 Trusted Unencoded ';

  it('formats the message as FILE:LINE:COLUMN and uses the given file name', () => {
    const err = errorOf('\n  oops', 'message_template.msg');
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('TemplateError');
    expect(err.file).toBe('message_template.msg');
    expect(err.message).toBe("message_template.msg:2:3: expected '{' or end of input, found oops");
  });

  it('rejects a version line without a version number', () => {
    expectError('version x', 1, 9, 'version number such as 2.0', 'x');
    expectError('version\n', 2, 1, 'version number such as 2.0', 'end of input');
    expectError('version {', 1, 9, 'version number such as 2.0', '{');
  });

  it('rejects a version line that is not first', () => {
    expectError('{ M Low 1 Trusted Unencoded }\nversion 2.0', 2, 1, "'{' or end of input", 'version');
  });

  it('rejects stray tokens at the top level', () => {
    expectError('version 2.0 2.0', 1, 13, "'{' or end of input", '2.0');
    expectError('M Low 1', 1, 1, "'{' or end of input", 'M');
    expectError('{ M Low 1 Trusted Unencoded }\n}', 2, 1, "'{' or end of input", '}');
  });

  it('rejects a missing or malformed message name', () => {
    expectError('{ }', 1, 3, 'message name', '}');
    expectError('{ 9Lives Low 1 Trusted Unencoded }', 1, 3, 'message name', '9Lives');
    expectError('{ Bad-Name Low 1 Trusted Unencoded }', 1, 3, 'message name', 'Bad-Name');
  });

  it('rejects an unknown frequency', () => {
    expectError('{ M Lo 1 Trusted Unencoded }', 1, 5, 'frequency (High, Medium, Low or Fixed)', 'Lo');
    expectError('{ M high 1 Trusted Unencoded }', 1, 5, 'frequency (High, Medium, Low or Fixed)', 'high');
  });

  it('rejects a message number that is not a number', () => {
    expectError('{ M Low one Trusted Unencoded }', 1, 9, 'Low message number 1..65535', 'one');
    expectError('{ M Low 0x Trusted Unencoded }', 1, 9, 'Low message number 1..65535', '0x');
    expectError('{ M Low -1 Trusted Unencoded }', 1, 9, 'Low message number 1..65535', '-1');
    expectError('{ M Low 1.5 Trusted Unencoded }', 1, 9, 'Low message number 1..65535', '1.5');
    expectError('{ M Low Trusted Unencoded }', 1, 9, 'Low message number 1..65535', 'Trusted');
  });

  it.each([
    ['High', '0', '1..255'],
    ['High', '256', '1..255'],
    ['High', '0x100', '1..255'],
    ['Medium', '0', '1..255'],
    ['Medium', '256', '1..255'],
    ['Low', '0', '1..65535'],
    ['Low', '65536', '1..65535'],
    ['Low', '99999999999999999999999', '1..65535'],
    ['Fixed', '0xFFFFFEFF', '0xFFFFFF00..0xFFFFFFFF'],
    ['Fixed', '1', '0xFFFFFF00..0xFFFFFFFF'],
    ['Fixed', '0x100000000', '0xFFFFFF00..0xFFFFFFFF'],
  ])('rejects %s message number %s as out of range', (frequency, number, range) => {
    const column = 6 + frequency.length;
    const text = `{ M ${frequency} ${number} Trusted Unencoded }`;
    expectError(text, 1, column, `${frequency} message number ${range}`, number);
  });

  it('rejects a duplicate message name', () => {
    expectError(
      '{ Ping High 1 Trusted Unencoded }\n{ Ping High 2 Trusted Unencoded }',
      2,
      3,
      'unique message name (first defined at 1:3)',
      'Ping',
    );
  });

  it('rejects a duplicate number within one frequency', () => {
    expectError(
      '{ A Medium 5 Trusted Unencoded }\n{ B Medium 0x05 Trusted Unencoded }',
      2,
      12,
      'unique Medium message number (A has it)',
      '0x05',
    );
    expectError(
      '{ A Fixed 0xFFFFFFFB Trusted Unencoded }\n{ B Fixed 4294967291 Trusted Unencoded }',
      2,
      11,
      'unique Fixed message number (A has it)',
      '4294967291',
    );
  });

  it('rejects an unknown trust', () => {
    expectError('{ M Low 1 Trust Unencoded }', 1, 11, 'trust (Trusted or NotTrusted)', 'Trust');
    expectError('{ M Low 1 }', 1, 11, 'trust (Trusted or NotTrusted)', '}');
  });

  it('rejects an unknown encoding', () => {
    expectError('{ M Low 1 Trusted Zerocode }', 1, 19, 'encoding (Unencoded or Zerocoded)', 'Zerocode');
    expectError('{ M Low 1 Trusted {', 1, 19, 'encoding (Unencoded or Zerocoded)', '{');
  });

  it('rejects an unknown deprecation', () => {
    expectError(
      `${header}Obsolete }`,
      1,
      29,
      "deprecation (Deprecated, UDPDeprecated, UDPBlackListed or NotDeprecated), '{' or '}'",
      'Obsolete',
    );
  });

  it('rejects a stray token in a message body', () => {
    expectError(`${header}Deprecated Deprecated }`, 1, 40, "'{' or '}'", 'Deprecated');
    expectError(`${header}{ B Single { F U8 } } extra }`, 1, 51, "'{' or '}'", 'extra');
  });

  it('rejects a missing block name', () => {
    expectError(`${header}{ }`, 1, 31, 'block name', '}');
    expectError(`${header}{ { F U8 } }`, 1, 31, 'block name', '{');
  });

  it('rejects an unknown block kind', () => {
    expectError(`${header}{ B Many { F U8 } }`, 1, 33, 'block kind (Single, Multiple or Variable)', 'Many');
    expectError(`${header}{ B { F U8 } }`, 1, 33, 'block kind (Single, Multiple or Variable)', '{');
  });

  it('rejects a Multiple count outside 1..255', () => {
    expectError(`${header}{ B Multiple 0 { F U8 } }`, 1, 42, 'block count 1..255', '0');
    expectError(`${header}{ B Multiple 256 { F U8 } }`, 1, 42, 'block count 1..255', '256');
    expectError(`${header}{ B Multiple { F U8 } }`, 1, 42, 'block count 1..255', '{');
    expectError(`${header}{ B Multiple four { F U8 } }`, 1, 42, 'block count 1..255', 'four');
  });

  it('rejects a count after Single or Variable', () => {
    expectError(`${header}{ B Single 1 { F U8 } }`, 1, 40, "'{' starting a field", '1');
    expectError(`${header}{ B Variable 2 { F U8 } }`, 1, 42, "'{' starting a field", '2');
  });

  it('rejects a block without fields', () => {
    expectError(`${header}{ B Single } }`, 1, 40, "'{' starting a field", '}');
  });

  it('rejects a stray token in a block body', () => {
    expectError(`${header}{ B Single { F U8 } G U8 } }`, 1, 49, "'{' or '}'", 'G');
  });

  it('rejects a duplicate block name', () => {
    expectError(
      `${header}\n{ B Single { F U8 } }\n{ B Variable { F U8 } }\n}`,
      3,
      3,
      'unique block name (first defined at 2:3)',
      'B',
    );
  });

  it('rejects a duplicate field name', () => {
    expectError(
      `${header}{ B Single\n  { Pos LLVector3 }\n  { Pos LLVector3d } } }`,
      3,
      5,
      'unique field name (first defined at 2:5)',
      'Pos',
    );
  });

  it('rejects a missing field name', () => {
    expectError(oneBlock('{ }'), 1, 45, 'field name', '}');
    expectError(oneBlock('{ 1st U8 }'), 1, 45, 'field name', '1st');
  });

  it('rejects an unknown field type', () => {
    expectError(oneBlock('{ F U31 }'), 1, 47, 'field type', 'U31');
    expectError(oneBlock('{ F u8 }'), 1, 47, 'field type', 'u8');
    expectError(oneBlock('{ F LLColor4U }'), 1, 47, 'field type', 'LLColor4U');
    expectError(oneBlock('{ F }'), 1, 47, 'field type', '}');
  });

  it('rejects a Fixed size outside 1..65535', () => {
    expectError(oneBlock('{ F Fixed 0 }'), 1, 53, 'Fixed size 1..65535', '0');
    expectError(oneBlock('{ F Fixed 65536 }'), 1, 53, 'Fixed size 1..65535', '65536');
    expectError(oneBlock('{ F Fixed }'), 1, 53, 'Fixed size 1..65535', '}');
    expectError(oneBlock('{ F Fixed x4 }'), 1, 53, 'Fixed size 1..65535', 'x4');
  });

  it('rejects a Variable width other than 1 or 2', () => {
    expectError(oneBlock('{ F Variable 4 }'), 1, 56, 'Variable width 1 or 2', '4');
    expectError(oneBlock('{ F Variable 0 }'), 1, 56, 'Variable width 1 or 2', '0');
    expectError(oneBlock('{ F Variable }'), 1, 56, 'Variable width 1 or 2', '}');
  });

  it('rejects extra tokens in a field', () => {
    expectError(oneBlock('{ F U8 G }'), 1, 50, "'}'", 'G');
    expectError(oneBlock('{ F U8 { G U8 } }'), 1, 50, "'}'", '{');
    expectError(oneBlock('{ F U8 / }'), 1, 50, "'}'", '/');
  });

  it('rejects an unterminated message', () => {
    expectError('\n  { M Low 1 Trusted Unencoded\n', 3, 1, "'}' closing the message opened at 2:3", 'end of input');
    const unclosed = "'}' closing the message opened at 1:1";
    expectError('{ M Low 1 Trusted Unencoded Deprecated', 1, 39, unclosed, 'end of input');
    expectError('{ M Low 1 Trusted Unencoded { B Single { F U8 } }', 1, 50, unclosed, 'end of input');
  });

  it('rejects an unterminated block', () => {
    expectError(`${header}\n  { B Single { F U8 }`, 2, 22, "'}' closing the block opened at 2:3", 'end of input');
    expectError(`${header}{ B Single // nothing more`, 1, 55, "'}' closing the block opened at 1:29", 'end of input');
  });

  it('rejects an unterminated field', () => {
    expectError(`${header}{ B Single { F U8`, 1, 46, "'}' closing the field opened at 1:40", 'end of input');
  });

  it('reports end of input where a name or keyword was due', () => {
    expectError('{', 1, 2, 'message name', 'end of input');
    expectError('{ M Low', 1, 8, 'Low message number 1..65535', 'end of input');
    expectError('{ M Low 1 NotTrusted Unencoded { B Single { F', 1, 46, 'field type', 'end of input');
  });

  it('only ever returns a template or throws a TemplateError, whatever the input', () => {
    const valid = '{ M Low 1 Trusted Zerocoded { B Multiple 2 { F Fixed 4 } { G Variable 1 } } }';
    const words = ['{', '}', '//', '\n', 'M', 'Low', 'High', 'Fixed', '0xFFFFFFFB', '1', '256', 'Variable'];
    const tokens = fc.constantFrom(...words, 'Single', 'Multiple', 'U8', 'Trusted', 'Unencoded', 'version', '2.0');
    const attempt = (text: string): void => {
      try {
        parseTemplate(text);
      } catch (err) {
        if (!(err instanceof TemplateError)) throw err;
      }
    };
    fc.assert(fc.property(fc.string({ maxLength: 200 }), attempt), { numRuns: 500 });
    fc.assert(fc.property(fc.array(tokens, { maxLength: 60 }), (parts) => attempt(parts.join(' '))), { numRuns: 500 });
    // Cutting a valid message anywhere must fail cleanly, never parse.
    for (let cut = 1; cut < valid.length; cut++) {
      expect(() => parseTemplate(valid.slice(0, cut))).toThrow(TemplateError);
    }
  });

  it('cuts a very long offending token short', () => {
    const long = 'x'.repeat(10_000);
    const err = errorOf(`{ M ${long} }`);
    expect(err.found).toBe(`${'x'.repeat(40)}...`);
    expect(err.message.length).toBeLessThan(200);
  });
});

describeWithShared('canonical template', ['protocol/message_template.msg'], () => {
  const text = readFileSync(sharedPath('protocol/message_template.msg'), 'utf8');
  const template = parseTemplate(text, 'message_template.msg');
  const count = (predicate: (m: MessageDef) => boolean): number => template.messages.filter(predicate).length;
  const byName = (name: string): MessageDef => {
    const found = template.messages.find((m) => m.name === name);
    if (!found) throw new Error(`${name} is not in the template`);
    return found;
  };

  it('has version 2.0 and 483 messages', () => {
    expect(template.version).toBe('2.0');
    expect(template.messages).toHaveLength(483);
  });

  it('has the expected mix of frequencies, encodings, trust and deprecation', () => {
    expect(count((m) => m.frequency === 'Low')).toBe(431);
    expect(count((m) => m.frequency === 'Medium')).toBe(17);
    expect(count((m) => m.frequency === 'High')).toBe(32);
    expect(count((m) => m.frequency === 'Fixed')).toBe(3);
    expect(count((m) => m.encoding === 'Zerocoded')).toBe(189);
    expect(count((m) => m.trust === 'Trusted')).toBe(218);
    expect(count((m) => m.deprecation === 'UDPDeprecated')).toBe(17);
    expect(count((m) => m.deprecation === 'UDPBlackListed')).toBe(4);
  });

  it('reads TestMessage as Low 1', () => {
    const m = byName('TestMessage');
    expect(m).toMatchObject({ frequency: 'Low', number: 1, trust: 'NotTrusted', encoding: 'Zerocoded' });
    expect(m.blocks.map((b) => [b.name, b.kind, b.count])).toEqual([
      ['TestBlock1', 'Single', 1],
      ['NeighborBlock', 'Multiple', 4],
    ]);
  });

  it('reads PacketAck as Fixed 0xFFFFFFFB with a Variable block of U32 IDs', () => {
    const m = byName('PacketAck');
    expect(m).toMatchObject({ frequency: 'Fixed', number: 0xfffffffb, trust: 'NotTrusted', encoding: 'Unencoded' });
    expect(m.blocks).toHaveLength(1);
    expect(m.blocks[0]).toMatchObject({ name: 'Packets', kind: 'Variable', count: 0 });
    expect(m.blocks[0]!.fields.map((f) => [f.name, f.type, f.size])).toEqual([['ID', 'U32', 4]]);
  });

  it('reads ObjectUpdate field by field', () => {
    const m = byName('ObjectUpdate');
    expect(m).toMatchObject({ frequency: 'High', number: 12, trust: 'Trusted', encoding: 'Zerocoded' });
    expect([m.line, m.column]).toEqual([3280, 5]);
    expect(m.blocks.map((b) => [b.name, b.kind])).toEqual([
      ['RegionData', 'Single'],
      ['ObjectData', 'Variable'],
    ]);
    const fields = m.blocks[1]!.fields.map((f) => [f.name, f.type, f.size]);
    expect(fields.slice(0, 10)).toEqual([
      ['ID', 'U32', 4],
      ['State', 'U8', 1],
      ['FullID', 'LLUUID', 16],
      ['CRC', 'U32', 4],
      ['PCode', 'U8', 1],
      ['Material', 'U8', 1],
      ['ClickAction', 'U8', 1],
      ['Scale', 'LLVector3', 12],
      ['ObjectData', 'Variable', 1],
      ['ParentID', 'U32', 4],
    ]);
    expect(fields).toContainEqual(['TextureEntry', 'Variable', 2]);
    expect(fields).toContainEqual(['TextColor', 'Fixed', 4]);
  });

  it('reads the deprecation markers where the template sets them', () => {
    expect(byName('OpenCircuit').deprecation).toBe('UDPBlackListed');
    expect(byName('CloseCircuit')).toMatchObject({ number: 0xfffffffd, blocks: [] });
    expect(byName('ParcelProperties')).toMatchObject({ frequency: 'High', deprecation: 'UDPDeprecated' });
    expect(byName('StartPingCheck').deprecation).toBe('NotDeprecated');
  });

  it('parses the 240 KB template in well under 100 ms', () => {
    let best = Infinity;
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      parseTemplate(text);
      best = Math.min(best, performance.now() - start);
    }
    expect(best).toBeLessThan(100);
  });
});
