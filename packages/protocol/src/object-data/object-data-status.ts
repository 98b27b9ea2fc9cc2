/**
 * How an object-data decoder reports bad input without throwing: a code, the byte
 * offset where decoding stopped, and a sentence saying what was wrong there. Each
 * decoder's output struct owns one, so a failed decode costs one string and nothing
 * else, and a successful one costs nothing.
 */
export const ObjectDataError = {
  None: 0,
  /** The data ends inside a field or section. */
  Truncated: 1,
  /** A length no form of the field has (ObjectData not 76/60/…, terse Data not 44/60). */
  BadLength: 2,
  /** A TextureEntry face bitfield names a face beyond the 45 a prim can have. */
  FaceOutOfRange: 3,
  /** A value the format does not allow (an over-long bitfield, a count beyond capacity). */
  Malformed: 4,
  /** Bytes are left over after the last section of a blob that must be consumed exactly. */
  TrailingBytes: 5,
} as const;
export type ObjectDataError = (typeof ObjectDataError)[keyof typeof ObjectDataError];

export class ObjectDataStatus {
  code: ObjectDataError = ObjectDataError.None;
  /** Offset in the caller's bytes where the problem was found. */
  offset = 0;
  /** What went wrong and where; empty when `code` is None. */
  message = '';

  get ok(): boolean {
    return this.code === ObjectDataError.None;
  }

  reset(): void {
    this.code = ObjectDataError.None;
    this.offset = 0;
    this.message = '';
  }

  /** Records a failure and returns false, so decoders can `return status.fail(…)`. */
  fail(code: ObjectDataError, offset: number, message: string): false {
    this.code = code;
    this.offset = offset;
    this.message = message;
    return false;
  }
}
