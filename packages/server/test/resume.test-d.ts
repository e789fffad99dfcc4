import { defineContract, mutation, subscription } from '@wirecall/core';
import {
  createServer,
  type DedupeStore,
  type Handlers,
  memoryDedupeStore,
  memoryPubSub,
  type PubSub,
  type Tracked,
  tracked,
} from '@wirecall/server';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';

const api = defineContract({
  post: mutation({ input: z.object({ text: z.string() }), output: z.string() }),
  feed: subscription({
    input: z.object({ room: z.string() }),
    event: z.object({ text: z.string() }),
  }),
});

type Post = { text: string };

describe('tracked', () => {
  it('wraps an event with its id', () => {
    expectTypeOf(tracked('1', { text: 'a' })).toEqualTypeOf<Tracked<{ text: string }>>();
    expectTypeOf(tracked(1, 2).id).toEqualTypeOf<string>();
    expectTypeOf(tracked(1, 2).data).toEqualTypeOf<number>();
    // @ts-expect-error ids are strings or numbers
    tracked({}, 1);
  });

  it('may be mixed with plain events in a subscription handler, of the event type', () => {
    createServer(api, {
      handlers: {
        post: () => '',
        async *feed() {
          yield tracked('1', { text: 'a' });
          yield { text: 'b' };
        },
      },
    });
    createServer(api, {
      handlers: {
        post: () => '',
        // @ts-expect-error a tracked event must be of the event type too
        async *feed() {
          yield tracked('1', { text: 1 });
        },
      },
    });
  });
});

describe('ctx.pubsub and ctx.lastEventId', () => {
  it('gives every handler the pub/sub, and subscriptions the resume cursor', () => {
    const handlers: Handlers<typeof api, object> = {
      post: async (input, ctx) => {
        expectTypeOf(ctx.pubsub).toEqualTypeOf<PubSub>();
        expectTypeOf(ctx.pubsub.publish('room', input)).toEqualTypeOf<Promise<string>>();
        // @ts-expect-error only subscriptions resume
        void ctx.lastEventId;
        return ctx.pubsub.publish('room', input);
      },
      async *feed(input, ctx) {
        expectTypeOf(ctx.lastEventId).toEqualTypeOf<string | undefined>();
        expectTypeOf(ctx.pubsub.subscribe<Post>(input.room)).toEqualTypeOf<
          AsyncIterable<Tracked<Post>>
        >();
        // The topic's event type is inferred from the subscription's.
        yield* ctx.pubsub.subscribe(input.room, {
          lastEventId: ctx.lastEventId,
          signal: ctx.signal,
        });
      },
    };
    createServer(api, { handlers });
  });

  it('takes a pub/sub and a dedupe store as options', () => {
    const pubsub: PubSub = memoryPubSub({ replayBufferSize: 10 });
    const dedupe: DedupeStore = memoryDedupeStore({ maxEntries: 10, ttlMs: 1_000 });
    const server = createServer(api, {
      pubsub,
      dedupe,
      heartbeat: { intervalMs: 1_000, timeoutMs: 500 },
      handlers: { post: () => '', feed: (_input, ctx) => ctx.pubsub.subscribe('x') },
    });
    expectTypeOf(server.pubsub).toEqualTypeOf<PubSub>();
    // @ts-expect-error the heartbeat is options or false
    createServer(api, { heartbeat: true, handlers: { post: () => '', async *feed() {} } });
  });
});
