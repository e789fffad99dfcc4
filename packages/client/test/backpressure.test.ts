import { createClient, ErrorCode, isRpcError } from '@wirecall/client';
import type { Handlers } from '@wirecall/server';
import { startServer, startTcpProxy, testContract, waitFor } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';

/** Handlers whose `slow` and `echo` count how many run at once. */
function countingHandlers() {
  const counts = { running: 0, peak: 0, runs: 0 };
  const track = async <T>(work: () => Promise<T> | T): Promise<T> => {
    counts.running++;
    counts.runs++;
    counts.peak = Math.max(counts.peak, counts.running);
    try {
      return await work();
    } finally {
      counts.running--;
    }
  };
  const handlers: Handlers<typeof testContract, object> = {
    greet: ({ name }) => `Hello, ${name}!`,
    echo: (input) => track(() => input),
    ping: () => 'pong',
    slow: ({ ms }) =>
      track(() => new Promise<number>((resolve) => setTimeout(() => resolve(ms), ms))),
    fail: () => undefined,
    chat: { send: ({ room }) => ({ id: room }), async *messages() {} },
    async *ticks() {},
    async *forever() {},
  };
  return { handlers, counts };
}

describe('client → server backpressure', () => {
  it('keeps calls beyond the server advertised maxCallsInFlight in its own queue', async () => {
    const { handlers, counts } = countingHandlers();
    await using t = await startServer(testContract, { handlers, maxCallsInFlight: 8 });
    const client = createClient(testContract, { url: t.url });
    try {
      await client.ping(); // the welcome, with the limits, has arrived
      const calls = Array.from({ length: 500 }, (_, n) => client.slow({ ms: n % 3 }));
      await waitFor(() => client.stats().queued > 0);
      expect(client.stats().callsInFlight).toBeLessThanOrEqual(8);
      const results = await Promise.all(calls);
      expect(results).toEqual(Array.from({ length: 500 }, (_, n) => n % 3));
      // Never refused with BACKPRESSURE by the server, never more than 8 running there.
      expect(counts.runs).toBe(500);
      expect(counts.peak).toBeLessThanOrEqual(8);
      expect(client.stats()).toMatchObject({ calls: 0, callsInFlight: 0, queued: 0, waiting: 0 });
    } finally {
      client.close();
    }
  });

  it("fails fast with BACKPRESSURE and a retry-after hint when the queue is full and whenQueueFull is 'fail'", async () => {
    const { handlers } = countingHandlers();
    await using t = await startServer(testContract, { handlers });
    const client = createClient(testContract, {
      url: t.url,
      maxPendingCalls: 5,
      whenQueueFull: 'fail',
    });
    try {
      const settled = await Promise.allSettled(
        Array.from({ length: 12 }, () => client.slow({ ms: 50 })),
      );
      const refused = settled.filter((s) => s.status === 'rejected').map((s) => s.reason);
      expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(5);
      expect(refused).toHaveLength(7);
      for (const error of refused) {
        expect(isRpcError(error, ErrorCode.BACKPRESSURE)).toBe(true);
        if (isRpcError(error, ErrorCode.BACKPRESSURE))
          expect(error.data.retryAfterMs).toBeGreaterThan(0);
      }
      // A per-call option overrides the client's.
      const held = Array.from({ length: 5 }, () => client.slow({ ms: 30 }));
      const waiting = client.slow({ ms: 1 }, { whenQueueFull: 'wait' });
      await expect(Promise.all([...held, waiting])).resolves.toHaveLength(6);
    } finally {
      client.close();
    }
  });

  it('makes calls wait for room by default, each under its own timeout and signal', async () => {
    const { handlers, counts } = countingHandlers();
    await using t = await startServer(testContract, { handlers });
    const client = createClient(testContract, { url: t.url, maxPendingCalls: 4 });
    try {
      const first = Array.from({ length: 4 }, () => client.slow({ ms: 150 }));
      const controller = new AbortController();
      const aborted = client
        .slow({ ms: 1 }, { signal: controller.signal })
        .catch((e: unknown) => e);
      const timedOut = client.slow({ ms: 1 }, { timeoutMs: 30 }).catch((e: unknown) => e);
      const later = [0, 1].map((n) => client.echo({ n, s: 'later' }));
      expect(client.stats()).toMatchObject({ calls: 4, waiting: 4 });
      controller.abort();
      expect(isRpcError(await aborted, ErrorCode.CANCELLED)).toBe(true);
      expect(isRpcError(await timedOut, ErrorCode.TIMEOUT)).toBe(true);
      expect(client.stats().waiting).toBe(2);
      // Their places are free again.
      later.push(...[2, 3].map((n) => client.echo({ n, s: 'later' })));
      await expect(Promise.all(first)).resolves.toEqual([150, 150, 150, 150]);
      const echoed = await Promise.all(later);
      expect(echoed.map((e) => e.n)).toEqual([0, 1, 2, 3]);
      // The aborted and timed-out calls never reached the server.
      expect(counts.runs).toBe(8);
      expect(client.stats()).toMatchObject({ calls: 0, waiting: 0 });
    } finally {
      client.close();
    }
  });

  it('bounds the waiting calls too: past maxPendingCalls more, they fail fast', async () => {
    const { handlers } = countingHandlers();
    await using t = await startServer(testContract, { handlers });
    const client = createClient(testContract, { url: t.url, maxPendingCalls: 2 });
    try {
      const settled = await Promise.allSettled(
        Array.from({ length: 7 }, () => client.slow({ ms: 20 })),
      );
      expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(4);
      const refused = settled.filter((s) => s.status === 'rejected');
      expect(refused).toHaveLength(3);
      for (const r of refused) expect(isRpcError(r.reason, ErrorCode.BACKPRESSURE)).toBe(true);
    } finally {
      client.close();
    }
  });

  it("refuses a call over the server's maxMessageBytes instead of getting the socket closed", async () => {
    const { handlers } = countingHandlers();
    await using t = await startServer(testContract, { handlers, maxMessageBytes: 1_000 });
    const client = createClient(testContract, { url: t.url });
    const closes: number[] = [];
    client.on('close', (info) => closes.push(info.code));
    try {
      await client.ping(); // the limits have arrived
      const error = await client.echo({ n: 1, s: 'é'.repeat(600) }).catch((e: unknown) => e);
      expect(isRpcError(error, ErrorCode.LIMIT_EXCEEDED)).toBe(true);
      if (isRpcError(error, ErrorCode.LIMIT_EXCEEDED))
        expect(error.data).toEqual({ limit: 'maxMessageBytes', max: 1_000 });
      // Just under the limit goes through, on the same connection.
      await expect(client.echo({ n: 2, s: 'x'.repeat(900) })).resolves.toMatchObject({ n: 2 });
      expect(closes).toEqual([]);
      expect(client.stats()).toMatchObject({ calls: 0, queued: 0 });
    } finally {
      client.close();
    }
  });

  it('rejects a call larger than maxPendingBytes at once, whatever whenQueueFull says', async () => {
    const { handlers } = countingHandlers();
    await using t = await startServer(testContract, { handlers });
    const client = createClient(testContract, { url: t.url, maxPendingBytes: 1_000 });
    try {
      const error = await client.echo({ n: 1, s: 'x'.repeat(2_000) }).catch((e: unknown) => e);
      expect(isRpcError(error, ErrorCode.BACKPRESSURE)).toBe(true);
      await expect(client.echo({ n: 2, s: 'small' })).resolves.toEqual({ n: 2, s: 'small' });
    } finally {
      client.close();
    }
  });

  it('stops sending while the socket is above its high-water mark, and sends the rest after a reconnect', async () => {
    const { handlers, counts } = countingHandlers();
    await using t = await startServer(testContract, { handlers });
    await using proxy = await startTcpProxy(t.port);
    const client = createClient(testContract, {
      url: proxy.url(),
      highWaterMark: 64 * 1024,
      heartbeat: false,
      retry: { initialDelayMs: 10, maxDelayMs: 50 },
    });
    try {
      await client.ping();
      proxy.stall(); // the network stops taking bytes; the kernel buffers fill, then ours would
      const payload = 'x'.repeat(100_000);
      const calls = Array.from({ length: 300 }, (_, n) => client.echo({ n, s: payload }));
      // If an assertion fails first, closing the client rejects them: not an unhandled rejection.
      for (const call of calls) call.catch(() => {});
      // 30 MB of calls: once the kernel's buffers are full, the socket's own buffer stays near
      // the mark and the rest waits in the queue. (The kernel may still take a little more as
      // its windows grow, so the queue can shrink slowly; the socket's buffer cannot grow.)
      await waitFor(() => client.stats().queued > 0 && client.stats().bufferedAmount > 64 * 1024);
      for (let check = 0; check < 5; check++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(client.stats().bufferedAmount).toBeLessThan(64 * 1024 + 2 * 100_100);
      }
      expect(client.stats().queued).toBeGreaterThan(50);
      // The stalled connection is cut; the next one carries every call, each answered once.
      proxy.cut();
      const results = await Promise.all(calls);
      expect(results.map((r) => r.n)).toEqual([...Array(300).keys()]);
      expect(counts.runs).toBeGreaterThanOrEqual(300);
    } finally {
      client.close();
    }
  });
});
