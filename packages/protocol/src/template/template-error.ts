/** A template that does not parse or does not make sense, with where and why. */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units from the start of the line (a tab counts as one). */
  readonly column: number;
  /** A short phrase: what the grammar or a rule wanted here. */
  readonly expected: string;
  /** The offending token as written (long ones cut), or 'end of input'. */
  readonly found: string;

  constructor(file: string, line: number, column: number, expected: string, found: string) {
    super(`${file}:${line}:${column}: expected ${expected}, found ${found}`);
    this.file = file;
    this.line = line;
    this.column = column;
    this.expected = expected;
    this.found = found;
  }
}
