/**
 * The two ways a texture can be refused before any pixel is decoded: the
 * bytes are not JPEG2000 at all, or they are but something in them is
 * malformed, out of bounds or unsupported (with the byte offset and reason).
 */

/** The bytes are something else (PNG, HTML, empty…): the message says what they look like. */
export class NotJpeg2000Error extends Error {
  override readonly name = 'NotJpeg2000Error';
}

/** A JPEG2000 codestream that cannot be used, and where: `offset` is the byte the reader stopped at. */
export class J2cFormatError extends Error {
  override readonly name = 'J2cFormatError';
  readonly offset: number;
  readonly reason: string;

  constructor(offset: number, reason: string) {
    super(`JPEG2000 codestream at byte ${offset}: ${reason}`);
    this.offset = offset;
    this.reason = reason;
  }
}

/** OpenJPEG refused or failed a codestream that the header reader accepted. */
export class J2cDecodeError extends Error {
  override readonly name = 'J2cDecodeError';
}
