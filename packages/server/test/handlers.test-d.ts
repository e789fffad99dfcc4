import { defineContract, mutation, query, subscription } from '@wirecall/core';
import {
  type ConnectionInit,
  createServer,
  type Handlers,
  type RpcError,
  type WirecallServer,
} from '@wirecall/server';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';

const api = defineContract({
  greet: query({ input: z.object({ name: z.string() }), output: z.string() }),
  chat: {
    send: mutation({
      input: z.object({ room: z.string(), text: z.string() }),
      output: z.object({ id: z.string() }),
      errors: {
        ROOM_CLOSED: z.object({ room: z.string() }),
        SLOW_DOWN: z.object({ retryAfterMs: z.number() }).optional(),
      },
    }),
    messages: subscription({
      input: z.object({ room: z.string(), since: z.number().default(0) }),
      event: z.object({ id: z.string(), text: z.string() }),
    }),
  },
});

type Api = typeof api;
type Message = { id: string; text: string };

describe('createServer', () => {
  it('returns a WirecallServer', () => {
    const server = createServer(api, {
      handlers: {
        greet: ({ name }) => `Hello, ${name}!`,
        chat: {
          send: () => ({ id: '1' }),
          async *messages() {},
        },
      },
    });
    expectTypeOf(server).toEqualTypeOf<WirecallServer>();
  });

  it('gives each handler the parsed input: defaults are filled in', () => {
    createServer(api, {
      handlers: {
        greet: (input) => {
          expectTypeOf(input).toEqualTypeOf<{ name: string }>();
          return input.name;
        },
        chat: {
          send: (input) => {
            expectTypeOf(input).toEqualTypeOf<{ room: string; text: string }>();
            return { id: input.room };
          },
          async *messages(input) {
            expectTypeOf(input).toEqualTypeOf<{ room: string; since: number }>();
            expectTypeOf(input).not.toBeAny();
            yield { id: input.room, text: String(input.since) };
          },
        },
      },
    });
  });

  it('gives ctx the signal, the path and the error factory', () => {
    createServer(api, {
      handlers: {
        greet: (_input, ctx) => {
          expectTypeOf(ctx.signal).toEqualTypeOf<AbortSignal>();
          expectTypeOf(ctx.path).toEqualTypeOf<string>();
          expectTypeOf(ctx).not.toBeAny();
          return '';
        },
        chat: { send: () => ({ id: '1' }), async *messages() {} },
      },
    });
  });

  it('accepts async handlers and any AsyncIterable for subscriptions', () => {
    createServer(api, {
      handlers: {
        greet: async ({ name }) => name,
        chat: {
          send: ({ room }) => Promise.resolve({ id: room }),
          messages: () => ({
            async *[Symbol.asyncIterator]() {
              yield { id: '1', text: 'hi' };
            },
          }),
        },
      },
    });
  });
});

