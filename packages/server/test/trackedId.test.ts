import { createClient, type WebSocketConstructor } from '@wirecall/client';
import { defineContract, isRpcError, MAX_CURSOR_LENGTH, query, subscription } from '@wirecall/core';
import { type PubSub, tracked } from '@wirecall/server';
import { openRawClient, startServer } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { z } from 'zod';

const api = defineContract({
  ping: query({ output: z.literal('pong') }),
  /** One good tracked event, then one whose id the protocol cannot carry. */
  feed: subscription({
    input: z.object({ bad: z.enum(['long', 'empty', 'forged', 'max']) }),
    event: z.string(),
  }),
});

/** A value that passes `isTracked` without going through `tracked()`'s check. */
const forged = (id: string, data: string) => ({ [Symbol.for('wirecall.tracked')]: true, id, data });

async function setup() {
  const reported: unknown[] = [];
  const started = await startServer(api, {
    onError: (error) => reported.push(error),
    handlers: {
      ping: () => 'pong' as const,
      async *feed({ bad }) {
        yield tracked('1', 'first');
        if (bad === 'long') yield tracked('x'.repeat(300), 'second');
        if (bad === 'empty') yield tracked('', 'second');
        if (bad === 'forged') yield forged('y'.repeat(MAX_CURSOR_LENGTH + 1), 'second') as never;
        if (bad === 'max') yield tracked('z'.repeat(MAX_CURSOR_LENGTH), 'second');
      },
    },
  });
  const client = createClient(api, {
    url: started.url,
    WebSocket: WebSocket as unknown as WebSocketConstructor,
  });
  const closes: number[] = [];
  client.on('close', (info) => closes.push(info.code));
  return {
    client,
    closes,
    reported,
    async [Symbol.asyncDispose]() {
      client.close();
      await started[Symbol.asyncDispose]();
    },
  };
}

/** Events and the error of one subscription, once it has ended. */
async function run(
  client: Awaited<ReturnType<typeof setup>>['client'],
  bad: 'long' | 'empty' | 'forged' | 'max',
) {
  const events: string[] = [];
  try {
    for await (const event of client.feed.subscribe({ bad })) events.push(event);
    return { events, error: undefined };
  } catch (error) {
    return { events, error };
  }
}

describe('tracked() ids over the cursor limit', () => {
  it.each(['long', 'empty', 'forged'] as const)(
    'fail only that subscription with INTERNAL (%s id); the connection stays open',
    async (bad) => {
      await using t = await setup();
      const { events, error } = await run(t.client, bad);
      expect(events).toEqual(['first']);
      expect(isRpcError(error, 'INTERNAL')).toBe(true);
      // The connection was not closed over it: other operations go on, nothing reconnected.
      expect(await t.client.ping()).toBe('pong');
      expect(t.closes).toEqual([]);
      expect(t.client.state).toBe('open');
      // The server's log says what was wrong.
      expect(t.reported).toHaveLength(1);
      expect(String(t.reported[0])).toMatch(
        /A tracked\(\) id must be a number or a string of 1 to 256 characters/,
      );
    },
  );

  it('takes an id of exactly the limit', async () => {
    await using t = await setup();
    expect(await run(t.client, 'max')).toEqual({ events: ['first', 'second'], error: undefined });
    expect(t.reported).toEqual([]);
  });

  it('throws a TypeError from tracked() itself', () => {
    expect(() => tracked('x'.repeat(MAX_CURSOR_LENGTH + 1), 1)).toThrow(TypeError);
    expect(() => tracked('', 1)).toThrow(TypeError);
    expect(tracked(7, 1).id).toBe('7');
  });

  it('sends no cursor over the limit from a pub/sub of your own; the subscription goes on', async () => {
    const longCursor: PubSub = {
      publish: async () => '1',
      async *subscribe<TEvent>(_topic: string, options: { onCursor?: (id: string) => void } = {}) {
        options.onCursor?.('c'.repeat(MAX_CURSOR_LENGTH + 1));
        yield tracked('1', 'first' as TEvent);
      },
    };
    const cursorApi = defineContract({ topic: subscription({ event: z.string() }) });
    const reported: unknown[] = [];
    await using t = await startServer(cursorApi, {
      pubsub: longCursor,
      onError: (error) => reported.push(error),
      handlers: {
        async *topic(_input, ctx) {
          for await (const event of ctx.pubsub.subscribe<string>('t')) yield event;
        },
      },
    });
    await using raw = await openRawClient(t.url);
    raw.send({ type: 'subscribe', id: 1, path: 'topic' });
    await raw.next((m) => m.type === 'complete');
    expect(raw.received.map((m) => m.type)).toEqual(['welcome', 'subscribed', 'event', 'complete']);
    expect(String(reported[0])).toMatch(
      /A pub\/sub cursor must be a number or a string of 1 to 256/,
    );
  });
});
