/** The answer of a rate-limit check. */
export interface RateLimitCheck {
  /** Whether the request passes. A refused request does not count against the limit. */
  readonly success: boolean;
  /** Requests the bucket allows per window. */
  readonly limit: number;
  /** Requests that would pass right after this one; 0 when refused. */
  readonly remaining: number;
  /** Milliseconds until the bucket is full again (`remaining` back at `limit - 1` after a pass). */
  readonly resetMs: number;
  /** Milliseconds until the next request passes: 0 unless refused. */
  readonly retryAfterMs: number;
}

/** How much a bucket allows: `limit` requests per `windowMs`, at most `limit` in a burst. */
export interface RateLimitRule {
  readonly limit: number;
  readonly windowMs: number;
}

/**
 * Where rate-limit buckets are kept. Every store implements the same algorithm (GCRA, see
 * {@link gcra}), so a limit means the same with the in-memory store and with Redis; the Redis
 * store holds buckets across server instances.
 */
export interface RateLimitStore {
  /** Counts one request in the bucket `key` if the rule lets it pass. */
  check(key: string, rule: RateLimitRule): RateLimitCheck | Promise<RateLimitCheck>;
}

/**
 * The generic cell rate algorithm, the one rule every store applies. A bucket is one number, its
 * theoretical arrival time (`tat`): when it would be empty again if requests kept coming at the
 * steady rate. Each request that passes moves it one emission interval (`windowMs / limit`) on;
 * a request is refused while `tat` is more than a window ahead of now, and moves nothing, so
 * refused requests never count. A bucket whose `tat` is past is the same as none: stores may
 * forget it then.
 * @returns the check and the new `tat` to keep (the old one when refused).
 */
export function gcra(
  tat: number | undefined,
  now: number,
  { limit, windowMs }: RateLimitRule,
): { readonly check: RateLimitCheck; readonly tat: number | undefined } {
  const interval = windowMs / limit;
  const from = tat === undefined || tat < now ? now : tat;
  const next = from + interval;
  const allowAt = next - windowMs;
  if (now < allowAt) {
    return {
      check: {
        success: false,
        limit,
        remaining: 0,
        resetMs: Math.ceil(from - now),
        retryAfterMs: Math.ceil(allowAt - now),
      },
      tat,
    };
  }
  return {
    check: {
      success: true,
      limit,
      remaining: Math.floor((now - allowAt) / interval + 1e-9),
      resetMs: Math.ceil(next - now),
      retryAfterMs: 0,
    },
    tat: next,
  };
}

/** Checks a rule's numbers once, when the middleware is made: a typo must not disable a limit. */
export function checkRule(rule: RateLimitRule): void {
  const { limit, windowMs } = rule;
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new RangeError(`rateLimit: limit must be a positive integer, got ${String(limit)}`);
  }
  if (typeof windowMs !== 'number' || !Number.isFinite(windowMs) || windowMs <= 0) {
    throw new RangeError(`rateLimit: windowMs must be a positive number, got ${String(windowMs)}`);
  }
}