describe('the context', () => {
  // A known TypeScript limitation: `handlers` is typed by a conditional type per procedure, and
  // TypeScript resolves such a contextual type before it has used what it learnt from a
  // `context` function whose parameter it had to type itself (`({ params }) => …` or
  // `(init) => …`), in whichever order the two options come. The handlers then see only
  // `signal`, `path` and `error` in `ctx`, and `ctx.user` does not compile.
  // So the context reaches the handlers when `context` has a typed parameter
  // (`({ params }: ConnectionInit) => …`) or none (`() => …`); then the order does not matter.
  // Making each handler's contextual type a plain function type would fix this, but it costs
  // literal outputs: `ping: () => 'pong'` would widen to `string` (see "literal outputs" below).

  it('is inferred from a context function with a typed parameter, before the handlers', () => {
    createServer(api, {
      context: ({ params }: ConnectionInit) => ({ user: String(params) }),
      handlers: {
        greet: ({ name }, ctx) => {
          expectTypeOf(ctx.user).toEqualTypeOf<string>();
          expectTypeOf(ctx.signal).toEqualTypeOf<AbortSignal>();
          return `${name} ${ctx.user}`;
        },
        chat: {
          send: ({ room }, ctx) => {
            expectTypeOf(ctx.user).toEqualTypeOf<string>();
            return { id: room };
          },
          async *messages({ room }, ctx) {
            expectTypeOf(ctx.user).toEqualTypeOf<string>();
            yield { id: room, text: ctx.user };
          },
        },
      },
    });
  });

  it('is inferred from a context function with a typed parameter, after the handlers', () => {
    createServer(api, {
      handlers: {
        greet: (_input, ctx) => {
          expectTypeOf(ctx.user).toEqualTypeOf<string>();
          return ctx.user;
        },
        chat: { send: () => ({ id: '1' }), async *messages() {} },
      },
      context: (init: ConnectionInit) => ({ user: String(init.params) }),
    });
  });

  it('is the resolved value of an async context function', () => {
    createServer(api, {
      context: async (_init: ConnectionInit) => ({ user: { id: 1, admin: false } }),
      handlers: {
        greet: (_input, ctx) => {
          expectTypeOf(ctx.user).toEqualTypeOf<{ id: number; admin: boolean }>();
          expectTypeOf(ctx.user).not.toBeAny();
          return '';
        },
        chat: { send: () => ({ id: '1' }), async *messages() {} },
      },
    });
  });

  it('is inferred from a context function without parameters, in either order', () => {
    createServer(api, {
      context: () => ({ tenant: 'a' as 'a' | 'b' }),
      handlers: {
        greet: (_input, ctx) => {
          expectTypeOf(ctx.tenant).toEqualTypeOf<'a' | 'b'>();
          return ctx.tenant;
        },
        chat: { send: () => ({ id: '1' }), async *messages() {} },
      },
    });
    createServer(api, {
      handlers: {
        greet: (_input, ctx) => {
          expectTypeOf(ctx.tenant).toEqualTypeOf<'a' | 'b'>();
          return ctx.tenant;
        },
        chat: { send: () => ({ id: '1' }), async *messages() {} },
      },
      context: () => ({ tenant: 'a' as 'a' | 'b' }),
    });
  });

  it('types the parameter of a context function TypeScript types itself', () => {
    createServer(api, {
      context: (init) => {
        expectTypeOf(init).toEqualTypeOf<ConnectionInit>();
        return {};
      },
      handlers: { greet: () => '', chat: { send: () => ({ id: '1' }), async *messages() {} } },
    });
  });

  it('is empty without a context function', () => {
    createServer(api, {
      handlers: {
        greet: (_input, ctx) => {
          // @ts-expect-error no context was declared
          ctx.user;
          return '';
        },
        chat: { send: () => ({ id: '1' }), async *messages() {} },
      },
    });
  });

  it('must be an object', () => {
    createServer(api, {
      // @ts-expect-error the context is spread into every ctx, so it cannot be a primitive
      context: () => 'user',
      handlers: { greet: () => '', chat: { send: () => ({ id: '1' }), async *messages() {} } },
    });
  });
});

describe('literal outputs', () => {
  // Guards the shape of `Handlers`: handlers written inline in createServer keep literal
  // return types, so outputs declared with z.literal, z.enum or discriminated unions compile.
  const literals = defineContract({
    ping: query({ output: z.literal('pong') }),
    status: query({ output: z.object({ status: z.enum(['ok', 'failing']) }) }),
    shape: query({
      output: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('circle'), radius: z.number() }),
        z.object({ kind: z.literal('square'), side: z.number() }),
      ]),
    }),
    feed: subscription({ event: z.enum(['tick', 'tock']) }),
  });

  it('are not widened', () => {
    createServer(literals, {
      handlers: {
        ping: () => 'pong',
        status: async () => ({ status: 'ok' }),
        shape: () => ({ kind: 'circle', radius: 1 }),
        async *feed() {
          yield 'tick';
        },
      },
    });
  });
});

