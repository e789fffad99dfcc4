import { EventEmitter } from 'node:events';
import { createClient, ErrorCode, isRpcError } from '@wirecall/client';
import { defineContract, subscription } from '@wirecall/core';
import type { Handlers } from '@wirecall/server';
import { startServer, startTcpProxy, waitFor } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const flowContract = defineContract({
  /** A pull source: an endless generator that counts what it produced. */
  counter: subscription({ event: z.number() }),
  /** A push source: whatever the test emits on the server's bus. */
  feed: subscription({ event: z.number() }),
  /** A push source whose contract declares conflation. */
  prices: subscription({ event: z.number(), flow: { overflow: 'latest', window: 1 } }),
  /** A pub/sub topic. */
  topic: subscription({ event: z.number() }),
  /** Large events, for socket-level backpressure. */
  blobs: subscription({ event: z.string() }),
});

function flowServer() {
  const bus = new EventEmitter();
  const produced = { counter: 0, blobs: 0 };
  const handlers: Handlers<typeof flowContract, object> = {
    async *counter() {
      while (true) yield ++produced.counter;
    },
    async *feed(_input, ctx) {
      const queue = ctx.queue<number>();
      bus.on('feed', queue.push);
      try {
        yield* queue;
      } finally {
        bus.off('feed', queue.push);
      }
    },
    async *prices(_input, ctx) {
      const queue = ctx.queue<number>();
      bus.on('prices', queue.push);
      try {
        yield* queue;
      } finally {
        bus.off('prices', queue.push);
      }
    },
    async *topic(_input, ctx) {
      for await (const event of ctx.pubsub.subscribe<number>('numbers')) yield event.data;
    },
    async *blobs() {
      const blob = 'x'.repeat(16_384);
      while (true) {
        produced.blobs++;
        yield blob;
      }
    },
  };
  return { bus, produced, handlers };
}

