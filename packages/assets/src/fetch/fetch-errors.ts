/** How a texture fetch ends when it does not deliver bytes; each names the texture. */

/** The server has no such texture (404). Remembered: the texture is not asked for again. */
export class TextureMissingError extends Error {
  override readonly name = 'TextureMissingError';
  constructor(readonly textureId: string) {
    super(`texture ${textureId} is missing on the server (404)`);
  }
}

/** The fetch gave up: a status that is not retried, retries exhausted, or bytes that are not a usable texture (`unusable`). */
export class TextureFetchError extends Error {
  override readonly name = 'TextureFetchError';
  constructor(readonly textureId: string, reason: string, readonly unusable = false, options?: { cause?: unknown }) {
    super(`texture ${textureId}: ${reason}`, options);
  }
}

/** Nobody wants the texture any more: cancelled, or its priority fell below the threshold. */
export class TextureFetchCancelledError extends Error {
  override readonly name = 'TextureFetchCancelledError';
  constructor(readonly textureId: string) {
    super(`texture ${textureId}: fetch cancelled`);
  }
}
