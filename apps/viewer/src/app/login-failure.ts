/**
 * What the login form says when a login fails, told apart by who said no: the
 * launcher's relay (a login URI it was not started with), the grid being out
 * of reach (the relay could not connect), or the grid itself (a refused
 * password, an HTTP error, a fault). The relay's reason is quoted as the
 * launcher's log line words it, so the page and the terminal agree.
 */
import { LoginError, RelayProxyError } from '@slv/net';

function relayFailureOf(error: unknown): RelayProxyError | null {
  if (error instanceof RelayProxyError) return error;
  if (error instanceof LoginError && error.cause instanceof RelayProxyError) return error.cause;
  return null;
}

export function describeLoginFailure(error: unknown): string {
  const relay = relayFailureOf(error);
  if (relay !== null) {
    return relay.outcome === 'refused'
      ? `The launcher's relay refused the login URI ${relay.url}: ${relay.reason}`
      : `The grid is unreachable: the relay could not reach ${relay.url}: ${relay.reason}`;
  }
  if (error instanceof LoginError && error.kind !== 'network') return `The grid answered the login with an error: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
