/**
 * The one-range subset of HTTP Range (RFC 9110 §14) that texture servers
 * answer: `bytes=a-b`, `bytes=a-`, `bytes=-n`. Anything else (other units,
 * several ranges, bad syntax) is ignored and the whole body is sent, as the
 * RFC allows; a range that starts past the end is unsatisfiable (416).
 */
export type RangeAnswer =
  | { readonly kind: 'whole' }
  | { readonly kind: 'partial'; readonly start: number; /** Inclusive. */ readonly end: number }
  | { readonly kind: 'unsatisfiable' };

const WHOLE: RangeAnswer = Object.freeze({ kind: 'whole' });
const UNSATISFIABLE: RangeAnswer = Object.freeze({ kind: 'unsatisfiable' });

export function resolveRange(header: string | undefined, size: number): RangeAnswer {
  if (header === undefined) return WHOLE;
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (match === null) return WHOLE;
  const [, first, last] = match as unknown as [string, string, string];
  if (first === '' && last === '') return WHOLE;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return UNSATISFIABLE;
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  // An open range that starts at or past the end asks for nothing there is (before the end < start test below sees size - 1).
  if (last === '' && Number.isSafeInteger(start) && start >= size) return UNSATISFIABLE;
  const end = last === '' ? size - 1 : Number(last);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end < start) return WHOLE;
  if (start >= size) return UNSATISFIABLE;
  return { kind: 'partial', start, end: Math.min(end, size - 1) };
}
