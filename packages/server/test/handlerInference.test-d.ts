import { defineContract, mutation, presence, query, subscription } from '@wirecall/core';
import { createServer, middleware, type RpcError } from '@wirecall/server';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';

const api = defineContract({
  find: query({
    input: z.object({ id: z.string(), limit: z.number().default(10) }),
    output: z.object({ id: z.string(), at: z.date() }),
    errors: { NOT_FOUND: z.object({ id: z.string() }) },
  }),
  save: mutation({ input: z.object({ text: z.string() }), output: z.number() }),
  feed: subscription({ input: z.object({ room: z.string() }), event: z.string() }),
  room: { online: presence({ state: z.object({ name: z.string() }) }) },
});

const context = () => ({ user: 'ada' as string | undefined });

describe('handler inference', () => {
  it('types each handler input and ctx from the contract and the context, never any', () => {
    createServer(api, {
      context,
      handlers: {
        find: (input, ctx) => {
          expectTypeOf(input).not.toBeAny();
          expectTypeOf(input).toEqualTypeOf<{ id: string; limit: number }>();
          expectTypeOf(ctx).not.toBeAny();
          expectTypeOf(ctx.user).toEqualTypeOf<string | undefined>();
          expectTypeOf(ctx.error('NOT_FOUND', { id: input.id })).toEqualTypeOf<
            RpcError<'NOT_FOUND', { id: string }>
          >();
          return { id: input.id, at: new Date() };
        },
        save: async (input) => {
          expectTypeOf(input).toEqualTypeOf<{ text: string }>();
          return input.text.length;
        },
        async *feed(input, ctx) {
          expectTypeOf(input).toEqualTypeOf<{ room: string }>();
          expectTypeOf(ctx.lastEventId).toEqualTypeOf<string | undefined>();
          yield input.room;
        },
        room: {
          online: (input, ctx) => {
            expectTypeOf(input).toEqualTypeOf<void>();
            expectTypeOf(ctx.user).toEqualTypeOf<string | undefined>();
          },
        },
      },
    });
  });

  it('checks what handlers return, plain, as a Promise or as a PromiseLike', () => {
    const thenable: PromiseLike<number> = Promise.resolve(1);
    createServer(api, {
      handlers: {
        // @ts-expect-error `at` must be a Date
        find: (input) => ({ id: input.id, at: 'now' }),
        save: () => thenable,
        // @ts-expect-error events are strings
        async *feed() {
          yield 1;
        },
        room: {},
      },
    });
    createServer(api, {
      handlers: {
        // @ts-expect-error an async handler is checked as well
        find: async (input) => ({ id: input.id }),
        save: async () => 1,
        async *feed() {},
        room: {},
      },
    });
  });

  it('types the context middleware adds only where it applies', () => {
    const auth = middleware(async ({ next }) => next({ ctx: { userId: 'u1' } }));
    createServer(api, {
      middleware: [auth],
      handlers: {
        find: (input, ctx) => {
          expectTypeOf(ctx.userId).toEqualTypeOf<string>();
          return { id: input.id, at: new Date() };
        },
        save: (_input, ctx) => {
          expectTypeOf(ctx.userId).toEqualTypeOf<string>();
          return 1;
        },
        async *feed() {},
        room: {},
      },
    });
    createServer(api, {
      handlers: {
        find: (input, ctx) => {
          // @ts-expect-error no middleware: nothing added to ctx
          ctx.userId;
          return { id: input.id, at: new Date() };
        },
        save: () => 1,
        async *feed() {},
        room: {},
      },
    });
  });
});
