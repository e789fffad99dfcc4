import { CloseCode, isFatalCloseCode } from '@wirecall/core';
import type { CloseInfo } from './closeInfo.js';

/** What a custom retry function is told about the failure. */
export interface RetryContext {
  /** How many reconnect attempts have failed in a row (0 for the first retry after a drop). */
  readonly attempt: number;
  /** How the last socket ended. */
  readonly close: CloseInfo;
  /** The server's retry-after hint in milliseconds, if it sent one. */
  readonly retryAfterMs: number | undefined;
}

/**
 * When to reconnect: options for exponential backoff with full jitter, a function returning the
 * delay in milliseconds (or `false` to give up), or `false` to never reconnect.
 */
export type RetryOption = BackoffOptions | ((context: RetryContext) => number | false) | false;

/** Exponential backoff with full jitter: each delay is random in `[0, min(maxDelayMs, initialDelayMs · factor^attempt)]`. */
export interface BackoffOptions {
  /** Upper bound of the first delay. @default 1_000 */
  initialDelayMs?: number;
  /** Upper bound of any delay. @default 30_000 */
  maxDelayMs?: number;
  /** Growth of the bound per failed attempt. @default 2 */
  factor?: number;
  /** Consecutive failed attempts before giving up; `Infinity` never gives up. @default Infinity */
  maxAttempts?: number;
}

/** Decides the delay before the next attempt, or `false` to stop reconnecting. */
export type RetryPolicy = (context: RetryContext) => number | false;

/** Builds the retry policy for a {@link RetryOption}; `random` is injectable for tests. */
export function createRetryPolicy(
  option: RetryOption | undefined,
  random: () => number = Math.random,
): RetryPolicy {
  if (option === false) return () => false;
  if (typeof option === 'function') return option;
  const initial = option?.initialDelayMs ?? 1_000;
  const max = option?.maxDelayMs ?? 30_000;
  const factor = option?.factor ?? 2;
  const maxAttempts = option?.maxAttempts ?? Number.POSITIVE_INFINITY;
  return ({ attempt, retryAfterMs }) => {
    if (attempt >= maxAttempts) return false;
    const bound = Math.min(max, initial * factor ** attempt);
    const jittered = random() * bound;
    // A server's hint is a floor: it knows when it will be back. Jitter on top spreads the herd.
    return retryAfterMs === undefined ? jittered : retryAfterMs + jittered;
  };
}

const RETRY_AFTER = /retry-after[=:]\s*(\d{1,9})/i;

/** Reads a server's retry-after hint (milliseconds) from a close reason such as `retry-after=5000`. */
export function parseRetryAfter(reason: string): number | undefined {
  const match = RETRY_AFTER.exec(reason);
  return match ? Number(match[1]) : undefined;
}

/**
 * How a socket came to end: `lost` (it failed, or the server closed it), or closed on purpose by
 * the client, to go idle (`disconnect`) or for good (`close`).
 */
export type DropCause = 'lost' | 'disconnect' | 'close';

/** What {@link decideReconnect} weighs. */
export interface ReconnectInput {
  readonly cause: DropCause;
  readonly close: CloseInfo;
  /** Failed attempts since the last successful handshake. */
  readonly attempt: number;
  readonly policy: RetryPolicy;
  /** Whether the client holds no calls or subscriptions. */
  readonly idle: boolean;
}

/**
 * The one place that decides whether the client reconnects after a socket ended: the delay
 * before the next attempt, or `false` to go idle (operations then fail).
 */
export function decideReconnect({
  cause,
  close,
  attempt,
  policy,
  idle,
}: ReconnectInput): number | false {
  if (cause !== 'lost') return false;
  // The same attempt would be refused again: bad credentials, a protocol the server does not speak.
  if (isFatalCloseCode(close.code)) return false;
  // The server does not want idle connections: come back when there is something to do.
  if (close.code === CloseCode.IDLE_TIMEOUT && idle) return false;
  return policy({ attempt, close, retryAfterMs: parseRetryAfter(close.reason) });
}
