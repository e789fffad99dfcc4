import { type CloseInfo, createClient, type WebSocketConstructor } from '@wirecall/client';
import { defineContract, query, subscription } from '@wirecall/core';
import { CloseCode, type ConnectionInit, ErrorCode, isRpcError, RpcError } from '@wirecall/server';
import { openRawClient, startServer, waitFor } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { z } from 'zod';

const api = defineContract({
  whoami: query({
    output: z.object({ user: z.string(), cookie: z.string(), url: z.string(), path: z.string() }),
  }),
  greetings: subscription({ event: z.string() }),
});

const Params = z.object({ token: z.string() });

/** What the auth server's context keeps of each connection. */
interface AuthContext {
  readonly user: string;
  readonly cookie: string;
  readonly url: string;
}
const users: Record<string, string> = { 't-ada': 'ada', 't-grace': 'grace' };

/** A `ws` WebSocket that sends a cookie, as a Node client behind a login would. */
class WebSocketWithCookie extends WebSocket {
  constructor(url: string, protocols?: string | string[]) {
    super(url, protocols, { headers: { cookie: 'session=s-1' } });
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A server whose context authenticates `params.token` and keeps the request's cookie and URL. */
async function startAuthServer() {
  const inits: ConnectionInit[] = [];
  const ran = { handlers: 0 };
  const started = await startServer<typeof api, AuthContext>(api, {
    context: ({ request, params }) => {
      inits.push({ request, params });
      const parsed = Params.safeParse(params);
      const user = parsed.success ? users[parsed.data.token] : undefined;
      if (!user) throw new RpcError('UNAUTHORIZED', undefined, { message: 'Unknown token' });
      return { user, cookie: request.headers.cookie ?? '', url: request.url ?? '' };
    },
    handlers: {
      whoami: (_input, ctx) => {
        ran.handlers++;
        return { user: ctx.user, cookie: ctx.cookie, url: ctx.url, path: ctx.path };
      },
      async *greetings(_input, ctx) {
        ran.handlers++;
        yield `hello ${ctx.user}`;
      },
    },
  });
  return { ...started, inits, ran };
}

describe('context', () => {
  it.each([
    ['a value', { token: 't-ada' }],
    ['a function', () => ({ token: 't-ada' })],
    [
      'an async function',
      async () => {
        await sleep(5);
        return { token: 't-ada' };
      },
    ],
  ])(
    'receives the upgrade request and params given as %s; handlers see it on ctx',
    async (_name, params) => {
      await using t = await startAuthServer();
      const client = createClient(api, {
        url: `${t.url}?room=7`,
        params,
        WebSocket: WebSocketWithCookie as unknown as WebSocketConstructor,
      });
      try {
        await expect(client.whoami()).resolves.toEqual({
          user: 'ada',
          cookie: 'session=s-1',
          url: '/?room=7',
          path: 'whoami',
        });
        const events: string[] = [];
        for await (const event of client.greetings.subscribe()) events.push(event);
        expect(events).toEqual(['hello ada']);
        await client.whoami();
        // Built once per connection, not per call.
        expect(t.inits).toHaveLength(1);
        expect(t.inits[0]?.params).toEqual({ token: 't-ada' });
        expect(t.inits[0]?.request.headers['sec-websocket-protocol']).toBe('wirecall.v1');
      } finally {
        client.close();
      }
    },
  );

  it('builds one context per connection', async () => {
    await using t = await startAuthServer();
    const ada = createClient(api, { url: t.url, params: { token: 't-ada' } });
    const grace = createClient(api, { url: t.url, params: async () => ({ token: 't-grace' }) });
    try {
      const [a, g] = await Promise.all([ada.whoami(), grace.whoami()]);
      expect([a.user, g.user]).toEqual(['ada', 'grace']);
      expect(t.inits).toHaveLength(2);
    } finally {
      ada.close();
      grace.close();
    }
  });

  it('receives undefined params from a client without params', async () => {
    const seen: unknown[] = [];
    await using t = await startServer(api, {
      context: ({ params }) => {
        seen.push(params);
        return {};
      },
      handlers: {
        whoami: (_input, ctx) => ({ user: '', cookie: '', url: '', path: ctx.path }),
        async *greetings() {},
      },
    });
    const client = createClient(api, { url: t.url });
    try {
      await client.whoami();
      expect(seen).toEqual([undefined]);
    } finally {
      client.close();
    }
  });
});

type Refusal = (error: unknown) => () => { user: string } | Promise<{ user: string }>;

describe.each<[string, Refusal]>([
  [
    'throws',
    (error) => () => {
      throw error;
    },
  ],
  [
    'rejects',
    (error) => async () => {
      await sleep(5);
      throw error;
    },
  ],
])('a context that %s', (_how, refuseWith) => {
  async function setup(error: unknown) {
    const reported: unknown[] = [];
    const ran = { handlers: 0 };
    const started = await startServer<typeof api, { user: string }>(api, {
      context: refuseWith(error),
      onError: (e) => reported.push(e),
      handlers: {
        whoami: (_input, ctx) => {
          ran.handlers++;
          return { user: ctx.user, cookie: '', url: '', path: ctx.path };
        },
        async *greetings() {},
      },
    });
    // No reconnecting: the refusal is checked on the client's first and only connection.
    const client = createClient(api, {
      url: started.url,
      params: { token: 'whatever' },
      retry: false,
    });
    const closes: CloseInfo[] = [];
    client.on('close', (info) => closes.push(info));
    return {
      ...started,
      client,
      closes,
      reported,
      ran,
      async [Symbol.asyncDispose]() {
        client.close();
        await started[Symbol.asyncDispose]();
      },
    };
  }

  it.each([
    ['UNAUTHORIZED', CloseCode.UNAUTHORIZED],
    ['FORBIDDEN', CloseCode.FORBIDDEN],
  ] as const)(
    'with RpcError %s closes with its close code and rejects pending calls with it',
    async (code, closeCode) => {
      await using t = await setup(new RpcError(code, undefined, { message: 'Go away' }));
      const results = await Promise.allSettled([t.client.whoami(), t.client.whoami()]);
      for (const result of results) {
        expect(result.status).toBe('rejected');
        if (result.status === 'rejected') expect(isRpcError(result.reason, code)).toBe(true);
      }
      expect(t.closes).toEqual([{ code: closeCode, reason: 'Go away' }]);
      expect(t.ran.handlers).toBe(0);
      expect(t.reported).toEqual([]);
      await waitFor(() => t.server.stats().connections === 0);
    },
  );

  it('with a plain Error closes with 4500, reports it and never sends its message', async () => {
    const secret = new Error('password=hunter2 in the connection string');
    await using t = await setup(secret);
    const error = await t.client.whoami().catch((e: unknown) => e);
    expect(isRpcError(error, ErrorCode.CONNECTION_CLOSED)).toBe(true);
    if (!isRpcError(error, ErrorCode.CONNECTION_CLOSED)) return;
    expect(error.data?.closeCode).toBe(CloseCode.INTERNAL_ERROR);
    expect(error.message).not.toMatch(/hunter2/);
    expect(t.closes).toEqual([{ code: CloseCode.INTERNAL_ERROR, reason: 'Internal server error' }]);
    expect(t.reported).toEqual([secret]);
    expect(t.ran.handlers).toBe(0);
  });
});

describe('handshake timeout', () => {
  const handlers = {
    whoami: () => ({ user: '', cookie: '', url: '', path: '' }),
    async *greetings() {},
  };

  it('closes a client that never sends hello with 4408 after handshakeTimeoutMs', async () => {
    await using t = await startServer(api, { handshakeTimeoutMs: 50, handlers });
    const start = Date.now();
    await using raw = await openRawClient(t.url, { hello: false });
    const closed = await raw.closed;
    expect(closed.code).toBe(CloseCode.HANDSHAKE_TIMEOUT);
    expect(Date.now() - start).toBeGreaterThanOrEqual(45);
    expect(t.server.stats().connections).toBe(0);
  });

  it('closes a connection whose context does not settle in time with 4408', async () => {
    await using t = await startServer(api, {
      handshakeTimeoutMs: 50,
      context: () => new Promise<object>(() => {}),
      handlers,
    });
    const client = createClient(api, { url: t.url, retry: false });
    try {
      const error = await client.whoami().catch((e: unknown) => e);
      expect(isRpcError(error, ErrorCode.CONNECTION_CLOSED)).toBe(true);
      if (isRpcError(error, ErrorCode.CONNECTION_CLOSED))
        expect(error.data?.closeCode).toBe(CloseCode.HANDSHAKE_TIMEOUT);
    } finally {
      client.close();
    }
  });

  it('leaves a client that said hello in time open past the timeout', async () => {
    await using t = await startServer(api, { handshakeTimeoutMs: 30, handlers });
    await using raw = await openRawClient(t.url);
    await sleep(80);
    raw.send({ type: 'call', id: 1, path: 'whoami' });
    await expect(raw.next((m) => m.id === 1)).resolves.toMatchObject({ type: 'result', id: 1 });
  });
});
