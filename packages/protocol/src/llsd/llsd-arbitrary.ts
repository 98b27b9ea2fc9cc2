/**
 * Test-only: fast-check generators of LLSD values in canonical form (integers
 * as S32 numbers, reals as LLSDReal), so that parsing with realsAsLLSDReal
 * gives back exactly the generated value. Not exported from the package.
 */
import fc from 'fast-check';
import { createLLSDMap, LLSDReal, LLSDURI, LLSDUUID, type LLSDValue } from './llsd-value.ts';

// Characters XML 1.0 cannot carry even escaped.
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/gu;

const TRICKY_TEXT = [
  '',
  '__proto__',
  'constructor',
  'a<b>&c',
  `it's "quoted"`,
  'back\\slash',
  'line\r\nend\ttab',
  'é ☃ 𝄞',
  ' padded ',
];

export interface LLSDArbitraryOptions {
  /** Leave out the control characters XML 1.0 cannot carry (needed for the XML format). */
  xmlSafe?: boolean;
  maxLength?: number;
}

export function llsdText(options: LLSDArbitraryOptions = {}): fc.Arbitrary<string> {
  const any = fc.string({ unit: 'binary', maxLength: options.maxLength ?? 12 });
  const text = options.xmlSafe === true ? any.map((s) => s.replace(XML_FORBIDDEN, '')) : any;
  return fc.oneof(text, fc.constantFrom(...TRICKY_TEXT));
}

export function llsdLeaf(options: LLSDArbitraryOptions = {}): fc.Arbitrary<LLSDValue> {
  return fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -0x80000000, max: 0x7fffffff }),
    fc.double().map((v) => new LLSDReal(v)),
    llsdText(options),
    fc.uuid().map((u) => new LLSDUUID(u)),
    llsdText(options).map((u) => new LLSDURI(u)),
    fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }),
    fc.uint8Array({ maxLength: 24 }),
  );
}

/** Any LLSD value, maps and arrays nested a few levels deep. */
export function llsdValue(options: LLSDArbitraryOptions = {}): fc.Arbitrary<LLSDValue> {
  const key = llsdText(options);
  const { value } = fc.letrec<{ value: LLSDValue; array: LLSDValue[]; map: LLSDValue }>((tie) => ({
    value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, llsdLeaf(options), tie('array'), tie('map')),
    array: fc.array(tie('value'), { maxLength: 5 }),
    map: fc.array(fc.tuple(key, tie('value')), { maxLength: 5 }).map((entries) => {
      const map = createLLSDMap();
      for (const [k, v] of entries) map[k] = v;
      return map;
    }),
  }));
  return value;
}

/** `value` with every LLSDReal replaced by its number: what parsing gives without realsAsLLSDReal. */
export function withPlainReals(value: LLSDValue): LLSDValue {
  if (value instanceof LLSDReal) return value.value;
  if (Array.isArray(value)) return value.map(withPlainReals);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === null) {
    const map = createLLSDMap();
    for (const k of Object.keys(value)) map[k] = withPlainReals((value as Record<string, LLSDValue>)[k] as LLSDValue);
    return map;
  }
  return value;
}
