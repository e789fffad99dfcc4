import { isRpcError, type Tracked } from '@wirecall/server';
import { waitFor } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';
import { redisDedupe, redisPubSub } from '../src/index.js';
import { redisServerInstalled, startRedisServer } from './redisServerProcess.js';

if (!redisServerInstalled) {
  console.warn(
    '[@wirecall/redis tests] Redis restart tests skipped: `redis-server` is not installed.',
  );
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!redisServerInstalled)('Redis restarted under load', () => {
  it('subscribers on every instance resume from their last id; publish fails typed meanwhile', async () => {
    await using redis = await startRedisServer();
    const errors: Error[] = [];
    const options = {
      url: redis.url,
      commandTimeoutMs: 300,
      onError: (e: Error) => errors.push(e),
    };
    await using a = redisPubSub(options);
    await using b = redisPubSub(options);
    const controller = new AbortController();
    const received: Array<Tracked<number>> = [];
    let started = false;
    const consuming = (async () => {
      const events = a.subscribe<number>('ticks', {
        signal: controller.signal,
        onCursor: () => (started = true),
      });
      for await (const event of events) received.push(event);
    })();
    await waitFor(() => started);

    const published: Array<{ id: string; value: number }> = [];
    let unavailable = 0;
    let value = 0;
    const publishUntil = async (count: number) => {
      while (published.length < count) {
        const current = value++;
        try {
          published.push({ id: await b.publish('ticks', current), value: current });
        } catch (error) {
          expect(isRpcError(error, 'UNAVAILABLE')).toBe(true);
          unavailable++;
          await pause(20);
        }
      }
    };

    await publishUntil(50);
    await redis.kill();
    // Publishing fails with UNAVAILABLE while Redis is down, and is retried until it is back.
    const during = publishUntil(51);
    await pause(500);
    await redis.start();
    await during;
    await publishUntil(120);
    await waitFor(() => received.length >= published.length, { timeoutMs: 15_000 });
    controller.abort();
    await consuming;

    // Every acknowledged event, once, in order. (A publish that failed as Redis died may still
    // have been written, its answer lost: it may arrive too, in its place.)
    const values = received.map((event) => event.data);
    expect(values).toEqual([...values].sort((x, y) => x - y));
    expect(new Set(values).size).toBe(values.length);
    const byValue = new Map(received.map((event) => [event.data, event.id]));
    for (const { id, value } of published) expect(byValue.get(value)).toBe(id);
    expect(unavailable).toBeGreaterThan(0);
    expect(errors.length).toBeGreaterThan(0);
  });

  it('tells live subscribers RESUME_GAP when Redis comes back without its data', async () => {
    await using redis = await startRedisServer({ persistent: false });
    const options = { url: redis.url, commandTimeoutMs: 300, onError: () => {} };
    await using a = redisPubSub(options);
    let cursor: string | undefined;
    const iterator = a
      .subscribe<number>('ticks', { onCursor: (id) => (cursor = id) })
      [Symbol.asyncIterator]();
    const first = iterator.next();
    await waitFor(() => cursor !== undefined);
    await a.publish('ticks', 1);
    expect((await first).value?.data).toBe(1);
    await redis.kill();
    await redis.start();
    const failure = await iterator.next().catch((error: unknown) => error);
    expect(isRpcError(failure, 'RESUME_GAP')).toBe(true);
  });

  it('ephemeral subscribers keep receiving after the restart', async () => {
    await using redis = await startRedisServer();
    const options = { url: redis.url, ephemeral: true, commandTimeoutMs: 300, onError: () => {} };
    await using a = redisPubSub(options);
    await using b = redisPubSub(options);
    const controller = new AbortController();
    const received: unknown[] = [];
    let live = false;
    const consuming = (async () => {
      const events = a.subscribe('live', {
        signal: controller.signal,
        onCursor: () => (live = true),
      });
      for await (const event of events) received.push(event.data);
    })();
    await waitFor(() => live, { timeoutMs: 10_000 });
    await b.publish('live', 'before');
    await waitFor(() => received.length === 1);
    await redis.kill();
    await redis.start();
    // ioredis re-subscribes after reconnecting; publish until the subscriber is back.
    await waitFor(
      () => {
        void b.publish('live', 'after').catch(() => {});
        return received.includes('after');
      },
      { timeoutMs: 15_000, intervalMs: 100 },
    );
    controller.abort();
    await consuming;
  });

  it('the dedupe store fails claims with UNAVAILABLE while Redis is down and keeps outcomes across a restart', async () => {
    await using redis = await startRedisServer();
    await using store = redisDedupe({ url: redis.url, commandTimeoutMs: 300, onError: () => {} });
    expect(await store.claim('k1')).toEqual({ claimed: true });
    await store.settle('k1', { ok: true, output: 1 });
    await redis.kill();
    const failure = await store.claim('k2').catch((error: unknown) => error);
    expect(isRpcError(failure, 'UNAVAILABLE')).toBe(true);
    await redis.start();
    let answer: unknown;
    await waitFor(
      () => {
        void store.claim('k1').then(
          (claim) => (answer = claim),
          () => {},
        );
        return answer !== undefined;
      },
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    expect(answer).toEqual({ claimed: false, outcome: { ok: true, output: 1 } });
  });
});
