/** How a mesh fetch ends when it does not deliver bytes; each names the mesh. */

/** The server has no such mesh (404). Remembered: the mesh is not asked for again. */
export class MeshMissingError extends Error {
  override readonly name = 'MeshMissingError';
  constructor(readonly meshId: string) {
    super(`mesh ${meshId} is missing on the server (404)`);
  }
}

/** The fetch gave up: a status that is not retried, retries exhausted, or an answer that cannot be used. */
export class MeshFetchError extends Error {
  override readonly name = 'MeshFetchError';
  constructor(readonly meshId: string, reason: string, options?: { cause?: unknown }) {
    super(`mesh ${meshId}: ${reason}`, options);
  }
}

/** Nobody wants the mesh any more: cancelled, or its priority fell to the threshold. */
export class MeshFetchCancelledError extends Error {
  override readonly name = 'MeshFetchCancelledError';
  constructor(readonly meshId: string) {
    super(`mesh ${meshId}: fetch cancelled`);
  }
}
