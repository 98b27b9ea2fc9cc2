/**
 * The relay's own answers, told apart from the upstream's. A proxied request
 * that the relay refused (403: not a login URI it knows) or could not forward
 * (502: the grid unreachable) comes back as an HTTP answer like any other, so
 * a login would read it as the grid's "HTTP 403" or "HTTP 502". The relay
 * marks its answers with `x-relay-outcome`; these helpers turn such an answer
 * into a RelayProxyError whose reason is the relay's log line's.
 */
import { RELAY_OUTCOME_HEADER, type RelayOutcome } from '../relay/relay-frame.ts';

// A reason is one short line; anything longer is not the relay's.
const MAX_REASON_CHARS = 1000;

export class RelayProxyError extends Error {
  override readonly name = 'RelayProxyError';

  constructor(
    readonly outcome: RelayOutcome,
    readonly status: number,
    /** The relay's reason, as its log line words it. */
    readonly reason: string,
    /** The request's target. */
    readonly url: string,
  ) {
    super(outcome === 'refused' ? `the relay refused ${url}: ${reason}` : `the relay could not reach ${url}: ${reason}`);
  }
}

/** The relay's refusal or failure carried by `response`, or null when the answer is the upstream's. */
export async function relayProxyErrorOf(response: Response, url: string): Promise<RelayProxyError | null> {
  const outcome = response.headers.get(RELAY_OUTCOME_HEADER);
  if (outcome !== 'refused' && outcome !== 'failed') return null;
  const reason = (await response.text()).trim().slice(0, MAX_REASON_CHARS);
  return new RelayProxyError(outcome, response.status, reason === '' ? `HTTP ${response.status}` : reason, url);
}

/** The normalised form of an absolute URL, or '' (fetch itself will refuse what is not one). */
function absoluteHref(text: string): string {
  try {
    return new URL(text).href;
  } catch {
    return '';
  }
}

/**
 * `fetch` (a relayFetch) that rejects with RelayProxyError when the relay itself
 * answers a request to one of `targets` (the login URIs). Other requests keep
 * the relay's status: the event queue reads a 502 as an empty long poll.
 */
export function rejectRelayAnswersFor(targets: readonly string[], fetch: typeof globalThis.fetch): typeof globalThis.fetch {
  const watched = new Set(targets.map(absoluteHref));
  return async (input, init) => {
    const url = input instanceof Request ? input.url : absoluteHref(String(input));
    const response = await fetch(input, init);
    if (url === '' || !watched.has(url)) return response;
    const failure = await relayProxyErrorOf(response, url);
    if (failure !== null) throw failure;
    return response;
  };
}
