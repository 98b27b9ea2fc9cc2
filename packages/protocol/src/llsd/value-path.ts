/**
 * Where a formatter is inside the value, kept as a stack of keys and indexes
 * and only turned into text for an error message.
 */
export type ValuePath = (string | number)[];

/** '/key/0/other', JSON-pointer style ('~' → '~0', '/' → '~1'); '' for the root. */
export function pathText(path: ValuePath): string {
  let out = '';
  for (const step of path) {
    out += `/${typeof step === 'number' ? step : step.replaceAll('~', '~0').replaceAll('/', '~1')}`;
  }
  return out;
}

/** A short description of a non-LLSD value for error messages. */
export function describeNonLLSD(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'object' && value !== null) {
    const ctor = (value as { constructor?: { name?: unknown } }).constructor;
    return typeof ctor?.name === 'string' && ctor.name !== '' ? `a ${ctor.name}` : 'an object';
  }
  return `a ${typeof value}`;
}
