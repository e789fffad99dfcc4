import type { RateLimitCheck, RateLimitRule, RateLimitStore } from '@wirecall/server';
import { luaScript } from './connection/luaScript.js';
import {
  type RedisCommonOptions,
  RedisConnections,
  type RedisSource,
} from './connection/redisConnections.js';

/** Options of {@link redisRateLimit}: a {@link RedisSource} (`url` or `client`) plus the common ones. */
export type RedisRateLimitOptions = RedisSource & RedisCommonOptions;

/** A {@link RateLimitStore} on Redis, to close when the server shuts down. */
export interface RedisRateLimitStore extends RateLimitStore, AsyncDisposable {
  /** Closes the connections the adapter opened (a client you passed in stays open). */
  close(): Promise<void>;
}

// KEYS: bucket. ARGV: limit, window ms. The same GCRA as the server's `gcra()`, on Redis's clock
// (TIME), so instances whose clocks disagree still share one limit; one script, so two instances
// checking the same bucket at once cannot both take its last request.
const checkScript = luaScript(`
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local interval = window / limit
local tat = tonumber(redis.call('GET', KEYS[1]))
local from = now
if tat and tat > now then from = tat end
local nextTat = from + interval
local allowAt = nextTat - window
if now < allowAt then
  return {0, 0, math.ceil(from - now), math.ceil(allowAt - now)}
end
redis.call('SET', KEYS[1], string.format('%.3f', nextTat), 'PX', math.ceil(nextTat - now))
return {1, math.floor((now - allowAt) / interval + 1e-9), math.ceil(nextTat - now), 0}
`);

/**
 * A rate-limit store on Redis for `rateLimit({ store })`: every server instance counts in the
 * same buckets, so a limit holds across instances. One script per check, timed by Redis's own
 * clock; a bucket is one key that expires once it has refilled. While Redis is unreachable a
 * check fails, and the request with it (`UNAVAILABLE`): the limit is never silently lifted.
 * @example
 * const store = redisRateLimit({ url: process.env.REDIS_URL! });
 * createServer(api, { middleware: [rateLimit({ limit: 10, windowMs: 1_000, store })], handlers });
 */
export function redisRateLimit(options: RedisRateLimitOptions | string): RedisRateLimitStore {
  const settings: RedisCommonOptions = typeof options === 'string' ? {} : options;
  const connections = new RedisConnections(options, settings);
  const prefix = `${connections.keyPrefix}ratelimit:`;
  const close = () => connections.close();
  return {
    async check(key: string, { limit, windowMs }: RateLimitRule): Promise<RateLimitCheck> {
      const reply = (await connections.run((redis) =>
        checkScript.run(redis, [`${prefix}${key}`], [limit, windowMs]),
      )) as [number, number, number, number];
      const [success, remaining, resetMs, retryAfterMs] = reply;
      return { success: success === 1, limit, remaining, resetMs, retryAfterMs };
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
