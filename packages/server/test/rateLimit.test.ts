import { createClient } from '@wirecall/client';
import { defineContract, mutation, query, subscription } from '@wirecall/core';
import {
  createServer,
  ErrorCode,
  isRpcError,
  type MiddlewareEntry,
  memoryRateLimitStore,
  middleware,
  type RateLimitStore,
  rateLimit,
  scoped,
} from '@wirecall/server';
import { rateLimitStoreSuite } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

rateLimitStoreSuite('memory', () => memoryRateLimitStore());

const api = defineContract({
  ping: query({ output: z.string() }),
  chat: { send: mutation({ input: z.object({ text: z.string() }) }) },
  feed: subscription({ event: z.string() }),
});

async function start(entries: readonly MiddlewareEntry[], params?: Record<string, string>) {
  const server = createServer(api, {
    context: ({ params: given }) => ({
      user: (given as { user?: string } | undefined)?.user ?? 'anon',
    }),
    middleware: entries,
    handlers: {
      ping: () => 'pong',
      chat: { send: () => {} },
      async *feed() {
        yield 'hi';
      },
    },
    onError: () => {},
  });
  const { url } = await server.listen({ port: 0 });
  const clients: Array<ReturnType<typeof createClient<typeof api>>> = [];
  const connect = (given = params) => {
    const client = createClient(api, { url, params: given });
    clients.push(client);
    return client;
  };
  return {
    connect,
    async [Symbol.asyncDispose]() {
      for (const client of clients) client.close();
      await server.close();
    },
  };
}

async function codes(calls: Array<Promise<unknown>>): Promise<string[]> {
  const settled = await Promise.allSettled(calls);
  return settled.map((result) =>
    result.status === 'fulfilled'
      ? 'ok'
      : isRpcError(result.reason)
        ? result.reason.code
        : String(result.reason),
  );
}

describe('rateLimit', () => {
  it('refuses calls past the limit with RATE_LIMITED and retryAfterMs, per connection by default', async () => {
    await using t = await start([rateLimit({ limit: 2, windowMs: 60_000 })]);
    const a = t.connect();
    const b = t.connect();
    expect(await codes([a.ping(), a.ping(), a.ping()])).toEqual(['ok', 'ok', 'RATE_LIMITED']);
    const error = await a.ping().catch((e: unknown) => e);
    expect(isRpcError(error) && error.data).toEqual({ retryAfterMs: expect.any(Number) });
    const { retryAfterMs } = (error as { data: { retryAfterMs: number } }).data;
    expect(retryAfterMs).toBeGreaterThan(20_000);
    expect(retryAfterMs).toBeLessThanOrEqual(30_000);
    // Another connection has a bucket of its own.
    expect(await codes([b.ping(), b.ping()])).toEqual(['ok', 'ok']);
  });

  it('refuses a subscription start the same way', async () => {
    await using t = await start([rateLimit({ limit: 1, windowMs: 60_000 })]);
    const client = t.connect();
    const drain = async () => {
      for await (const _ of client.feed.subscribe()) {
      }
    };
    expect(await codes([drain()])).toEqual(['ok']);
    expect(await codes([drain()])).toEqual([ErrorCode.RATE_LIMITED]);
  });

  it('limits per user across connections with a key from the context', async () => {
    const perUser = rateLimit<{ user: string }>({
      limit: 2,
      windowMs: 60_000,
      key: ({ ctx }) => ctx.user,
    });
    await using t = await start([perUser]);
    const ada1 = t.connect({ user: 'ada' });
    const ada2 = t.connect({ user: 'ada' });
    const bob = t.connect({ user: 'bob' });
    expect(await codes([ada1.ping()])).toEqual(['ok']);
    expect(await codes([ada2.ping()])).toEqual(['ok']);
    expect(await codes([ada2.ping()])).toEqual(['RATE_LIMITED']);
    expect(await codes([bob.ping()])).toEqual(['ok']);
  });

  it('limits one procedure when scoped, and per procedure with the path in the key', async () => {
    const perPath = rateLimit({
      limit: 1,
      windowMs: 60_000,
      key: ({ connection, path }) => `${connection.id}:${path}`,
    });
    await using t = await start([
      scoped('chat.send', rateLimit({ limit: 1, windowMs: 60_000, name: 'send' })),
      perPath,
    ]);
    const client = t.connect();
    expect(await codes([client.chat.send({ text: 'a' }), client.ping()])).toEqual(['ok', 'ok']);
    expect(await codes([client.chat.send({ text: 'b' }), client.ping()])).toEqual([
      'RATE_LIMITED',
      'RATE_LIMITED',
    ]);
  });

  it('runs no handler and no later middleware for a refused call', async () => {
    const after: string[] = [];
    const later = middleware(({ path, next }) => {
      after.push(path);
      return next();
    });
    await using t = await start([rateLimit({ limit: 1, windowMs: 60_000 }), later]);
    const client = t.connect();
    await codes([client.ping(), client.ping(), client.ping()]);
    expect(after).toEqual(['ping']);
  });

  it('answers UNAVAILABLE when its store fails, and INTERNAL when key() is broken', async () => {
    const failing: RateLimitStore = {
      check: () => Promise.reject(new Error('store down at 10.0.0.7')),
    };
    await using t = await start([
      scoped('ping', rateLimit({ limit: 5, windowMs: 1_000, store: failing })),
      scoped('chat', rateLimit({ limit: 5, windowMs: 1_000, key: () => 42 as never })),
    ]);
    const client = t.connect();
    const error = await client.ping().catch((e: unknown) => e);
    expect(isRpcError(error) && error.code).toBe('UNAVAILABLE');
    expect(String((error as Error).message)).not.toContain('10.0.0.7');
    expect(await codes([client.chat.send({ text: 'x' })])).toEqual(['INTERNAL']);
  });

  it.each([
    [{ limit: 0, windowMs: 1_000 }],
    [{ limit: 1.5, windowMs: 1_000 }],
    [{ limit: 5, windowMs: 0 }],
    [{ limit: 5, windowMs: Number.NaN }],
    [{ limit: '5' as never, windowMs: 1_000 }],
  ])('refuses a rule that would disable the limit: %j', (rule) => {
    expect(() => rateLimit(rule)).toThrow(RangeError);
  });
});

describe('memoryRateLimitStore', () => {
  it('follows the GCRA on its clock, and forgets refilled buckets as it grows', () => {
    let now = 1_000_000;
    const store = memoryRateLimitStore({ now: () => now });
    const rule = { limit: 4, windowMs: 1_000 };
    for (let i = 0; i < 4; i++) expect(store.check('k', rule)).toMatchObject({ success: true });
    expect(store.check('k', rule)).toEqual({
      success: false,
      limit: 4,
      remaining: 0,
      resetMs: 1_000,
      retryAfterMs: 250,
    });
    now += 250;
    expect(store.check('k', rule)).toEqual({
      success: true,
      limit: 4,
      remaining: 0,
      resetMs: 1_000,
      retryAfterMs: 0,
    });
    // Many keys, each refilled a window later: the map does not keep them all.
    for (let i = 0; i < 5_000; i++) {
      store.check(`many-${i}`, rule);
      now += 1;
    }
    now += 2_000;
    for (let i = 0; i < 2_000; i++) store.check(`more-${i}`, rule);
    expect(store.check('many-0', rule)).toMatchObject({ success: true, remaining: 3 });
  });
});