/** Takes `count` events from a subscription's iterator. */
async function take<T>(iterator: AsyncIterator<T>, count: number): Promise<T[]> {
  const events: T[] = [];
  while (events.length < count) {
    const step = await iterator.next();
    if (step.done) break;
    events.push(step.value);
  }
  return events;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('per-subscription flow control', () => {
  it('does not advance a generator beyond the window of a stalled for-await consumer', async () => {
    const { produced, handlers } = flowServer();
    await using t = await startServer(flowContract, { handlers });
    const client = createClient(flowContract, { url: t.url });
    try {
      const iterator = client.counter.subscribe(undefined, { window: 10 })[Symbol.asyncIterator]();
      expect(await take(iterator, 3)).toEqual([1, 2, 3]);
      // The loop stalls: the server sends the rest of the window and stops pulling.
      await waitFor(() => produced.counter === 10);
      await pause(200);
      expect(produced.counter).toBe(10);
      // Taking events grants credit back (in batches of half the window): the source resumes.
      expect(await take(iterator, 7)).toEqual([4, 5, 6, 7, 8, 9, 10]);
      await waitFor(() => produced.counter > 10);
      await pause(100);
      expect(produced.counter).toBeLessThanOrEqual(20);
      expect(await take(iterator, 20)).toEqual(Array.from({ length: 20 }, (_, n) => n + 11));
      await iterator.return?.();
      await waitFor(() => t.server.stats().subscriptions === 0);
    } finally {
      client.close();
    }
  });

  it('grants credit as an async onData settles, one event at a time', async () => {
    const { produced, handlers } = flowServer();
    await using t = await startServer(flowContract, { handlers });
    const client = createClient(flowContract, { url: t.url });
    try {
      const seen: number[] = [];
      let release!: () => void;
      let gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let running = 0;
      let overlapped = false;
      client.counter.subscribe(undefined, {
        window: 4,
        onData: async (n) => {
          running++;
          overlapped ||= running > 1;
          seen.push(n);
          await gate;
          running--;
        },
      });
      await waitFor(() => seen.length === 1);
      await waitFor(() => produced.counter === 4);
      await pause(150);
      expect(seen).toEqual([1]);
      expect(produced.counter).toBe(4);
      release();
      gate = Promise.resolve();
      await waitFor(() => seen.length >= 50);
      expect(seen.slice(0, 50)).toEqual(Array.from({ length: 50 }, (_, n) => n + 1));
      expect(overlapped).toBe(false);
    } finally {
      client.close();
    }
  });

  /** Subscribes to `feed` with a window of 1, emits 1..100 at once, then reads everything. */
  async function overflowRun(overflow: 'buffer' | 'drop-oldest' | 'drop-newest' | 'latest') {
    const { bus, handlers } = flowServer();
    await using t = await startServer(flowContract, { handlers });
    const client = createClient(flowContract, { url: t.url });
    try {
      const sub = client.feed.subscribe(undefined, { window: 1, overflow, bufferSize: 5 });
      await waitFor(() => bus.listenerCount('feed') === 1);
      for (let n = 1; n <= 100; n++) bus.emit('feed', n);
      const received: number[] = [];
      let error: unknown;
      const iterator = sub[Symbol.asyncIterator]();
      const reading = (async () => {
        try {
          while (true) {
            const step = await iterator.next();
            if (step.done) return;
            received.push(step.value);
          }
        } catch (thrown) {
          error = thrown;
        }
      })();
      await pause(300);
      if (error === undefined) await iterator.return?.();
      await reading;
      return { received, error, dropped: sub.dropped };
    } finally {
      client.close();
    }
  }

  it("'drop-oldest' delivers the newest events and says how many were dropped", async () => {
    expect(await overflowRun('drop-oldest')).toEqual({
      received: [96, 97, 98, 99, 100],
      error: undefined,
      dropped: 95,
    });
  });

  it("'drop-newest' delivers the oldest events and says how many were dropped", async () => {
    expect(await overflowRun('drop-newest')).toEqual({
      received: [1, 2, 3, 4, 5],
      error: undefined,
      dropped: 95,
    });
  });

  it("'latest' conflates to the newest value", async () => {
    expect(await overflowRun('latest')).toEqual({ received: [100], error: undefined, dropped: 99 });
  });

  it("'buffer' ends the subscription with a typed SLOW_CONSUMER error, not silently", async () => {
    const { received, error } = await overflowRun('buffer');
    expect(received).toEqual([]);
    expect(isRpcError(error, ErrorCode.SLOW_CONSUMER)).toBe(true);
    if (isRpcError(error, ErrorCode.SLOW_CONSUMER)) expect(error.data).toEqual({ bufferSize: 5 });
  });

  it('applies the overflow policy and window declared in the contract', async () => {
    const { bus, handlers } = flowServer();
    await using t = await startServer(flowContract, { handlers });
    const client = createClient(flowContract, { url: t.url });
    try {
      const sub = client.prices.subscribe();
      await waitFor(() => bus.listenerCount('prices') === 1);
      for (let n = 1; n <= 1_000; n++) bus.emit('prices', n);
      const iterator = sub[Symbol.asyncIterator]();
      expect(await take(iterator, 1)).toEqual([1_000]);
      expect(sub.dropped).toBe(999);
      bus.emit('prices', 1_001);
      expect(await take(iterator, 1)).toEqual([1_001]);
    } finally {
      client.close();
    }
  });

  it('bounds what a pub/sub topic queues for a slow subscriber by its policy', async () => {
    const { handlers } = flowServer();
    await using t = await startServer(flowContract, { handlers });
    const client = createClient(flowContract, { url: t.url });
    try {
      const sub = client.topic.subscribe(undefined, { window: 1, overflow: 'latest' });
      await waitFor(() => sub.status === 'live');
      await pause(50);
      await Promise.all(
        Array.from({ length: 500 }, (_, n) => t.server.pubsub.publish('numbers', n + 1)),
      );
      await pause(100);
      const iterator = sub[Symbol.asyncIterator]();
      const received: number[] = [];
      while (received.at(-1) !== 500) received.push(...(await take(iterator, 1)));
      expect(received.length).toBeLessThanOrEqual(3);
      expect(received.length + sub.dropped).toBe(500);
    } finally {
      client.close();
    }
  });

  it('resumes with the credit left in the window after a reconnect, losing nothing', async () => {
    const { produced, handlers } = flowServer();
    await using t = await startServer(flowContract, { handlers });
    await using proxy = await startTcpProxy(t.port);
    const client = createClient(flowContract, {
      url: proxy.url(),
      retry: { initialDelayMs: 10, maxDelayMs: 50 },
    });
    try {
      // Statuses as they change: a reconnect within one poll of `waitFor` would hide 'reconnecting'.
      const statuses: string[] = [];
      const sub = client.counter.subscribe(undefined, {
        window: 8,
        onStatusChange: (status) => statuses.push(status),
      });
      const iterator = sub[Symbol.asyncIterator]();
      expect(await take(iterator, 2)).toEqual([1, 2]);
      await waitFor(() => produced.counter === 8);
      proxy.cut();
      await waitFor(() => statuses.includes('reconnecting'));
      await waitFor(() => sub.status === 'live');
      // The new server subscription gets only the room left beside the 6 events still buffered.
      await pause(150);
      expect(produced.counter).toBe(8 + 2);
      // Counter restarts on the server (not tracked), but the client never holds more than 8.
      expect(await take(iterator, 6)).toEqual([3, 4, 5, 6, 7, 8]);
    } finally {
      client.close();
    }
  });
});

describe('bad flow options', () => {
  it('are refused where they are written, naming the option', () => {
    expect(() => subscription({ event: z.number(), flow: { window: 0 } })).toThrow(/flow.window/);
    expect(() =>
      subscription({ event: z.number(), flow: { overflow: 'grow' as 'latest' } }),
    ).toThrow(/flow.overflow/);
    const client = createClient(flowContract, { url: 'ws://127.0.0.1:1', lazy: true });
    expect(() => client.feed.subscribe(undefined, { window: -1 })).toThrow(/flow.window/);
    expect(() => client.feed.subscribe(undefined, { bufferSize: 1.5 })).toThrow(/flow.bufferSize/);
    expect(client.stats().subscriptions).toBe(0);
    client.close();
  });
});

describe('socket-level backpressure on the server', () => {
  it('stops pulling for a socket that does not drain, then closes it with 4429', async () => {
    const { produced, handlers } = flowServer();
    await using t = await startServer(flowContract, {
      handlers,
      highWaterMark: 256 * 1024,
      slowSocketTimeoutMs: 800,
    });
    await using proxy = await startTcpProxy(t.port);
    const client = createClient(flowContract, { url: proxy.url(), retry: false, heartbeat: false });
    try {
      // A huge window: only the socket's own backpressure can stop the server.
      client.blobs.subscribe(undefined, { window: 1_000_000, onData: () => {} });
      await waitFor(() => produced.blobs > 10);
      proxy.stall();
      // Once the kernel's buffers are full, the server stops asking the generator for more.
      let plateau = -1;
      await waitFor(
        () => {
          const now = produced.blobs;
          const stable = now === plateau;
          plateau = now;
          return stable;
        },
        { timeoutMs: 10_000, intervalMs: 100 },
      );
      await pause(300);
      expect(produced.blobs).toBe(plateau);
      // It stays full past slowSocketTimeoutMs: the server gives up on it (close code 4429,
      // which the stalled client cannot even receive) and frees its subscription.
      await waitFor(() => t.server.stats().connections === 0, { timeoutMs: 5_000 });
      expect(t.server.stats().subscriptions).toBe(0);
    } finally {
      client.close();
    }
  });
});

describe('drops right before the end', () => {
  const lossyContract = defineContract({
    /** Pushes `count` events into a queue of one, then gives up without draining it. */
    abandoned: subscription({ input: z.object({ fail: z.boolean() }), event: z.number() }),
  });
  const handlers: Handlers<typeof lossyContract, object> = {
    async *abandoned({ fail }, ctx) {
      const queue = ctx.queue<number>({ overflow: 'drop-newest', bufferSize: 1 });
      for (let n = 1; n <= 5; n++) queue.push(n);
      if (fail) throw new Error('the source failed');
      // The source gives up without draining its queue: no event follows the drops.
      yield* [];
    },
  };

  it.each([
    ['completes', false],
    ['fails', true],
  ])('are counted when the subscription %s', async (_name, fail) => {
    await using t = await startServer(lossyContract, { handlers, onError: () => {} });
    const client = createClient(lossyContract, { url: t.url });
    try {
      const sub = client.abandoned.subscribe({ fail });
      const received: number[] = [];
      let error: unknown;
      try {
        for await (const n of sub) received.push(n);
      } catch (thrown) {
        error = thrown;
      }
      expect(received).toEqual([]);
      expect(error === undefined).toBe(!fail);
      expect(sub.dropped).toBe(4);
    } finally {
      client.close();
    }
  });
});
