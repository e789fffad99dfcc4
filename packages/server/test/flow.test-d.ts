import { defineContract, mutation, subscription } from '@wirecall/core';
import { createServer, type EventQueue, type Handlers, type Tracked } from '@wirecall/server';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';

const api = defineContract({
  post: mutation({ input: z.object({ text: z.string() }), output: z.string() }),
  prices: subscription({
    event: z.object({ symbol: z.string(), price: z.number() }),
    flow: { window: 16, overflow: 'latest' },
  }),
});

type Price = { symbol: string; price: number };

describe('ctx.queue', () => {
  it("is typed with the subscription's events, plain or tracked", () => {
    const handlers: Handlers<typeof api, object> = {
      post: ({ text }) => text,
      async *prices(_input, ctx) {
        const queue = ctx.queue();
        expectTypeOf(queue).toEqualTypeOf<EventQueue<Price | Tracked<Price>>>();
        expectTypeOf(queue.push).parameter(0).toEqualTypeOf<Price | Tracked<Price>>();
        expectTypeOf(queue.dropped).toEqualTypeOf<number>();
        yield* queue;
      },
    };
    createServer(api, { handlers });
  });

  it('takes its own options, checked', () => {
    createServer(api, {
      handlers: {
        post: ({ text }) => text,
        async *prices(_input, ctx) {
          yield* ctx.queue({ overflow: 'drop-oldest', bufferSize: 100 });
          // @ts-expect-error not an overflow policy
          ctx.queue({ overflow: 'grow' });
        },
      },
    });
  });

  it('is only on subscription handlers', () => {
    createServer(api, {
      handlers: {
        post: ({ text }, ctx) => {
          // @ts-expect-error queries and mutations have no queue
          ctx.queue();
          return text;
        },
        async *prices() {},
      },
    });
  });
});

describe('flow in the contract', () => {
  it('accepts only known policies', () => {
    subscription({ event: z.number(), flow: { overflow: 'drop-newest', bufferSize: 10 } });
    // @ts-expect-error not an overflow policy
    subscription({ event: z.number(), flow: { overflow: 'unbounded' } });
  });
});

describe('server limits', () => {
  it('are numbers, and the origin policy a list or a function', () => {
    createServer(api, {
      handlers: { post: ({ text }) => text, async *prices() {} },
      maxConnections: 1_000,
      maxCallsInFlight: 32,
      maxSubscriptions: 100,
      idleTimeoutMs: 60_000,
      highWaterMark: 1_048_576,
      slowSocketTimeoutMs: 30_000,
      allowedOrigins: ['https://app.example.com', /\.example\.com$/],
    });
    createServer(api, {
      handlers: { post: ({ text }) => text, async *prices() {} },
      allowedOrigins: (origin) => origin.endsWith('.example.com'),
    });
  });
});
