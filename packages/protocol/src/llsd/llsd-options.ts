export interface LLSDParseOptions {
  /** Deepest nesting of maps and arrays accepted (the root container is depth 1). Default 256. */
  maxDepth?: number;
  /**
   * Return every real as an LLSDReal, so formatting the result again keeps
   * each number's type exactly. Default false: reals come back as plain numbers.
   */
  realsAsLLSDReal?: boolean;
}

export interface LLSDFormatOptions {
  /** Deepest nesting written; deeper values (or cycles) are an error. Default 256. */
  maxDepth?: number;
}

export const DEFAULT_MAX_DEPTH = 256;
