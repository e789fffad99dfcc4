import { createClient, ErrorCode, isRpcError } from '@wirecall/client';
import { CloseCode, createServer, defaultLimits } from '@wirecall/server';
import { openRawClient, startServer, testContract, waitFor } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createTestHandlers } from './testHandlers.js';

/** Opens a socket with a given Origin header; resolves with 'open' or the HTTP status refusing it. */
function connectFrom(url: string, origin: string | undefined): Promise<string> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, ['wirecall.v1'], origin === undefined ? {} : { origin });
    socket.on('open', () => {
      resolve('open');
      socket.terminate();
    });
    socket.on('unexpected-response', (_request, response) => {
      resolve(String(response.statusCode));
      socket.terminate();
    });
    socket.on('error', (error) => resolve(error.message));
  });
}

describe('server limits', () => {
  it('advertises its limits in welcome', async () => {
    const { handlers } = createTestHandlers();
    await using t = await startServer(testContract, { handlers, maxCallsInFlight: 3 });
    await using raw = await openRawClient(t.url);
    expect(raw.received[0]).toEqual({
      type: 'welcome',
      limits: {
        maxCallsInFlight: 3,
        maxSubscriptions: defaultLimits.maxSubscriptions,
        maxMessageBytes: defaultLimits.maxMessageBytes,
      },
      batch: true,
    });
  });

  it('refuses a call beyond maxCallsInFlight with BACKPRESSURE and runs the others', async () => {
    const { handlers } = createTestHandlers();
    await using t = await startServer(testContract, { handlers, maxCallsInFlight: 2 });
    await using raw = await openRawClient(t.url);
    for (const id of [1, 2, 3]) raw.send({ type: 'call', id, path: 'slow', input: { ms: 100 } });
    const refused = await raw.next((m) => m.id === 3);
    expect(refused).toMatchObject({ type: 'error', error: { code: ErrorCode.BACKPRESSURE } });
    expect(await raw.next((m) => m.id === 1)).toEqual({ type: 'result', id: 1, output: 100 });
    expect(await raw.next((m) => m.id === 2)).toEqual({ type: 'result', id: 2, output: 100 });
    // Room again once they settled.
    raw.send({ type: 'call', id: 4, path: 'ping' });
    expect(await raw.next((m) => m.id === 4)).toEqual({ type: 'result', id: 4, output: 'pong' });
  });

  it('refuses a subscription beyond maxSubscriptions with LIMIT_EXCEEDED, typed on the client', async () => {
    const { handlers, log } = createTestHandlers();
    await using t = await startServer(testContract, { handlers, maxSubscriptions: 2 });
    const client = createClient(testContract, { url: t.url });
    try {
      const a = client.forever.subscribe(undefined, { onData: () => {} });
      const b = client.forever.subscribe(undefined, { onData: () => {} });
      await waitFor(() => a.status === 'live' && b.status === 'live');
      const errors: unknown[] = [];
      const c = client.forever.subscribe(undefined, { onError: (error) => errors.push(error) });
      await waitFor(() => errors.length === 1);
      const error = errors[0];
      expect(isRpcError(error, ErrorCode.LIMIT_EXCEEDED)).toBe(true);
      if (isRpcError(error, ErrorCode.LIMIT_EXCEEDED)) {
        expect(error.data).toEqual({ limit: 'maxSubscriptions', max: 2 });
      }
      expect(c.status).toBe('error');
      expect(log.started).toBe(2);
      // Ending one makes room for another.
      a.unsubscribe();
      await waitFor(() => t.server.stats().subscriptions === 1);
      const d = client.forever.subscribe(undefined, { onData: () => {} });
      await waitFor(() => d.status === 'live');
      await expect(client.ping()).resolves.toBe('pong');
    } finally {
      client.close();
    }
  });

  it('closes connections beyond maxConnections with 1013 and a retry-after hint', async () => {
    const { handlers } = createTestHandlers();
    await using t = await startServer(testContract, { handlers, maxConnections: 2 });
    await using first = await openRawClient(t.url);
    await using second = await openRawClient(t.url);
    await using third = await openRawClient(t.url, { hello: false });
    expect(await third.closed).toEqual({
      code: CloseCode.TRY_AGAIN_LATER,
      reason: 'Server is at its connection limit; retry-after=1000',
    });
    expect(t.server.stats().connections).toBe(2);
    // The served connections are unaffected.
    first.send({ type: 'call', id: 1, path: 'ping' });
    expect(await first.next((m) => m.id === 1)).toMatchObject({ output: 'pong' });
    second.socket.close();
    await waitFor(() => t.server.stats().connections === 1);
    await using fourth = await openRawClient(t.url);
    fourth.send({ type: 'call', id: 1, path: 'ping' });
    expect(await fourth.next((m) => m.id === 1)).toMatchObject({ output: 'pong' });
  });

  it('closes a connection that runs nothing for idleTimeoutMs with 4001, but not a busy one', async () => {
    const { handlers } = createTestHandlers();
    await using t = await startServer(testContract, { handlers, idleTimeoutMs: 150 });
    await using idle = await openRawClient(t.url);
    await using busy = await openRawClient(t.url);
    busy.send({ type: 'subscribe', id: 1, path: 'forever' });
    await busy.next((m) => m.type === 'event');
    expect(await idle.closed).toEqual({ code: CloseCode.IDLE_TIMEOUT, reason: 'Idle timeout' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(busy.socket.readyState).toBe(WebSocket.OPEN);
    // Once it stops running things, the countdown starts.
    busy.send({ type: 'unsubscribe', id: 1 });
    expect((await busy.closed).code).toBe(CloseCode.IDLE_TIMEOUT);
  });

  it('lets in only the allowed browser origins; clients without Origin always pass', async () => {
    const { handlers } = createTestHandlers();
    await using t = await startServer(testContract, {
      handlers,
      allowedOrigins: ['https://app.example.com', /^https:\/\/[a-z]+\.preview\.example\.com$/],
    });
    expect(await connectFrom(t.url, 'https://app.example.com')).toBe('open');
    expect(await connectFrom(t.url, 'https://pr.preview.example.com')).toBe('open');
    expect(await connectFrom(t.url, undefined)).toBe('open');
    expect(await connectFrom(t.url, 'https://evil.example.net')).toBe('403');
    expect(await connectFrom(t.url, 'null')).toBe('403');
    expect(t.server.stats().connections).toBe(0);
  });

  it('by default lets in same-host and loopback origins only (no cross-site hijacking)', async () => {
    const { handlers } = createTestHandlers();
    await using t = await startServer(testContract, { handlers });
    expect(await connectFrom(t.url, `http://127.0.0.1:${t.port}`)).toBe('open');
    expect(await connectFrom(t.url, 'http://localhost:5173')).toBe('open');
    expect(await connectFrom(t.url, undefined)).toBe('open');
    expect(await connectFrom(t.url, 'https://evil.example.net')).toBe('403');
    expect(await connectFrom(t.url, 'null')).toBe('403');
  });

  it('rejects limits that are not positive numbers when the server is created', () => {
    const { handlers } = createTestHandlers();
    expect(() => createServer(testContract, { handlers, maxCallsInFlight: 0 })).toThrow(
      /maxCallsInFlight/,
    );
    expect(() => createServer(testContract, { handlers, maxConnections: -1 })).toThrow(
      /maxConnections/,
    );
    expect(() => createServer(testContract, { handlers, maxSubscriptions: Number.NaN })).toThrow(
      /maxSubscriptions/,
    );
  });
});

describe('graceful shutdown', () => {
  it('lets running calls finish, then closes with 1001; new operations wait for the reconnect', async () => {
    const { handlers, log } = createTestHandlers();
    await using t = await startServer(testContract, { handlers });
    await using raw = await openRawClient(t.url);
    raw.send({ type: 'subscribe', id: 1, path: 'forever' });
    await raw.next((m) => m.type === 'event');
    raw.send({ type: 'call', id: 2, path: 'slow', input: { ms: 200 } });
    await waitFor(() => t.server.stats().calls === 1);

    const closing = t.server.close({ timeoutMs: 5_000 });
    // Not started while draining: the client re-sends it after reconnecting elsewhere.
    raw.send({ type: 'call', id: 3, path: 'ping' });
    await expect(openRawClient(t.url, { hello: false })).rejects.toThrow();

    expect(await raw.next((m) => m.id === 2)).toEqual({ type: 'result', id: 2, output: 200 });
    expect(await raw.closed).toEqual({
      code: CloseCode.GOING_AWAY,
      reason: 'Server shutting down',
    });
    await closing;
    expect(raw.received.some((m) => m.id === 3)).toBe(false);
    await waitFor(() => log.finalized === 1);
    expect(t.server.stats()).toEqual({ connections: 0, calls: 0, subscriptions: 0, backlog: 0 });
  });

  it('closes at the deadline when calls run longer, and the typed client reconnects elsewhere', async () => {
    const { handlers, log } = createTestHandlers();
    const first = await startServer(testContract, { handlers });
    await using second = await startServer(testContract, {
      handlers: createTestHandlers().handlers,
    });
    const client = createClient(testContract, {
      url: [first.url, second.url],
      retry: { initialDelayMs: 10, maxDelayMs: 50 },
    });
    try {
      await expect(client.ping()).resolves.toBe('pong');
      // A query interrupted by the shutdown is re-sent to the other server and still resolves.
      const slow = client.slow({ ms: 1_000 });
      await waitFor(() => first.server.stats().calls === 1);
      const started = Date.now();
      await first.server.close({ timeoutMs: 100 });
      expect(Date.now() - started).toBeLessThan(900);
      expect(log.slowAborted).toBe(1);
      await expect(slow).resolves.toBe(1_000);
      expect(second.server.stats().connections).toBe(1);
    } finally {
      client.close();
    }
  });
});
