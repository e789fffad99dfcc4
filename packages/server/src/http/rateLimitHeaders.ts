import type { RateLimitCheck } from '../middleware/rateLimitStore.js';

/** Whether check `a` tells the client more than `b`: a refusal over a pass, then the tighter one. */
function tighter(a: RateLimitCheck, b: RateLimitCheck): boolean {
  if (a.success !== b.success) return !a.success;
  return a.success ? a.remaining < b.remaining : a.retryAfterMs > b.retryAfterMs;
}

/**
 * The rate-limit headers of one HTTP answer (docs/middleware.md, "Over HTTP"): `RateLimit-Limit`,
 * `RateLimit-Remaining` and `RateLimit-Reset` (seconds until the bucket is full again), and
 * `Retry-After` (seconds, at least 1) when a call was refused. A batch holds several calls, each
 * perhaps under several limits: the headers describe the tightest check made before the answer's
 * head is sent — a refusal before any pass (the one that waits longest), else the pass with the
 * fewest requests left. Each refused call's own `retryAfterMs` is in its `RATE_LIMITED` error.
 */
export class RateLimitHeaders {
  #check: RateLimitCheck | undefined;

  /** Counts one check of the answer's requests. */
  note(check: RateLimitCheck): void {
    if (this.#check === undefined || tighter(check, this.#check)) this.#check = check;
  }

  /** The headers for the checks noted so far; none when no rate limit checked anything. */
  headers(): Record<string, string> {
    const check = this.#check;
    if (check === undefined) return {};
    const headers: Record<string, string> = {
      'ratelimit-limit': String(check.limit),
      'ratelimit-remaining': String(check.remaining),
      'ratelimit-reset': String(Math.ceil(check.resetMs / 1_000)),
    };
    if (!check.success) {
      headers['retry-after'] = String(Math.max(1, Math.ceil(check.retryAfterMs / 1_000)));
    }
    return headers;
  }
}
