import { ErrorCode, RpcError } from '@wirecall/core';
import { memoryRateLimitStore } from './memoryRateLimitStore.js';
import { type Middleware, type MiddlewareOptions, middleware } from './middleware.js';
import { noteRateLimit } from './rateLimitNotice.js';
import { checkRule, type RateLimitCheck, type RateLimitStore } from './rateLimitStore.js';

/** What a rate limit's `key` function gets: the request, as a middleware sees it. */
export type RateLimitKeyInfo<TNeeds extends object, TInput> = Omit<
  MiddlewareOptions<TNeeds, TInput>,
  'next'
>;

/** Options of {@link rateLimit}. */
export interface RateLimitOptions<TNeeds extends object = object, TInput = unknown> {
  /** Requests a bucket allows per window (and at most at once). */
  limit: number;
  /** The window, in milliseconds: a bucket refills at `limit / windowMs`. */
  windowMs: number;
  /**
   * Which bucket a request counts in. Return a user id for a limit per user, add the path for one
   * per procedure.
   * @default one bucket per connection: `({ connection }) => connection.id`
   * @example
   * key: ({ ctx }) => ctx.user.id                        // per user, across their connections
   * key: ({ ctx, path }) => `${ctx.user.id}:${path}`     // per user and procedure
   */
  key?: (info: RateLimitKeyInfo<TNeeds, TInput>) => string;
  /**
   * Where buckets are kept: `redisRateLimit()` from `@wirecall/redis` shares them between server
   * instances.
   * @default memoryRateLimitStore() (this process only)
   */
  store?: RateLimitStore;
  /**
   * Names this limit's buckets in its store, so two limits on one store keep apart.
   * @default `${limit}/${windowMs}`
   */
  name?: string;
  /** Told of every refusal, with the request's path and the check (for metrics or logs). @default none */
  onRefused?: (info: {
    readonly path: string;
    readonly key: string;
    readonly check: RateLimitCheck;
  }) => void;
}

/**
 * A middleware that lets through at most `limit` requests per `windowMs` in each bucket (GCRA:
 * a steady rate with bursts up to `limit`). Past it, a call rejects and a subscription start is
 * refused with `RATE_LIMITED`, whose `data.retryAfterMs` says when the next one passes; refused
 * requests do not count. A store that fails makes the request fail with `UNAVAILABLE` (the limit
 * is never silently lifted).
 * @example
 * middleware: [scoped('chat.send', rateLimit({ limit: 5, windowMs: 1_000 }))]
 * @example
 * rateLimit<{ user: User }>({ limit: 100, windowMs: 60_000, key: ({ ctx }) => ctx.user.id })
 */
export function rateLimit<TNeeds extends object = object, TInput = unknown>(
  options: RateLimitOptions<TNeeds, TInput>,
): Middleware<TNeeds, object, TInput> {
  const { limit, windowMs } = options;
  checkRule({ limit, windowMs });
  const rule = { limit, windowMs };
  const store = options.store ?? memoryRateLimitStore();
  const name = options.name ?? `${limit}/${windowMs}`;
  const key = options.key ?? (({ connection }) => connection.id);
  const { onRefused } = options;
  return middleware<TNeeds, TInput>()(async (request) => {
    const bucket = key(request);
    if (typeof bucket !== 'string') {
      throw new TypeError(`rateLimit: key() must return a string, got ${typeof bucket}`);
    }
    let check: RateLimitCheck;
    try {
      check = await store.check(`${name}:${bucket}`, rule);
    } catch (thrown) {
      throw new RpcError(ErrorCode.UNAVAILABLE, undefined, {
        message: 'The rate-limit store failed',
        cause: thrown,
      });
    }
    noteRateLimit(request.connection, check);
    if (!check.success) {
      onRefused?.({ path: request.path, key: bucket, check });
      throw new RpcError(
        ErrorCode.RATE_LIMITED,
        { retryAfterMs: check.retryAfterMs },
        { message: `Rate limit reached; retry in ${check.retryAfterMs} ms` },
      );
    }
    return request.next();
  });
}
