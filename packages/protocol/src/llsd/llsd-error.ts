export type LLSDFormat = 'xml' | 'binary' | 'notation';

/** LLSD input that does not parse, with where and why. */
export class LLSDParseError extends Error {
  override readonly name = 'LLSDParseError';

  constructor(
    readonly format: LLSDFormat,
    /**
     * 0-based. Binary and notation: a byte offset (notation given as text is
     * measured in its UTF-8 bytes). XML: an index into the text, in UTF-16 code units.
     */
    readonly offset: number,
    /** A short phrase: what the format wanted here. */
    readonly expected: string,
    /** What stood there instead, or 'end of input'. */
    readonly found: string,
    /** XML only: 1-based line. */
    readonly line?: number,
    /** XML only: 1-based column, in Unicode characters. */
    readonly column?: number,
  ) {
    const where = line === undefined ? `byte ${offset}` : `${line}:${column} (offset ${offset})`;
    super(`LLSD ${format} at ${where}: expected ${expected}, found ${found}`);
  }
}

/** A value that cannot be written in the requested LLSD format. */
export class LLSDFormatError extends Error {
  override readonly name = 'LLSDFormatError';

  constructor(
    readonly format: LLSDFormat,
    /** Where in the value: '' for the root, else '/key/0/key' steps. */
    readonly path: string,
    readonly reason: string,
  ) {
    super(`cannot write LLSD ${format}: ${path === '' ? 'the value' : `the value at ${path}`} ${reason}`);
  }
}
