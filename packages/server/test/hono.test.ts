import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { createClient } from '@wirecall/client';
import { createServer } from '@wirecall/server';
import { testContract } from '@wirecall/test-utils';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createTestHandlers } from './testHandlers.js';

/** The hosting the server guide documents for Hono: its app on node:http, wirecall attached. */
async function startHono() {
  const app = new Hono();
  app.get('/health', (c) => c.text('ok'));
  const httpServer: HttpServer = createHttpServer(getRequestListener(app.fetch));
  const server = createServer(testContract, { handlers: createTestHandlers().handlers });
  server.attach(httpServer, { path: '/rpc' });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  const client = createClient(testContract, { url: `ws://127.0.0.1:${port}/rpc` });
  return {
    port,
    server,
    client,
    async [Symbol.asyncDispose]() {
      client.close();
      await server.close();
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeAllConnections();
      });
    },
  };
}

describe('hosted by Hono on node:http (@hono/node-server)', () => {
  it('serves calls and subscriptions on its path and leaves HTTP routes to Hono', async () => {
    await using t = await startHono();
    await expect(t.client.greet({ name: 'Ada' })).resolves.toBe('Hello, Ada!');
    const events: number[] = [];
    for await (const n of t.client.ticks.subscribe({ count: 3 })) events.push(n);
    expect(events).toEqual([0, 1, 2]);

    const health = await fetch(`http://127.0.0.1:${t.port}/health`);
    expect([health.status, await health.text()]).toEqual([200, 'ok']);
    const missing = await fetch(`http://127.0.0.1:${t.port}/nope`);
    expect(missing.status).toBe(404);
    await missing.arrayBuffer();
    expect(t.server.stats().connections).toBe(1);
  });
});
