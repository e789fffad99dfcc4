import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type CloseInfo,
  createClient,
  ErrorCode,
  isRpcError,
  type RpcError,
} from '@wirecall/client';
import { CloseCode, createServer } from '@wirecall/server';
import { openRawClient, startServer, testContract, waitFor } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createTestHandlers } from './testHandlers.js';

function expectClosedBy(error: unknown, closeCode: number): void {
  expect(isRpcError(error, ErrorCode.CONNECTION_CLOSED)).toBe(true);
  if (isRpcError(error, ErrorCode.CONNECTION_CLOSED)) expect(error.data?.closeCode).toBe(closeCode);
}

describe('server.close()', () => {
  it('ends open subscriptions (their finally runs), aborts calls and closes every client with 1001', async () => {
    const { handlers, log } = createTestHandlers();
    await using t = await startServer(testContract, { handlers });
    // No reconnecting: what the client saw of this one connection is what is checked.
    const client = createClient(testContract, { url: t.url, retry: false });
    const closes: CloseInfo[] = [];
    client.on('close', (info) => closes.push(info));
    const errors: RpcError[] = [];
    const onError = (error: RpcError) => errors.push(error);
    const messages = client.chat.messages.subscribe({ room: 'a' }, { onError });
    const forever = client.forever.subscribe(undefined, { onData: () => {}, onError });
    const pending = client.slow({ ms: 5_000 }).catch((error: unknown) => error);
    await using raw = await openRawClient(t.url);
    raw.send({ type: 'subscribe', id: 1, path: 'chat.messages', input: { room: 'raw' } });
    await raw.next((m) => m.type === 'subscribed');
    await waitFor(
      () => messages.status === 'live' && forever.status === 'live' && t.server.stats().calls === 1,
    );
    expect(t.server.stats()).toEqual({ connections: 2, calls: 1, subscriptions: 3, backlog: 0 });
    expect(log.started).toBe(3);

    await t.server.close();

    await waitFor(() => log.finalized === 3);
    expect(log.slowAborted).toBe(1);
    expect(t.server.stats()).toEqual({ connections: 0, calls: 0, subscriptions: 0, backlog: 0 });
    expect(await raw.closed).toEqual({
      code: CloseCode.GOING_AWAY,
      reason: 'Server shutting down',
    });
    // The raw client may see its close before the typed client does: wait for the latter too.
    await waitFor(() => closes.length > 0);
    expectClosedBy(await pending, CloseCode.GOING_AWAY);
    expect(closes).toEqual([{ code: CloseCode.GOING_AWAY, reason: 'Server shutting down' }]);
    expect(errors).toHaveLength(2);
    for (const error of errors) expectClosedBy(error, CloseCode.GOING_AWAY);
    expect([messages.status, forever.status]).toEqual(['error', 'error']);
    client.close();
  });

  it('stops the server that listen started', async () => {
    const { handlers } = createTestHandlers();
    await using t = await startServer(testContract, { handlers });
    await t.server.close();
    const refused = await new Promise<string>((resolve) => {
      const socket = new WebSocket(t.url, ['wirecall.v1']);
      socket.on('open', () => resolve('open'));
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    });
    expect(refused).toBe('ECONNREFUSED');
  });

  it('closes the connections of an attached server and leaves the HTTP server to its owner', async () => {
    const { handlers, log } = createTestHandlers();
    const httpServer = createHttpServer((_request, response) => response.end('still here'));
    const server = createServer(testContract, { handlers });
    server.attach(httpServer, { path: '/rpc' });
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    const { port } = httpServer.address() as AddressInfo;
    try {
      await using raw = await openRawClient(`ws://127.0.0.1:${port}/rpc`);
      raw.send({ type: 'subscribe', id: 1, path: 'forever' });
      await raw.next((m) => m.type === 'event');
      await server.close();
      expect((await raw.closed).code).toBe(CloseCode.GOING_AWAY);
      await waitFor(() => log.finalized === 1);
      const response = await fetch(`http://127.0.0.1:${port}/`);
      expect(await response.text()).toBe('still here');
    } finally {
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeAllConnections();
      });
    }
  });
});
