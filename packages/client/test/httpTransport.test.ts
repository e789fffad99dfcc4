import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, isRpcError, RpcError } from '@wirecall/client';
import { createServer, fetchListener } from '@wirecall/server';
import {
  createResumeHandlers,
  resumeContract,
  startServer,
  testContract,
  waitFor,
} from '@wirecall/test-utils';
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

  it('drops a stream that falls silent (no ping) and resumes on a new one without loss', async () => {
    await using t = await startServer(resumeContract, {
      handlers: createResumeHandlers().handlers,
      http: { pingIntervalMs: 100 },
    });
    let silence = false;
    let streams = 0;
    const client = createClient(resumeContract, {
      url: t.url,
      transport: 'http',
      retry: { initialDelayMs: 10, maxDelayMs: 50 },
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        if (init.method !== 'GET' || streams++ > 0) return response;
        // The first stream turns into a black hole on demand, as after a cable pull.
        const reader = (response.body as ReadableStream<Uint8Array>).getReader();
        const body = new ReadableStream<Uint8Array>({
          async pull(controller) {
            const { done, value } = await reader.read();
            if (done) controller.close();
            else if (!silence) controller.enqueue(value);
          },
          cancel: () => reader.cancel(),
        });
        return new Response(body, { status: response.status, headers: response.headers });
      },
    });
    const closes: number[] = [];
    client.on('close', ({ code }) => closes.push(code));
    try {
      const received: number[] = [];
      const feed = client.feed.subscribe({ topic: 's' }, { onData: ({ n }) => received.push(n) });
      await waitFor(() => feed.status === 'live' && feed.lastEventId !== undefined);
      await t.server.pubsub.publish('s', { n: 0 });
      await waitFor(() => received.length === 1);
      silence = true;
      for (let n = 1; n < 5; n++) await t.server.pubsub.publish('s', { n });
      await waitFor(() => received.length === 5);
      expect(received).toEqual([0, 1, 2, 3, 4]);
      expect(closes).toEqual([4410]);
      expect(streams).toBe(2);
    } finally {
      client.close();
    }
  });
});
