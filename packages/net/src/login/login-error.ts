/**
 * Why a login did not produce a session. Never carries the request: the
 * password (plain or hashed) cannot leak through a message, a property, or
 * JSON.stringify of the error.
 */
export type LoginErrorKind = 'rejected' | 'fault' | 'http' | 'network' | 'malformed' | 'indeterminate';

export interface LoginErrorDetails {
  /** The grid's `reason` code ('key', 'presence', 'tos', 'critical', 'update', 'mfa_challenge', …). */
  reason?: string;
  /** The grid's human-readable `message`. */
  gridMessage?: string;
  /** The grid's `message_id` (extended errors). */
  messageId?: string;
  /** HTTP status, for kind 'http'. */
  status?: number;
  /** XML-RPC fault code, for kind 'fault'. */
  faultCode?: number;
  /** The response member at fault, for kind 'malformed'. */
  field?: string;
  /** Where the login server sends the viewer next, for kind 'indeterminate'. */
  nextUrl?: string;
  nextMethod?: string;
  /** The underlying error (network failure, XML error), if any. */
  cause?: unknown;
}

export class LoginError extends Error {
  override readonly name = 'LoginError';
  readonly kind: LoginErrorKind;
  readonly reason: string | undefined;
  readonly gridMessage: string | undefined;
  readonly messageId: string | undefined;
  readonly status: number | undefined;
  readonly faultCode: number | undefined;
  readonly field: string | undefined;
  readonly nextUrl: string | undefined;
  readonly nextMethod: string | undefined;

  constructor(kind: LoginErrorKind, message: string, details: LoginErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.reason = details.reason;
    this.gridMessage = details.gridMessage;
    this.messageId = details.messageId;
    this.status = details.status;
    this.faultCode = details.faultCode;
    this.field = details.field;
    this.nextUrl = details.nextUrl;
    this.nextMethod = details.nextMethod;
  }
}

/** A 'malformed' error naming the response member at fault. */
export function malformed(field: string, problem: string, cause?: unknown): LoginError {
  return new LoginError('malformed', `malformed login response: ${field} ${problem}`, { field, cause });
}
