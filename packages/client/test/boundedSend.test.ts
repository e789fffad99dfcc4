import { createClient, ErrorCode, isRpcError } from '@wirecall/client';
import type { Handlers } from '@wirecall/server';
import { startPausableProxy, startServer, testContract } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';

const MiB = 1024 * 1024;
/** The client's default high-water mark. */
const HIGH_WATER_MARK = MiB;

/** Handlers whose `echo` records which calls ran, and answers without the payload. */
function recordingHandlers() {
  const ran = new Set<number>();
  const handlers: Handlers<typeof testContract, object> = {
    greet: ({ name }) => `Hello, ${name}!`,
    echo: ({ n }) => {
      ran.add(n);
      return { n, s: '' };
    },
    ping: () => 'pong',
    slow: ({ ms }) => ms,
    fail: () => undefined,
    chat: { send: ({ room }) => ({ id: room }), async *messages() {} },
    async *ticks() {},
    async *forever() {},
  };
  return { handlers, ran };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the client send path is bounded', () => {
  it.each([
    ['the defaults (the server takes 64 calls at once)', undefined],
    // The socket's buffer, not the server's in-flight limit, is then what holds calls back.
    ['a server that takes every call at once', 1_000_000],
  ])(
    'takes 20,000 calls of 10 KB in one burst over a paused link with %s: bounded memory, every call settles, the server ran exactly the ones that resolved',
    { timeout: 120_000 },
    async (_name, maxCallsInFlight) => {
      const { handlers, ran } = recordingHandlers();
      await using t = await startServer(testContract, {
        handlers,
        ...(maxCallsInFlight === undefined ? {} : { maxCallsInFlight }),
      });
      await using proxy = await startPausableProxy(t.port);
      // The defaults, but for the heartbeat: a paused link must not count as a dead one here.
      const client = createClient(testContract, { url: proxy.url(), heartbeat: false });
      try {
        await client.ping();
        proxy.pause();
        const rss0 = process.memoryUsage().rss;
        let peakBuffered = 0;
        let peakRss = 0;
        const sample = () => {
          peakBuffered = Math.max(peakBuffered, client.stats().bufferedAmount);
          peakRss = Math.max(peakRss, process.memoryUsage().rss - rss0);
        };
        const payload = 'x'.repeat(10_000);
        const outcomes: Array<Promise<'ok' | string>> = [];
        for (let n = 0; n < 20_000; n++) {
          outcomes.push(
            client.echo({ n, s: payload }).then(
              () => 'ok',
              (error: unknown) => (isRpcError(error) ? error.code : String(error)),
            ),
          );
          // Within the one synchronous burst, too.
          if (n % 100 === 0) sample();
        }
        sample();
        const stats = client.stats();
        expect(stats.calls).toBeLessThanOrEqual(10_000);
        expect(stats.waiting).toBeLessThanOrEqual(10_000);
        for (let check = 0; check < 15; check++) {
          await pause(100);
          sample();
        }
        expect(peakBuffered).toBeLessThanOrEqual(HIGH_WATER_MARK);
        expect(peakRss).toBeLessThan(64 * MiB);
        proxy.resume();
        const settled = await Promise.all(outcomes);
        const resolved = new Set<number>();
        const codes = new Map<string, number>();
        settled.forEach((outcome, n) => {
          if (outcome === 'ok') resolved.add(n);
          codes.set(outcome, (codes.get(outcome) ?? 0) + 1);
        });
        expect(
          [...codes.keys()].filter((code) => code !== 'ok' && code !== ErrorCode.BACKPRESSURE),
        ).toEqual([]);
        expect(resolved.size).toBeGreaterThan(0);
        expect(codes.get(ErrorCode.BACKPRESSURE) ?? 0).toBeGreaterThan(0);
        expect([...ran].sort((a, b) => a - b)).toEqual([...resolved]);
        expect(client.stats()).toMatchObject({ calls: 0, waiting: 0, queued: 0 });
        console.info(
          `burst of 20,000 × 10 KB: ${resolved.size} ok, ${codes.get(ErrorCode.BACKPRESSURE)} BACKPRESSURE, peak buffered ${peakBuffered} B, peak RSS growth ${(peakRss / MiB).toFixed(1)} MiB`,
        );
      } finally {
        client.close();
      }
    },
  );

  it('keeps what is encoded and unwritten under the high-water mark within one synchronous burst on an open link', async () => {
    const { handlers, ran } = recordingHandlers();
    await using t = await startServer(testContract, { handlers });
    const highWaterMark = 64 * 1024;
    const client = createClient(testContract, { url: t.url, highWaterMark });
    try {
      await client.ping();
      const payload = 'y'.repeat(5_000);
      let peak = 0;
      const calls = [];
      for (let n = 0; n < 2_000; n++) {
        calls.push(client.echo({ n, s: payload }));
        peak = Math.max(peak, client.stats().bufferedAmount);
      }
      expect(peak).toBeLessThanOrEqual(highWaterMark);
      // The rest waited as input and went out as the socket drained.
      expect(client.stats().queued).toBeGreaterThan(0);
      await Promise.all(calls);
      expect(ran.size).toBe(2_000);
    } finally {
      client.close();
    }
  });

  it('still sends a single call larger than the high-water mark, alone', async () => {
    const { handlers } = recordingHandlers();
    await using t = await startServer(testContract, { handlers });
    const client = createClient(testContract, { url: t.url, highWaterMark: 1_000 });
    try {
      await client.ping();
      const results = await Promise.all(
        [0, 1, 2].map((n) => client.echo({ n, s: 'z'.repeat(5_000) })),
      );
      expect(results.map((r) => r.n)).toEqual([0, 1, 2]);
    } finally {
      client.close();
    }
  });
});
