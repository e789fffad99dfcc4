import { createClient } from '@wirecall/client';
import { defineContract, mutation, query, subscription } from '@wirecall/core';
import {
  createServer,
  ErrorCode,
  isRpcError,
  type MiddlewareEntry,
  middleware,
  RpcError,
  scoped,
} from '@wirecall/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const api = defineContract({
  greet: query({ input: z.object({ name: z.string().trim() }), output: z.string() }),
  admin: { ban: mutation({ input: z.object({ user: z.string() }), output: z.string() }) },
  feed: subscription({ input: z.object({ room: z.string() }), event: z.string() }),
});

interface Seen {
  readonly log: string[];
}

/** A real server on a loopback port with the given middleware, and a client of it. */
async function start(entries: readonly MiddlewareEntry[], seen: Seen = { log: [] }) {
  const server = createServer(api, {
    context: () => ({ token: 'ada' }),
    middleware: entries,
    handlers: {
      greet: ({ name }, ctx) => {
        seen.log.push('handler');
        const user = (ctx as unknown as { user?: string }).user;
        return `Hello, ${name}${user ? ` from ${user}` : ''}`;
      },
      admin: { ban: ({ user }) => `banned ${user}` },
      async *feed({ room }, ctx) {
        seen.log.push('feed');
        yield `${room}:${(ctx as unknown as { user?: string }).user ?? '-'}`;
      },
    },
    onError: (error) => seen.log.push(`reported ${String((error as Error).message)}`),
  });
  const { url } = await server.listen({ port: 0 });
  const client = createClient(api, { url });
  return {
    client,
    seen,
    async [Symbol.asyncDispose]() {
      client.close();
      await server.close();
    },
  };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('middleware', () => {
  it('runs in order around the handler, sees the validated input and extends ctx', async () => {
    const seen: Seen = { log: [] };
    const outer = middleware(async ({ path, kind, input, next }) => {
      seen.log.push(`outer ${path} ${kind} ${JSON.stringify(input)}`);
      const result = await next();
      seen.log.push('outer after');
      return result;
    });
    const auth = middleware<{ token: string }>()(({ ctx, connection, next }) => {
      seen.log.push(`auth ${ctx.token} ${String(connection.identity)}`);
      return next({ ctx: { user: ctx.token } });
    });
    await using t = await start([outer, auth], seen);
    await expect(t.client.greet({ name: '  Bob ' })).resolves.toBe('Hello, Bob from ada');
    expect(seen.log).toEqual([
      'outer greet query {"name":"Bob"}',
      'auth ada undefined',
      'handler',
      'outer after',
    ]);
  });

  it('applies to subscription starts', async () => {
    const seen: Seen = { log: [] };
    const auth = middleware(({ kind, next }) => {
      seen.log.push(kind);
      return next({ ctx: { user: 'grace' } });
    });
    await using t = await start([auth], seen);
    const events: string[] = [];
    for await (const event of t.client.feed.subscribe({ room: 'r' })) events.push(event);
    expect(events).toEqual(['r:grace']);
    expect(seen.log).toEqual(['subscription', 'feed']);
  });

  it('refuses a subscription start with a typed error', async () => {
    const deny = middleware(() => {
      throw new RpcError(ErrorCode.FORBIDDEN, undefined, { message: 'No feeds for you' });
    });
    await using t = await start([deny]);
    const error = await failure(
      (async () => {
        for await (const _ of t.client.feed.subscribe({ room: 'r' })) {
        }
      })(),
    );
    expect(isRpcError(error) && error.code).toBe('FORBIDDEN');
    expect(t.seen.log).not.toContain('feed');
  });

  it('scopes a middleware to a namespace', async () => {
    const adminOnly = middleware(() => {
      throw new RpcError(ErrorCode.FORBIDDEN);
    });
    await using t = await start([scoped('admin', adminOnly)]);
    await expect(t.client.greet({ name: 'x' })).resolves.toBe('Hello, x');
    const error = await failure(t.client.admin.ban({ user: 'bob' }));
    expect(isRpcError(error) && error.code).toBe('FORBIDDEN');
  });

  it('short-circuits with a typed error, the handler not run', async () => {
    const seen: Seen = { log: [] };
    const deny = middleware(() => {
      throw new RpcError(ErrorCode.UNAUTHORIZED, undefined, { message: 'Log in first' });
    });
    await using t = await start([deny], seen);
    const error = await failure(t.client.greet({ name: 'x' }));
    expect(isRpcError(error) && { code: error.code, message: error.message }).toEqual({
      code: 'UNAUTHORIZED',
      message: 'Log in first',
    });
    expect(seen.log).toEqual([]);
  });

  it('turns anything but an RpcError into INTERNAL without its message, and reports it', async () => {
    const seen: Seen = { log: [] };
    const broken = middleware(() => {
      throw new Error('db password is hunter2');
    });
    await using t = await start([broken], seen);
    const error = await failure(t.client.greet({ name: 'x' }));
    expect(isRpcError(error) && error.code).toBe('INTERNAL');
    expect(String((error as Error).message)).not.toContain('hunter2');
    expect(seen.log).toEqual(['reported db password is hunter2']);
  });

  it('sees the handler error after next() and may time the call', async () => {
    const outcomes: string[] = [];
    const timing = middleware(async ({ next }) => {
      const started = performance.now();
      try {
        return await next();
      } catch (error) {
        outcomes.push(`failed ${isRpcError(error) ? error.code : 'other'}`);
        throw error;
      } finally {
        outcomes.push(`took ${performance.now() - started >= 0}`);
      }
    });
    await using t = await start([timing]);
    await t.client.greet({ name: 'x' });
    expect(outcomes).toEqual(['took true']);
  });

  it.each([
    ['returns without calling next', middleware(() => ({}) as never)],
    [
      'calls next twice',
      middleware(async ({ next }) => {
        await next();
        return next();
      }),
    ],
    ['sets a request field', middleware(({ next }) => next({ ctx: { signal: 1 } }))],
    ['passes next a ctx that is no object', middleware(({ next }) => next({ ctx: 5 as never }))],
  ])('answers INTERNAL when a middleware %s', async (_name, bad) => {
    await using t = await start([bad]);
    const error = await failure(t.client.greet({ name: 'x' }));
    expect(isRpcError(error) && error.code).toBe('INTERNAL');
    expect(t.seen.log.some((line) => line.startsWith('reported'))).toBe(true);
  });

  it.each([
    [
      'a scope naming no procedure',
      [
        scoped(
          'admn',
          middleware(({ next }) => next()),
        ),
      ],
    ],
    ['an entry that is no middleware', [42 as never]],
    ['a middleware option that is no array', { length: 0 } as never],
  ])('refuses %s when the server is created', (_name, entries) => {
    expect(() =>
      createServer(api, {
        middleware: entries,
        handlers: { greet: () => '', admin: { ban: () => '' }, async *feed() {} },
      }),
    ).toThrow(TypeError);
  });

  it('refuses scoped() and middleware() without a function', () => {
    expect(() => scoped('admin', 1 as never)).toThrow(TypeError);
    expect(() =>
      scoped(
        '',
        middleware(({ next }) => next()),
      ),
    ).toThrow(TypeError);
    expect(() => middleware(1 as never)).toThrow(TypeError);
  });
});
