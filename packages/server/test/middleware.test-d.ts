import { defineContract, mutation, query, subscription } from '@wirecall/core';
import { createServer, middleware, RpcError, scoped } from '@wirecall/server';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';

const api = defineContract({
  greet: query({ input: z.object({ name: z.string() }), output: z.string() }),
  admin: {
    ban: mutation({ input: z.object({ user: z.string() }) }),
    users: { list: query({ output: z.array(z.string()) }) },
  },
  administer: query({ output: z.string() }),
  chat: {
    send: mutation({ input: z.object({ room: z.string(), text: z.string() }) }),
    messages: subscription({ input: z.object({ room: z.string() }), event: z.string() }),
  },
});

interface User {
  readonly id: string;
  readonly admin: boolean;
}

const auth = middleware<{ token: string }>()(({ ctx, next }) => {
  expectTypeOf(ctx.token).toEqualTypeOf<string>();
  expectTypeOf(ctx.signal).toEqualTypeOf<AbortSignal>();
  const user: User = { id: ctx.token, admin: false };
  return next({ ctx: { user } });
});

const requireAdmin = middleware<{ user: User }>()(({ ctx, next }) => {
  if (!ctx.user.admin) throw new RpcError('FORBIDDEN');
  return next({ ctx: { admin: true as const } });
});

const context = () => ({ token: 't' });

describe('middleware context', () => {
  it('is visible in every handler for a server-wide middleware', () => {
    createServer(api, {
      context,
      middleware: [auth],
      handlers: {
        greet: (_input, ctx) => {
          expectTypeOf(ctx.user).toEqualTypeOf<User>();
          expectTypeOf(ctx.token).toEqualTypeOf<string>();
          return 'hi';
        },
        admin: {
          ban: (_input, ctx) => {
            expectTypeOf(ctx.user).toEqualTypeOf<User>();
          },
          users: { list: () => [] },
        },
        administer: () => '',
        chat: {
          send: () => {},
          async *messages(_input, ctx) {
            expectTypeOf(ctx.user).toEqualTypeOf<User>();
            expectTypeOf(ctx.lastEventId).toEqualTypeOf<string | undefined>();
            yield '';
          },
        },
      },
    });
  });

  it('is visible under its scope and absent elsewhere', () => {
    createServer(api, {
      context,
      middleware: [auth, scoped('admin', requireAdmin)],
      handlers: {
        greet: (_input, ctx) => {
          // @ts-expect-error: requireAdmin does not apply to greet
          ctx.admin;
          return 'hi';
        },
        admin: {
          ban: (_input, ctx) => {
            expectTypeOf(ctx.admin).toEqualTypeOf<true>();
            expectTypeOf(ctx.user).toEqualTypeOf<User>();
          },
          users: {
            list: (_input, ctx) => {
              expectTypeOf(ctx.admin).toEqualTypeOf<true>();
              return [];
            },
          },
        },
        administer: (_input, ctx) => {
          // @ts-expect-error: "admin" does not cover "administer"
          ctx.admin;
          return '';
        },
        chat: { send: () => {}, async *messages() {} },
      },
    });
  });

  it('scopes to one procedure', () => {
    const stamp = middleware(({ next }) => next({ ctx: { at: 1 } }));
    createServer(api, {
      middleware: [scoped('chat.send', stamp)],
      handlers: {
        greet: (_input, ctx) => {
          // @ts-expect-error: only chat.send has `at`
          ctx.at;
          return '';
        },
        admin: { ban: () => {}, users: { list: () => [] } },
        administer: () => '',
        chat: {
          send: (_input, ctx) => {
            expectTypeOf(ctx.at).toEqualTypeOf<number>();
          },
          async *messages(_input, ctx) {
            // @ts-expect-error: only chat.send has `at`
            ctx.at;
            yield '';
          },
        },
      },
    });
  });

  it('is absent without middleware', () => {
    createServer(api, {
      context,
      handlers: {
        greet: (_input, ctx) => {
          // @ts-expect-error: no middleware, no user
          ctx.user;
          return '';
        },
        admin: { ban: () => {}, users: { list: () => [] } },
        administer: () => '',
        chat: { send: () => {}, async *messages() {} },
      },
    });
  });

  it('is required: a handler cannot treat added fields as optional-less of another type', () => {
    createServer(api, {
      context,
      middleware: [auth],
      handlers: {
        greet: (_input, ctx) => {
          // @ts-expect-error: user is a User, not a string
          const name: string = ctx.user;
          return name;
        },
        admin: { ban: () => {}, users: { list: () => [] } },
        administer: () => '',
        chat: { send: () => {}, async *messages() {} },
      },
    });
  });
});

describe('branches and narrowing', () => {
  const session = middleware<{ token: string }>()(async ({ ctx, next }) => {
    if (ctx.token === '') return next({ ctx: { role: 'guest' as const } });
    return next({ ctx: { role: 'member' as const, user: { id: ctx.token, admin: false } } });
  });

  it('types the context as the union of what each branch passes to next', () => {
    createServer(api, {
      context,
      middleware: [session],
      handlers: {
        greet: (_input, ctx) => {
          expectTypeOf(ctx.role).toEqualTypeOf<'guest' | 'member'>();
          // @ts-expect-error: a guest has no user
          ctx.user.id;
          if (ctx.role === 'member') {
            expectTypeOf(ctx.user).toEqualTypeOf<{ id: string; admin: boolean }>();
          }
          return '';
        },
        admin: { ban: () => {}, users: { list: () => [] } },
        administer: () => '',
        chat: { send: () => {}, async *messages() {} },
      },
    });
  });

  it('passes the context on unchanged when next() has no arguments', () => {
    const timing = middleware(async ({ next }) => {
      const started = performance.now();
      try {
        return await next();
      } finally {
        void (performance.now() - started);
      }
    });
    createServer(api, {
      context,
      middleware: [timing],
      handlers: {
        greet: (_input, ctx) => {
          expectTypeOf(ctx.token).toEqualTypeOf<string>();
          return '';
        },
        admin: { ban: () => {}, users: { list: () => [] } },
        administer: () => '',
        chat: { send: () => {}, async *messages() {} },
      },
    });
  });
});

describe('reusable middleware on a typed input', () => {
  it('sees the input type it declares', () => {
    const roomGuard = middleware<object, { room: string }>()(({ input, next }) => {
      expectTypeOf(input.room).toEqualTypeOf<string>();
      return next({ ctx: { room: input.room } });
    });
    createServer(api, {
      middleware: [scoped('chat', roomGuard)],
      handlers: {
        greet: () => '',
        admin: { ban: () => {}, users: { list: () => [] } },
        administer: () => '',
        chat: {
          send: (input, ctx) => {
            expectTypeOf(ctx.room).toEqualTypeOf<string>();
            expectTypeOf(input.text).toEqualTypeOf<string>();
          },
          async *messages(_input, ctx) {
            expectTypeOf(ctx.room).toEqualTypeOf<string>();
            yield '';
          },
        },
      },
    });
  });

  it('must return the result of next', () => {
    // @ts-expect-error: a middleware returns what next() resolves to, not a value of its own
    middleware(() => 42);
  });
});
