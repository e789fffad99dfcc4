/**
 * Error codes wirecall itself raises; a procedure's declared codes come on top of these.
 * Each is safe to show to a client; unexpected failures are always reported as `INTERNAL`.
 */
export const ErrorCode = {
  /** The input failed the contract's schema; `data.issues` lists each problem with its path. */
  BAD_INPUT: 'BAD_INPUT',
  /** No procedure of that name, or not of the kind requested. */
  NOT_FOUND: 'NOT_FOUND',
  /** The connection's credentials were missing or rejected. */
  UNAUTHORIZED: 'UNAUTHORIZED',
  /** Authenticated, but not allowed to do this. */
  FORBIDDEN: 'FORBIDDEN',
  /** The call did not settle within its timeout. */
  TIMEOUT: 'TIMEOUT',
  /** The caller aborted the call or subscription. */
  CANCELLED: 'CANCELLED',
  /** Something unexpected failed on the server; details are only in the server's log. */
  INTERNAL: 'INTERNAL',
  /** The connection closed before the call or subscription settled. */
  CONNECTION_CLOSED: 'CONNECTION_CLOSED',
  /** The client is not connected and the call asked not to wait for a connection. */
  OFFLINE: 'OFFLINE',
  /**
   * A subscription could not resume where the client left off: the events after `data.lastEventId`
   * are no longer available. Fetch fresh state and subscribe again.
   */
  RESUME_GAP: 'RESUME_GAP',
  /** Too much is queued; `data.retryAfterMs` hints when to try again. */
  BACKPRESSURE: 'BACKPRESSURE',
  /**
   * A per-connection limit of the server was reached (`data.limit` names it, `data.max` is its
   * value); doing the same again fails the same way until something else ends.
   */
  LIMIT_EXCEEDED: 'LIMIT_EXCEEDED',
  /**
   * A subscription with the `buffer` overflow policy fell more than `data.bufferSize` events
   * behind its source and was ended. Subscribe again (and fetch fresh state), or pick a dropping
   * policy for this stream.
   */
  SLOW_CONSUMER: 'SLOW_CONSUMER',
  /**
   * A service the server depends on (such as its Redis) is unreachable, so nothing was done:
   * retry later.
   */
  UNAVAILABLE: 'UNAVAILABLE',
  /**
   * A mutation's first attempt was cut off on a server that stopped before recording its outcome:
   * whether it took effect is unknown, and it is not run again under the same idempotency key.
   */
  OUTCOME_UNKNOWN: 'OUTCOME_UNKNOWN',
  /**
   * A rate limit of the server refused the call or subscription (nothing was run);
   * `data.retryAfterMs` says when the next one would pass.
   */
  RATE_LIMITED: 'RATE_LIMITED',
} as const;

/** One of the built-in error codes. */
export type BuiltinErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** One problem with an input, as reported in `BAD_INPUT` errors. */
export interface InputIssue {
  /** Where in the input, e.g. `['text']` or `['items', 2, 'id']`. */
  readonly path: ReadonlyArray<string | number>;
  /** Human-readable description of the problem. */
  readonly message: string;
  /** zod's issue code, e.g. `too_big`. */
  readonly code: string;
}

/** The `data` each built-in error carries. */
export interface BuiltinErrorData {
  BAD_INPUT: { readonly issues: readonly InputIssue[] };
  NOT_FOUND: undefined;
  UNAUTHORIZED: undefined;
  FORBIDDEN: undefined;
  TIMEOUT: undefined;
  CANCELLED: undefined;
  INTERNAL: undefined;
  CONNECTION_CLOSED: { readonly closeCode: number; readonly reason: string } | undefined;
  OFFLINE: undefined;
  RESUME_GAP: { readonly lastEventId: string };
  BACKPRESSURE: { readonly retryAfterMs: number | undefined };
  LIMIT_EXCEEDED: { readonly limit: string; readonly max: number };
  SLOW_CONSUMER: { readonly bufferSize: number };
  UNAVAILABLE: undefined;
  OUTCOME_UNKNOWN: undefined;
  RATE_LIMITED: { readonly retryAfterMs: number };
}

/** Whether a code is one of wirecall's built-in codes. */
export function isBuiltinErrorCode(code: string): code is BuiltinErrorCode {
  return Object.hasOwn(ErrorCode, code);
}
