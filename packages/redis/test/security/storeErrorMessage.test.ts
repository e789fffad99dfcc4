import { defineContract, mutation } from '@wirecall/core';
import { openRawClient, startServer } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { redisDedupe, redisPubSub } from '../../src/index.js';

const api = defineContract({
  post: mutation({ input: z.string(), output: z.string() }),
});

/** Nothing listens on port 1: the driver fails with its own words, as with a Redis that is gone. */
const NO_REDIS = 'redis://127.0.0.1:1';
const FIXED = 'A service the server depends on is unavailable; nothing was done. Retry later';

async function setup() {
  const reported: unknown[] = [];
  const dedupe = redisDedupe({ url: NO_REDIS, commandTimeoutMs: 300, onError: () => {} });
  const pubsub = redisPubSub({ url: NO_REDIS, commandTimeoutMs: 300, onError: () => {} });
  const started = await startServer(api, {
    dedupe,
    pubsub,
    onError: (error) => reported.push(error),
    handlers: {
      post: async (text, ctx) => {
        await ctx.pubsub.publish('posts', text);
        return text;
      },
    },
  });
  return {
    ...started,
    reported,
    async [Symbol.asyncDispose]() {
      await started[Symbol.asyncDispose]();
      await Promise.all([dedupe.close(), pubsub.close()]);
    },
  };
}

describe('store errors reach clients as a fixed message', () => {
  it.each([
    ['the dedupe store (keyed mutation)', 'k-1'],
    ['the pub/sub, from a handler (unkeyed mutation)', undefined],
  ])('%s: UNAVAILABLE with fixed words; the driver detail goes to onError', async (_what, key) => {
    await using t = await setup();
    await using raw = await openRawClient(t.url, { hello: { session: 's' } });
    raw.send({ type: 'call', id: 1, path: 'post', input: 'hi', ...(key ? { key } : {}) });
    expect(await raw.next((m) => m.id === 1)).toEqual({
      type: 'error',
      id: 1,
      error: { code: 'UNAVAILABLE', message: FIXED },
    });
    expect(t.reported).toHaveLength(1);
    expect(String(t.reported[0])).toMatch(/Redis is unavailable/);
  });
});
