import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, isRpcError, RpcError } from '@wirecall/client';
import { createServer, fetchListener } from '@wirecall/server';
import { startServer, testContract, waitFor } from '@wirecall/test-utils';
import compression from 'compression';
import express from 'express';
import { describe, expect, it } from 'vitest';

const handlers = {
  greet: ({ name }: { name: string }) => `Hello, ${name}!`,
  echo: (input: { n: number; s: string }) => input,
  ping: () => 'pong' as const,
  slow: ({ ms }: { ms: number }) => new Promise<number>((resolve) => setTimeout(resolve, ms, ms)),
  fail: (): undefined => undefined,
  chat: {
    send: ({ room }: { room: string }) => ({ id: room }),
    async *messages({ room }, ctx) {
      yield { id: '1', text: `welcome to ${room}` };
      await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
    },
  },
  async *ticks({ count }) {
    for (let i = 0; i < count; i++) yield i;
  },
  async *forever(_input, ctx) {
    yield 1;
    await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
  },
} satisfies Parameters<typeof startServer<typeof testContract>>[1]['handlers'];

describe('the HTTP transport', () => {
  it('runs 10 subscriptions in each of 3 clients over one stream each (HTTP/1.1)', async () => {
    await using t = await startServer(testContract, { handlers });
    let streams = 0;
    const clients = [0, 1, 2].map(() =>
      createClient(testContract, {
        url: t.url.replace('ws', 'http'),
        transport: 'http',
        fetch: (input, init) => {
          if (init.method === 'GET') streams++;
          return fetch(input, init);
        },
      }),
    );
    try {
      const got: string[] = [];
      for (const client of clients) {
        for (let room = 0; room < 10; room++) {
          client.chat.messages.subscribe(
            { room: String(room) },
            { onData: ({ text }) => got.push(text) },
          );
        }
      }
      await waitFor(() => got.length === 30);
      expect(streams).toBe(3);
      expect(t.server.stats().subscriptions).toBe(30);
      // Calls still go while the streams are held open.
      await expect(clients[2]?.greet({ name: 'Ada' })).resolves.toBe('Hello, Ada!');
    } finally {
      for (const client of clients) client.close();
    }
  });

  it('routes calls and events straight into server.fetch with the fetch option', async () => {
    const server = createServer(testContract, { handlers });
    const client = createClient(testContract, {
      url: 'http://in-process/',
      transport: 'http',
      fetch: (input, init) => server.fetch(new Request(input, init)),
    });
    try {
      await expect(client.greet({ name: 'Ada' })).resolves.toBe('Hello, Ada!');
      const ticks: number[] = [];
      await new Promise<void>((onComplete) =>
        client.ticks.subscribe({ count: 3 }, { onData: (n) => ticks.push(n), onComplete }),
      );
      expect(ticks).toEqual([0, 1, 2]);
    } finally {
      client.close();
      await server.close();
    }
  });

  it("streams events through Express's compression middleware as they come", async () => {
    const server = createServer(testContract, { handlers });
    const app = express();
    app.use(compression());
    app.use('/rpc', fetchListener(server.fetch));
    const httpServer = createHttpServer(app);
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    const { port } = httpServer.address() as AddressInfo;
    const client = createClient(testContract, {
      url: `http://127.0.0.1:${port}/rpc`,
      transport: 'http',
    });
    try {
      const got: string[] = [];
      client.chat.messages.subscribe({ room: 'a' }, { onData: ({ text }) => got.push(text) });
      // The handler yields once and waits: a buffering middleware would hold the event forever.
      await waitFor(() => got.length === 1);
      await expect(client.greet({ name: 'Ada' })).resolves.toBe('Hello, Ada!');
    } finally {
      client.close();
      await server.close();
      httpServer.closeAllConnections();
      await new Promise((resolve) => httpServer.close(resolve));
    }
  });

  it('fails every call with UNAUTHORIZED when the context refuses the request', async () => {
    await using t = await startServer(testContract, {
      handlers,
      context: () => {
        throw new RpcError('UNAUTHORIZED');
      },
    });
    const client = createClient(testContract, { url: t.url, transport: 'http' });
    try {
      const error = await client.greet({ name: 'Ada' }).catch((e: unknown) => e);
      expect(isRpcError(error, 'UNAUTHORIZED')).toBe(true);
      // 401 is fatal as 4401 is: the client does not retry a refused context.
      expect(client.state).toBe('idle');
    } finally {
      client.close();
    }
  });
});
