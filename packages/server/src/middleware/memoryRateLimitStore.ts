import {
  gcra,
  type RateLimitCheck,
  type RateLimitRule,
  type RateLimitStore,
} from './rateLimitStore.js';

/** Options of {@link memoryRateLimitStore}. */
export interface MemoryRateLimitStoreOptions {
  /** The clock, in milliseconds; tests pass their own. @default Date.now */
  now?: () => number;
}

/**
 * Keeps rate-limit buckets in this process: the default store of `rateLimit()`. Each bucket is
 * one number; buckets that have refilled are forgotten as the map grows, so memory follows the
 * keys active within one window, not every key ever seen.
 */
export function memoryRateLimitStore(options: MemoryRateLimitStoreOptions = {}): RateLimitStore {
  const now = options.now ?? Date.now;
  const buckets = new Map<string, number>();
  let sweepAt = 1_024;
  return {
    check(key: string, rule: RateLimitRule): RateLimitCheck {
      const at = now();
      const { check, tat } = gcra(buckets.get(key), at, rule);
      if (tat !== undefined) buckets.set(key, tat);
      if (buckets.size >= sweepAt) {
        for (const [bucket, until] of buckets) if (until <= at) buckets.delete(bucket);
        // Sweep again once the map has doubled: the cost stays proportional to what was added.
        sweepAt = Math.max(1_024, buckets.size * 2);
      }
      return check;
    },
  };
}
