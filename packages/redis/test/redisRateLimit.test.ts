import { createClient } from '@wirecall/client';
import { defineContract, query } from '@wirecall/core';
import { createServer, isRpcError, type RateLimitStore, rateLimit } from '@wirecall/server';
import { rateLimitStoreSuite } from '@wirecall/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type RedisRateLimitStore, redisRateLimit } from '../src/index.js';
import { REDIS_URL, redisScope, redisUp } from './redisFixture.js';

const scope = redisScope('ratelimit');
const opened: RedisRateLimitStore[] = [];
afterAll(async () => {
  await Promise.all(opened.map((store) => store.close()));
  await scope[Symbol.asyncDispose]();
});

function instance(): RedisRateLimitStore {
  const store = redisRateLimit({ url: REDIS_URL, keyPrefix: scope.prefix, onError: () => {} });
  opened.push(store);
  return store;
}

describe.skipIf(!redisUp)('redisRateLimit', () => {
  // A new instance per check would be the harshest; one per test is what servers do.
  rateLimitStoreSuite('redis', instance);

  it('holds one limit across instances checking at once', async () => {
    const stores: RateLimitStore[] = [instance(), instance(), instance()];
    const rule = { limit: 12, windowMs: 60_000 };
    const checks = await Promise.all(
      Array.from({ length: 60 }, (_, i) => stores[i % 3]!.check('shared', rule)),
    );
    expect(checks.filter((check) => check.success)).toHaveLength(12);
  });

  it('refuses calls past the limit on two servers sharing it', async () => {
    const api = defineContract({ ping: query({ output: z.string() }) });
    const servers = [0, 1].map(() =>
      createServer(api, {
        middleware: [
          rateLimit({ limit: 3, windowMs: 60_000, key: () => 'everyone', store: instance() }),
        ],
        handlers: { ping: () => 'pong' },
      }),
    );
    const urls = await Promise.all(servers.map(async (s) => (await s.listen({ port: 0 })).url));
    const clients = urls.map((url) => createClient(api, { url }));
    try {
      const results = await Promise.allSettled(
        [0, 1, 2, 3, 4, 5].map((i) => clients[i % 2]!.ping()),
      );
      const refused = results.filter((r) => r.status === 'rejected');
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
      for (const r of refused) {
        const error = (r as PromiseRejectedResult).reason;
        expect(isRpcError(error) && error.code).toBe('RATE_LIMITED');
        expect((error as { data: { retryAfterMs: number } }).data.retryAfterMs).toBeGreaterThan(0);
      }
    } finally {
      for (const client of clients) client.close();
      await Promise.all(servers.map((s) => s.close()));
    }
  });

  it('fails a check with UNAVAILABLE when Redis cannot be reached', async () => {
    const store = redisRateLimit({
      url: 'redis://127.0.0.1:1',
      commandTimeoutMs: 300,
      onError: () => {},
    });
    try {
      const error = await Promise.resolve(store.check('k', { limit: 1, windowMs: 1_000 })).catch(
        (e: unknown) => e,
      );
      expect(isRpcError(error) && error.code).toBe('UNAVAILABLE');
    } finally {
      await store.close();
    }
  });
});
