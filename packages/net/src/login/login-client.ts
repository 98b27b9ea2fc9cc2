/**
 * Logging in: one XML-RPC login_to_simulator POST, bounded in time and size.
 * Every failure is a LoginError; none of them carries the password or its hash.
 */
import { LoginError } from './login-error.ts';
import { buildLoginParams, LOGIN_METHOD, type LoginCredentials, type LoginRequestOptions } from './login-request.ts';
import { parseLoginResponseXml, type LoginSuccess } from './login-response.ts';
import { formatMethodCall } from './xmlrpc-format.ts';
import { DEFAULT_MAX_LENGTH } from './xmlrpc-value.ts';

export interface LoginOptions extends LoginRequestOptions {
  /** The fetch to use (default globalThis.fetch): a proxy's, a test double's. */
  fetch?: typeof fetch;
  /** Give up after this long, response body included (default 60 s; 0 disables). */
  timeoutMs?: number;
  /** Cancels the login. */
  signal?: AbortSignal;
  /** Largest response body accepted, in bytes (default 16 MiB). */
  maxResponseBytes?: number;
}

export const DEFAULT_LOGIN_TIMEOUT_MS = 60_000;

/** The body, as text, refusing more than `limit` bytes. Read failures propagate; bad UTF-8 is 'malformed'. */
async function readBody(response: Response, limit: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) {
    throw new LoginError('malformed', `login response of ${declared} bytes is over the limit of ${limit}`, { field: 'body' });
  }
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let text = '';
  let total = 0;
  const decode = (chunk?: Uint8Array): string => {
    try {
      return chunk === undefined ? decoder.decode() : decoder.decode(chunk, { stream: true });
    } catch (err) {
      throw new LoginError('malformed', 'login response is not UTF-8 text', { field: 'body', cause: err });
    }
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return text + decode();
      total += value.byteLength;
      if (total > limit) {
        throw new LoginError('malformed', `login response is over the limit of ${limit} bytes`, { field: 'body' });
      }
      text += decode(value);
    }
  } finally {
    reader.releaseLock();
  }
}

/**
 * Logs `credentials` in at `loginUri` and returns the session the grid granted.
 * Rejects with LoginError: 'rejected', 'fault', 'indeterminate', 'malformed'
 * (see parseLoginResponse), 'http' (non-2xx, with status) or 'network'
 * (unreachable, timed out, or aborted). Unusable arguments (an empty name or
 * password, a bad start location) reject with TypeError or RangeError first.
 */
export async function login(loginUri: string, credentials: LoginCredentials, options: LoginOptions = {}): Promise<LoginSuccess> {
  // Hash first; nothing below sees the plain password.
  const body = formatMethodCall(LOGIN_METHOD, [buildLoginParams(credentials, options)]);
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_LOGIN_TIMEOUT_MS;
  const limit = options.maxResponseBytes ?? DEFAULT_MAX_LENGTH;
  const controller = new AbortController();
  let timedOut = false;
  const timer = timeoutMs > 0
    ? setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs)
    : undefined;
  const outer = options.signal;
  const onAbort = (): void => controller.abort();
  if (outer?.aborted) controller.abort();
  outer?.addEventListener('abort', onAbort, { once: true });

  const networkError = (err: unknown): LoginError => {
    if (err instanceof LoginError) return err;
    if (timedOut) return new LoginError('network', `login to ${loginUri} timed out after ${timeoutMs} ms`, { cause: err });
    if (outer?.aborted) return new LoginError('network', `login to ${loginUri} was aborted`, { cause: outer.reason });
    return new LoginError('network', `could not reach the login server ${loginUri}: ${(err as Error)?.message ?? String(err)}`, { cause: err });
  };

  try {
    let response: Response;
    try {
      response = await doFetch(loginUri, {
        method: 'POST',
        headers: { 'Content-Type': 'text/xml', Accept: 'text/xml' },
        body,
        signal: controller.signal,
      });
    } catch (err) {
      throw networkError(err);
    }
    if (!response.ok) {
      throw new LoginError('http', `login server ${loginUri} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`, {
        status: response.status,
      });
    }
    let xml: string;
    try {
      xml = await readBody(response, limit);
    } catch (err) {
      throw networkError(err);
    }
    return parseLoginResponseXml(xml, { maxLength: limit });
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    outer?.removeEventListener('abort', onAbort);
    controller.abort(); // releases the connection when the body was refused or left unread
  }
}
