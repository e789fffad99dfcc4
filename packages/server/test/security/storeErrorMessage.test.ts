import { defineContract, mutation, query } from '@wirecall/core';
import { type DedupeStore, ErrorCode, RpcError } from '@wirecall/server';
import { openRawClient, startServer } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const FIXED = 'A service the server depends on is unavailable; nothing was done. Retry later';
const DRIVER = 'Redis is unavailable: Reached the max retries per request limit (which is 0)';

/** A store whose backend is gone, failing with its driver's words, as the Redis adapter's does. */
const downStore: DedupeStore = {
  claim: async () => {
    throw new RpcError(ErrorCode.UNAVAILABLE, undefined, { message: DRIVER });
  },
  settle: async () => {},
};

/** A store that fails with something that is not even an RpcError. */
const brokenStore: DedupeStore = {
  claim: async () => {
    throw new Error('ECONNREFUSED 10.0.0.7:6379');
  },
  settle: async () => {},
};

const api = defineContract({
  post: mutation({ input: z.string(), output: z.string() }),
  feed: query({ output: z.string() }),
});

async function setup(dedupe: DedupeStore) {
  const reported: unknown[] = [];
  const started = await startServer(api, {
    dedupe,
    onError: (error) => reported.push(error),
    handlers: {
      post: (text) => text,
      // A handler passing on a store's failure unchanged, as one using ctx.pubsub would.
      feed: () => {
        throw new RpcError(ErrorCode.UNAVAILABLE, undefined, { message: DRIVER });
      },
    },
  });
  return { ...started, reported };
}

describe('store errors reach clients with a fixed message', () => {
  it.each([
    ['an UNAVAILABLE store', downStore, DRIVER],
    ['a store throwing a plain Error', brokenStore, 'ECONNREFUSED'],
  ])(
    '%s: the keyed mutation fails UNAVAILABLE in fixed words; onError gets the detail',
    async (_name, store, detail) => {
      await using t = await setup(store);
      await using raw = await openRawClient(t.url, { hello: { session: 's' } });
      raw.send({ type: 'call', id: 1, path: 'post', input: 'hi', key: 'k' });
      expect(await raw.next((m) => m.id === 1)).toEqual({
        type: 'error',
        id: 1,
        error: { code: 'UNAVAILABLE', message: FIXED },
      });
      expect(t.reported).toHaveLength(1);
      expect(String(t.reported[0])).toContain(detail);
    },
  );

  it('an UNAVAILABLE thrown by a handler is sent in the fixed words too', async () => {
    await using t = await setup(downStore);
    await using raw = await openRawClient(t.url);
    raw.send({ type: 'call', id: 1, path: 'feed' });
    expect(await raw.next((m) => m.id === 1)).toEqual({
      type: 'error',
      id: 1,
      error: { code: 'UNAVAILABLE', message: FIXED },
    });
    expect(String(t.reported[0])).toContain(DRIVER);
  });
});
