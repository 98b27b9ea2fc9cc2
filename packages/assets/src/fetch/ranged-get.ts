/**
 * One HTTP Range request with the fetchers' retry policy: 5xx, 429, 408,
 * network errors, cut bodies and timeouts are retried with exponential
 * backoff; 404/410 mean missing; other statuses are final. A 200 to a Range
 * request is the whole asset (the server ignored Range). Used by the mesh
 * fetcher; the texture fetcher keeps its own loop because it grows a
 * codestream entry in place.
 */
import { BodyTooLargeError, parseContentRange, parseUnsatisfiedRange, rangeHeader, readBodyBounded } from './http-range.ts';

export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  readonly requestTimeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({ maxAttempts: 4, retryBaseMs: 250, retryMaxMs: 4000, requestTimeoutMs: 30_000 });

export type RangedAnswer =
  /** Bytes from `start` (maybe fewer than asked); `total` is the whole length when the server said. */
  | { readonly kind: 'partial'; readonly start: number; readonly bytes: Uint8Array; readonly total: number | null }
  | { readonly kind: 'whole'; readonly bytes: Uint8Array }
  | { readonly kind: 'missing'; readonly status: number }
  | { readonly kind: 'unsatisfiable'; readonly total: number | null };

/** The request cannot succeed: a status that is not retried, or the retries ran out. */
export class RangedGetError extends Error {
  override readonly name = 'RangedGetError';
}

export interface RangedGetCounters {
  requests: number;
  retries: number;
  bytesReceived: number;
}

/** GET `url` for bytes [start, end); `maxBytes` bounds a 200's body. Rejects with the signal's reason when aborted. */
export async function rangedGet(
  doFetch: typeof fetch, url: URL, start: number, end: number, maxBytes: number,
  policy: RetryPolicy, signal: AbortSignal, counters: RangedGetCounters,
): Promise<RangedAnswer> {
  let lastReason = '';
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    if (attempt > 1) {
      counters.retries++;
      await sleep(Math.min(policy.retryMaxMs, policy.retryBaseMs * 2 ** (attempt - 2)), signal);
    }
    counters.requests++;
    const requestSignal = AbortSignal.any([signal, AbortSignal.timeout(policy.requestTimeoutMs)]);
    try {
      const response = await doFetch(url, { headers: { range: rangeHeader(start, end) }, signal: requestSignal });
      const status = response.status;
      if (status !== 200 && status !== 206) await response.body?.cancel().catch(() => {});
      if (status === 404 || status === 410) return { kind: 'missing', status };
      if (status === 416) return { kind: 'unsatisfiable', total: parseUnsatisfiedRange(response.headers.get('content-range')) };
      if (status >= 500 || status === 429 || status === 408) {
        lastReason = `HTTP ${status}`;
        continue;
      }
      if (status === 200) {
        const bytes = await readBodyBounded(response, maxBytes);
        counters.bytesReceived += bytes.length;
        return { kind: 'whole', bytes };
      }
      if (status !== 206) throw new RangedGetError(`HTTP ${status}`);
      const range = parseContentRange(response.headers.get('content-range'));
      if (range === null) {
        await response.body?.cancel().catch(() => {});
        lastReason = `206 without a usable Content-Range (${response.headers.get('content-range') ?? 'none'})`;
        continue;
      }
      const bytes = await readBodyBounded(response, range.end - range.start + 1);
      counters.bytesReceived += bytes.length;
      if (bytes.length === 0) {
        lastReason = `a 206 for bytes ${range.start}-${range.end} with an empty body`;
        continue;
      }
      return { kind: 'partial', start: range.start, bytes, total: range.total };
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (error instanceof RangedGetError) throw error;
      if (error instanceof BodyTooLargeError) throw new RangedGetError(error.message);
      lastReason = (error as Error).name === 'TimeoutError' ? `no answer within ${policy.requestTimeoutMs} ms` : `network: ${(error as Error).message}`;
    }
  }
  throw new RangedGetError(`gave up after ${policy.maxAttempts} attempts: ${lastReason}`);
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
