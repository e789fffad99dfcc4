import { defineContract, query, subscription } from '@wirecall/core';
import { memoryPubSub } from '@wirecall/server';
import { openRawClient, startServer } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRequestContext } from '../../src/connection/requestContext.js';

const api = defineContract({
  inspect: query({
    output: z.object({
      isAdmin: z.boolean(),
      ownKey: z.boolean(),
      signal: z.boolean(),
      error: z.boolean(),
      pubsub: z.boolean(),
      paramsKey: z.boolean(),
    }),
  }),
  news: subscription({ event: z.string() }),
});

const KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/**
 * A server whose context spreads the client's params, as a quick login might: with a
 * `__proto__` key left in, `Object.assign(ctx, context)` used to replace ctx's prototype.
 */
async function setup(key: string) {
  const seen: unknown[] = [];
  const started = await startServer(api, {
    pubsub: memoryPubSub(),
    context: ({ params }) => {
      seen.push(params);
      return { ...(params as object) };
    },
    handlers: {
      inspect: (_input, ctx) => {
        const view = ctx as unknown as Record<string, unknown>;
        return {
          isAdmin: view.isAdmin === true,
          ownKey: Object.hasOwn(ctx, key),
          signal: ctx.signal instanceof AbortSignal,
          error: typeof ctx.error === 'function',
          pubsub: typeof ctx.pubsub?.publish === 'function',
          paramsKey: seen.some((params) => Object.hasOwn(params as object, key)),
        };
      },
      async *news(_input, ctx) {
        for await (const event of ctx.pubsub.subscribe<string>('news')) yield event.data;
      },
    },
  });
  return started;
}

/** A hello whose params hold `key`: written as text, since JSON.stringify drops `__proto__`. */
const helloWith = (key: string) =>
  `{"type":"hello","params":{"user":"ada","${key}":{"isAdmin":true,"nested":{"${key}":{"isAdmin":true}}}}}`;

describe('prototype keys in connection params', () => {
  it.each(KEYS)('%s never reaches ctx or its prototype', async (key) => {
    await using t = await setup(key);
    await using raw = await openRawClient(t.url, { hello: false });
    raw.send(helloWith(key));
    await raw.next((m) => m.type === 'welcome');
    raw.send({ type: 'call', id: 1, path: 'inspect' });
    const answer = await raw.next((m) => m.id === 1);
    expect(answer).toEqual({
      type: 'result',
      id: 1,
      output: {
        isAdmin: false,
        ownKey: false,
        signal: true,
        error: true,
        pubsub: true,
        paramsKey: false,
      },
    });
    // Subscriptions, which need ctx.pubsub, still work.
    raw.send({ type: 'subscribe', id: 2, path: 'news' });
    await raw.next((m) => m.type === 'subscribed' && m.id === 2);
    await t.server.pubsub.publish('news', 'hello');
    expect(await raw.next((m) => m.type === 'event' && m.id === 2)).toMatchObject({
      data: 'hello',
    });
  });

  it.each(KEYS)('%s in a context built elsewhere is not copied onto ctx', (key) => {
    // A context that did not come from params (a database row, say) may hold such a key too.
    const context = JSON.parse(`{"user":"ada","${key}":{"isAdmin":true}}`) as object;
    const ctx = createRequestContext(context, {
      path: 'inspect',
      abort: new AbortController(),
      pubsub: memoryPubSub(),
    });
    expect(ctx.user).toBe('ada');
    expect(Object.hasOwn(ctx, key)).toBe(false);
    expect(ctx.isAdmin).toBeUndefined();
    expect(ctx.signal).toBeInstanceOf(AbortSignal);
    expect(typeof ctx.error).toBe('function');
    expect(ctx.constructor).not.toEqual({ isAdmin: true });
  });

  it('keeps params nested deeply without overflowing the stack', async () => {
    await using t = await setup('__proto__');
    await using raw = await openRawClient(t.url, { hello: false });
    const depth = 50_000;
    raw.send(
      `{"type":"hello","params":${'{"a":'.repeat(depth)}{"__proto__":{"isAdmin":true}}${'}'.repeat(depth)}}`,
    );
    await raw.next((m) => m.type === 'welcome');
    raw.send({ type: 'call', id: 1, path: 'inspect' });
    expect(await raw.next((m) => m.id === 1)).toMatchObject({ type: 'result' });
  });
});
