import { isS32 } from './llsd-value.ts';

const INTEGER_TEXT = /^[+-]?\d+$/;
const DECIMAL_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
// C, C#, Python and MSVC spellings of the IEEE specials.
const SPECIAL_TEXT = /^([+-]?)(?:(nan|1\.#ind|1\.#qnan|1\.#snan)|(inf|infinity|1\.#inf))$/i;

/** A decimal S32 as written in XML and notation, or undefined when it is not one. */
export function parseIntegerText(text: string): number | undefined {
  if (!INTEGER_TEXT.test(text)) return undefined;
  const v = Number(text);
  if (!isS32(v)) return undefined;
  return v === 0 ? 0 : v; // "-0" is integer zero
}

/** A real as written in XML and notation (decimal, exponent, nan, inf), or undefined. */
export function parseRealText(text: string): number | undefined {
  if (DECIMAL_TEXT.test(text)) return Number(text);
  const special = SPECIAL_TEXT.exec(text);
  if (special === null) return undefined;
  if (special[2] !== undefined) return NaN;
  return special[1] === '-' ? -Infinity : Infinity;
}

/** The shortest text that reads back as exactly `v`, with the specials spelled nan/inf. */
export function formatRealText(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (Object.is(v, -0)) return '-0';
  return String(v);
}
