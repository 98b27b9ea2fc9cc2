/**
 * Bad input: reported through the session's onError as an IngestionError
 * naming message, block, local id and why, and counted; never thrown out of a
 * bus handler.
 */
import type { IngestionStats } from './ingestion-stats.ts';

/** A problem with incoming data: which message, which block, which object, and why. */
export class IngestionError extends Error {
  override readonly name = 'IngestionError';
  constructor(
    readonly messageName: string,
    readonly blockIndex: number,
    readonly localId: number,
    readonly reason: string,
  ) {
    super(`${messageName}${blockIndex >= 0 ? ` block ${blockIndex}` : ''}${localId >= 0 ? ` (local id ${localId})` : ''}: ${reason}`);
  }
}

/** Where bad input goes: the session's handler, and the counter beside it. */
export interface ErrorReporting {
  readonly stats: IngestionStats;
  onError: (error: IngestionError) => void;
}

/** Reports bad input and counts it. */
export function reportError(ing: ErrorReporting, messageName: string, blockIndex: number, localId: number, reason: string): void {
  ing.stats.decodeErrors++;
  ing.onError(new IngestionError(messageName, blockIndex, localId, reason));
}
