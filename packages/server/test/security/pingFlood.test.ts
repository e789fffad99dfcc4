import type { Socket } from 'node:net';
import { CloseCode } from '@wirecall/server';
import { openRawClient, type RawClient, startServer, testContract } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';
import { createTestHandlers } from '../testHandlers.js';

/** One frame of `count` pings in a batch: about 16 bytes each, under the 1 MB frame limit. */
function pingFlood(count: number): string {
  return JSON.stringify(Array.from({ length: count }, () => ({ type: 'ping' })));
}

/** The TCP socket under a `ws` client: pausing it makes a client that never reads. */
function tcpOf(raw: RawClient): Socket {
  return (raw.socket as unknown as { _socket: Socket })._socket;
}

const pongs = (raw: RawClient) => raw.received.filter((m) => m.type === 'pong').length;

describe('a ping flood (issue 19, item 1)', () => {
  it('closes a socket that pings before hello with 4400 and never answers it', async () => {
    const { handlers } = createTestHandlers();
    await using t = await startServer(testContract, { handlers });
    await using raw = await openRawClient(t.url, { hello: false });
    raw.send(pingFlood(60_000));
    const closed = await raw.closed;
    expect(closed.code).toBe(CloseCode.PROTOCOL_ERROR);
    expect(pongs(raw)).toBe(0);
  });

  it('closes a socket that pings while its context is still being built', async () => {
    const { handlers } = createTestHandlers();
    await using t = await startServer(testContract, {
      context: () => new Promise<object>((resolve) => setTimeout(() => resolve({}), 200)),
      handlers,
    });
    await using raw = await openRawClient(t.url, { hello: false });
    raw.send([{ type: 'hello' }, { type: 'ping' }]);
    expect((await raw.closed).code).toBe(CloseCode.PROTOCOL_ERROR);
    expect(raw.received.filter((m) => m.type === 'welcome' || m.type === 'pong')).toEqual([]);
  });

  it('answers at most maxPingsPerSecond pings and keeps serving the connection', async () => {
    const { handlers } = createTestHandlers();
    await using t = await startServer(testContract, { handlers, maxPingsPerSecond: 5 });
    await using raw = await openRawClient(t.url);
    const started = Date.now();
    for (let i = 0; i < 3; i++) raw.send(pingFlood(60_000));
    raw.send({ type: 'call', id: 1, path: 'ping' });
    expect(await raw.next((m) => m.id === 1, 20_000)).toMatchObject({ output: 'pong' });
    const seconds = Math.ceil((Date.now() - started) / 1_000);
    expect(pongs(raw)).toBeGreaterThan(0);
    // One window per second, and the first one partly: never more than that.
    expect(pongs(raw)).toBeLessThanOrEqual(5 * (seconds + 1));
  });

  it('counts pongs against highWaterMark and closes a socket that does not read with 4429', async () => {
    const { handlers } = createTestHandlers();
    await using t = await startServer(testContract, {
      handlers,
      // Every ping answered and a tiny mark: the pongs alone must fill the socket.
      maxPingsPerSecond: 1_000_000_000,
      highWaterMark: 1_024,
      slowSocketTimeoutMs: 200,
    });
    await using raw = await openRawClient(t.url);
    tcpOf(raw).pause();
    // 1.2 million pongs, far more than the kernel's socket buffers hold.
    for (let i = 0; i < 20; i++) raw.send(pingFlood(60_000));
    // The server closes the connection first; the close frame follows what it had queued.
    const deadline = Date.now() + 20_000;
    while (t.server.stats().connections > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(t.server.stats().connections).toBe(0);
    tcpOf(raw).resume();
    expect((await raw.closed).code).toBe(CloseCode.SLOW_CONSUMER);
    // What reached the client before the close is bounded by the mark, not by the flood.
    expect(pongs(raw)).toBeLessThan(600_000);
  }, 30_000);
});
