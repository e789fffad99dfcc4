import type { RateLimitStore } from '@wirecall/server';
import { describe, expect, it } from 'vitest';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The behaviour every rate-limit store shares (one GCRA), run once per store. Uses the real clock
 * (a Redis store keeps Redis's), so windows are long enough, or waits generous enough, for a
 * loaded machine.
 */
export function rateLimitStoreSuite(name: string, open: () => RateLimitStore): void {
  const unique = () => `${name}:${Math.random().toString(36).slice(2)}`;

  describe(`rate-limit store: ${name}`, () => {
    it('passes `limit` requests of a burst, then refuses, and refused requests do not count', async () => {
      const store = open();
      const key = unique();
      const rule = { limit: 3, windowMs: 60_000 };
      const checks = [];
      for (let i = 0; i < 5; i++) checks.push(await store.check(key, rule));
      expect(checks.map((check) => [check.success, check.remaining, check.limit])).toEqual([
        [true, 2, 3],
        [true, 1, 3],
        [true, 0, 3],
        [false, 0, 3],
        [false, 0, 3],
      ]);
      // One request comes back every windowMs / limit = 20 s; the refusals moved nothing.
      for (const refused of checks.slice(3)) {
        expect(refused.retryAfterMs).toBeGreaterThan(15_000);
        expect(refused.retryAfterMs).toBeLessThanOrEqual(20_000);
        expect(refused.resetMs).toBeGreaterThan(55_000);
        expect(refused.resetMs).toBeLessThanOrEqual(60_000);
      }
      expect(checks[0]?.retryAfterMs).toBe(0);
      expect(checks[0]?.resetMs).toBeLessThanOrEqual(20_000);
      expect(checks[2]?.resetMs).toBeGreaterThan(55_000);
    });

    it('keeps buckets apart', async () => {
      const store = open();
      const rule = { limit: 1, windowMs: 60_000 };
      const [a, b] = [unique(), unique()];
      expect((await store.check(a, rule)).success).toBe(true);
      expect((await store.check(a, rule)).success).toBe(false);
      expect((await store.check(b, rule)).success).toBe(true);
    });

    it('refills at the steady rate', async () => {
      const store = open();
      const key = unique();
      const rule = { limit: 2, windowMs: 300 };
      expect((await store.check(key, rule)).success).toBe(true);
      expect((await store.check(key, rule)).success).toBe(true);
      const refused = await store.check(key, rule);
      expect(refused.success).toBe(false);
      await sleep(refused.retryAfterMs + 50);
      expect((await store.check(key, rule)).success).toBe(true);
      await sleep(400);
      const full = await store.check(key, rule);
      expect([full.success, full.remaining]).toEqual([true, 1]);
    });

    it('lets exactly `limit` of many concurrent checks pass', async () => {
      const store = open();
      const key = unique();
      const rule = { limit: 10, windowMs: 60_000 };
      const checks = await Promise.all(
        Array.from({ length: 50 }, () => Promise.resolve(store.check(key, rule))),
      );
      expect(checks.filter((check) => check.success)).toHaveLength(10);
    });
  });
}