describe('ctx.error', () => {
  it('builds a declared error typed by the contract', () => {
    createServer(api, {
      handlers: {
        greet: () => '',
        chat: {
          send: ({ room }, ctx) => {
            const error = ctx.error('ROOM_CLOSED', { room });
            expectTypeOf(error).toEqualTypeOf<RpcError<'ROOM_CLOSED', { room: string }>>();
            expectTypeOf(error.data).not.toBeAny();
            if (room === 'archive') throw error;
            return { id: room };
          },
          async *messages() {},
        },
      },
    });
  });

  it('takes optional data only when the schema allows undefined', () => {
    createServer(api, {
      handlers: {
        greet: () => '',
        chat: {
          send: ({ room }, ctx) => {
            expectTypeOf(ctx.error('SLOW_DOWN')).toEqualTypeOf<
              RpcError<'SLOW_DOWN', { retryAfterMs: number } | undefined>
            >();
            ctx.error('SLOW_DOWN', { retryAfterMs: 10 }, { message: 'Slow down' });
            // @ts-expect-error ROOM_CLOSED needs its data
            ctx.error('ROOM_CLOSED');
            return { id: room };
          },
          async *messages() {},
        },
      },
    });
  });

  it('rejects an undeclared code or data of the wrong shape', () => {
    createServer(api, {
      handlers: {
        greet: (_input, ctx) => {
          // @ts-expect-error greet declares no errors
          ctx.error('ROOM_CLOSED', { room: 'a' });
          return '';
        },
        chat: {
          send: ({ room }, ctx) => {
            // @ts-expect-error not a declared code of chat.send
            ctx.error('ROOM_FULL', { room });
            // @ts-expect-error built-in codes are thrown with `new RpcError`, not built by ctx.error
            ctx.error('FORBIDDEN');
            // @ts-expect-error room must be a string
            ctx.error('ROOM_CLOSED', { room: 1 });
            // @ts-expect-error unknown keys in the data
            ctx.error('ROOM_CLOSED', { room, reason: 'closed' });
            return { id: room };
          },
          async *messages(_input, ctx) {
            // @ts-expect-error chat.messages declares no errors
            ctx.error('ROOM_CLOSED', { room: 'a' });
            yield { id: '1', text: 'hi' };
          },
        },
      },
    });
  });
});

describe('handlers', () => {
  it('must implement every procedure', () => {
    createServer(api, {
      // @ts-expect-error greet has no handler
      handlers: { chat: { send: () => ({ id: '1' }), async *messages() {} } },
    });
    createServer(api, {
      handlers: {
        greet: () => '',
        // @ts-expect-error chat.messages has no handler
        chat: { send: () => ({ id: '1' }) },
      },
    });
    createServer(api, {
      // @ts-expect-error the chat namespace has no handlers
      handlers: { greet: () => '' },
    });
  });

  it('must return the output type', () => {
    createServer(api, {
      handlers: {
        // @ts-expect-error greet returns a string
        greet: () => 42,
        chat: { send: () => ({ id: '1' }), async *messages() {} },
      },
    });
    createServer(api, {
      handlers: {
        greet: () => '',
        chat: {
          // @ts-expect-error id must be a string
          send: async () => ({ id: 1 }),
          async *messages() {},
        },
      },
    });
  });

  it('must be an async iterable of the event type for a subscription', () => {
    createServer(api, {
      handlers: {
        greet: () => '',
        chat: {
          send: () => ({ id: '1' }),
          // @ts-expect-error a subscription handler returns an AsyncIterable, not a promise
          messages: async () => ({ id: '1', text: 'hi' }),
        },
      },
    });
    createServer(api, {
      handlers: {
        greet: () => '',
        chat: {
          send: () => ({ id: '1' }),
          // @ts-expect-error a synchronous generator is not an AsyncIterable
          *messages() {
            yield { id: '1', text: 'hi' };
          },
        },
      },
    });
    createServer(api, {
      handlers: {
        greet: () => '',
        chat: {
          send: () => ({ id: '1' }),
          // @ts-expect-error events must match the event schema
          async *messages() {
            yield { id: 1, text: 'hi' };
          },
        },
      },
    });
  });

  it('may not be given for procedures the contract does not have', () => {
    createServer(api, {
      handlers: {
        greet: () => '',
        // @ts-expect-error no procedure named goodbye
        goodbye: () => '',
        chat: { send: () => ({ id: '1' }), async *messages() {} },
      },
    });
    createServer(api, {
      handlers: {
        greet: () => '',
        chat: {
          send: () => ({ id: '1' }),
          async *messages() {},
          // @ts-expect-error no procedure named chat.typing
          typing: () => undefined,
        },
      },
    });
  });

  it('can be typed apart from createServer with Handlers', () => {
    const handlers: Handlers<Api, { user: string }> = {
      greet: ({ name }, ctx) => `${name} ${ctx.user}`,
      chat: {
        send: ({ room }) => ({ id: room }),
        async *messages({ room }, ctx): AsyncGenerator<Message> {
          yield { id: room, text: ctx.user };
        },
      },
    };
    createServer(api, { context: () => ({ user: 'ada' }), handlers });
    // @ts-expect-error these handlers need a context with `user`
    createServer(api, { handlers });
  });
});
