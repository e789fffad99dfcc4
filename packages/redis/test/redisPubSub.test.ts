import { setMaxListeners } from 'node:events';
import { isRpcError, type Tracked } from '@wirecall/server';
import { waitFor } from '@wirecall/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { type RedisPubSubSettings, redisPubSub } from '../src/index.js';
import { REDIS_URL, redisScope, redisUp, take } from './redisFixture.js';

const scope = redisScope('pubsub');
afterAll(() => scope[Symbol.asyncDispose]());

let topics = 0;
const newTopic = () => `t${++topics}`;

/** A pub/sub on the test Redis with the run's key prefix; one per simulated server instance. */
function instance(settings: RedisPubSubSettings = {}) {
  return redisPubSub({ url: REDIS_URL, keyPrefix: scope.prefix, onError: () => {}, ...settings });
}

const ids = (events: Tracked<unknown>[]) => events.map((event) => event.id);
const data = (events: Tracked<unknown>[]) => events.map((event) => event.data);

describe.skipIf(!redisUp)('redisPubSub: durable topics on Redis Streams', () => {
  it('delivers events published on one instance to subscribers on another, in order, with the same ids', async () => {
    await using a = instance();
    await using b = instance();
    const topic = newTopic();
    const cursors: string[] = [];
    const subscription = a.subscribe<number>(topic, { onCursor: (id) => cursors.push(id) });
    const iterator = subscription[Symbol.asyncIterator]();
    const received = take(iterator, 20);
    await waitFor(() => cursors.length === 1);
    const published: string[] = [];
    for (let i = 0; i < 20; i++) published.push(await b.publish(topic, i));
    const events = await received;
    expect(data(events)).toEqual([...Array(20).keys()]);
    expect(ids(events)).toEqual(published);
    expect(published.every((id) => /^\d+-\d+$/.test(id))).toBe(true);
    await iterator.return?.();
  });

  it('gives a fresh subscriber the position it started at, and resumes from it', async () => {
    await using pubsub = instance();
    const topic = newTopic();
    const before = await pubsub.publish(topic, 'before');
    let cursor: string | undefined;
    const controller = new AbortController();
    const first = pubsub
      .subscribe(topic, {
        signal: controller.signal,
        onCursor: (id) => (cursor = id),
      })
      [Symbol.asyncIterator]();
    const pending = first.next();
    await waitFor(() => cursor !== undefined);
    expect(cursor).toBe(before);
    controller.abort();
    expect((await pending).done).toBe(true);
    // Nothing delivered yet; events published meanwhile are replayed from the cursor.
    await pubsub.publish(topic, 'missed 1');
    await pubsub.publish(topic, 'missed 2');
    const resumed = pubsub.subscribe(topic, { lastEventId: cursor! })[Symbol.asyncIterator]();
    expect(data(await take(resumed, 2))).toEqual(['missed 1', 'missed 2']);
    await resumed.return?.();
  });

  it('starts a subscriber of a topic that never had events at 0-0', async () => {
    await using pubsub = instance();
    const topic = newTopic();
    let cursor: string | undefined;
    const iterator = pubsub
      .subscribe(topic, { onCursor: (id) => (cursor = id) })
      [Symbol.asyncIterator]();
    const next = iterator.next();
    await waitFor(() => cursor !== undefined);
    expect(cursor).toBe('0-0');
    await pubsub.publish(topic, 'first');
    expect((await next).value?.data).toBe('first');
    await iterator.return?.();
    // Resuming from 0-0 replays the whole topic.
    const replay = pubsub.subscribe(topic, { lastEventId: '0-0' })[Symbol.asyncIterator]();
    expect(data(await take(replay, 1))).toEqual(['first']);
    await replay.return?.();
  });

  it('replays what a client missed on another instance, then goes live without duplicates', async () => {
    await using a = instance();
    await using b = instance();
    const topic = newTopic();
    const published: string[] = [];
    for (let i = 0; i < 5; i++) published.push(await a.publish(topic, i));
    // b already reads the topic live for another subscriber: the resumer joins mid-stream.
    let otherStarted = false;
    const other = b
      .subscribe<number>(topic, { onCursor: () => (otherStarted = true) })
      [Symbol.asyncIterator]();
    const otherEvents = take(other, 10);
    await waitFor(() => otherStarted, { timeoutMs: 10_000 });
    const resumer = b
      .subscribe<number>(topic, { lastEventId: published[1]! })
      [Symbol.asyncIterator]();
    const resumed = take(resumer, 13);
    for (let i = 5; i < 15; i++) published.push(await a.publish(topic, i));
    const events = await resumed;
    expect(data(events)).toEqual([...Array(13).keys()].map((i) => i + 2));
    expect(ids(events)).toEqual(published.slice(2));
    expect(data(await otherEvents)).toEqual([...Array(10).keys()].map((i) => i + 5));
    await resumer.return?.();
    await other.return?.();
  });

  it('replays more than one page', async () => {
    await using pubsub = instance({ batchSize: 7 });
    const topic = newTopic();
    const start = await pubsub.publish(topic, -1);
    for (let i = 0; i < 30; i++) await pubsub.publish(topic, i);
    const iterator = pubsub
      .subscribe<number>(topic, { lastEventId: start })
      [Symbol.asyncIterator]();
    expect(data(await take(iterator, 30))).toEqual([...Array(30).keys()]);
    await iterator.return?.();
  });

  it('reports RESUME_GAP when the events after lastEventId were trimmed away', async () => {
    await using pubsub = instance({ maxLen: 10 });
    const topic = newTopic();
    const first = await pubsub.publish(topic, 0);
    for (let i = 1; i < 30; i++) await pubsub.publish(topic, i);
    expect(await scope.redis.xlen(`${scope.prefix}topic:${topic}`)).toBeLessThanOrEqual(11);
    const iterator = pubsub.subscribe(topic, { lastEventId: first })[Symbol.asyncIterator]();
    const failure = await iterator.next().catch((error: unknown) => error);
    expect(isRpcError(failure, 'RESUME_GAP')).toBe(true);
    expect((failure as { data: unknown }).data).toEqual({ lastEventId: first });
  });

  it('resumes from the newest trimmed event without a gap, and not from the one before', async () => {
    await using pubsub = instance({ maxLen: 10 });
    const topic = newTopic();
    const published: string[] = [];
    // 12 events: past 10 + 1 (the slack), the two oldest are trimmed.
    for (let i = 0; i < 12; i++) published.push(await pubsub.publish(topic, i));
    expect(await scope.redis.xlen(`${scope.prefix}topic:${topic}`)).toBe(10);
    const resumed = pubsub
      .subscribe<number>(topic, { lastEventId: published[1]! })
      [Symbol.asyncIterator]();
    expect(data(await take(resumed, 10))).toEqual([...Array(10).keys()].map((i) => i + 2));
    await resumed.return?.();
    const tooOld = pubsub.subscribe(topic, { lastEventId: published[0]! })[Symbol.asyncIterator]();
    const failure = await tooOld.next().catch((error: unknown) => error);
    expect(isRpcError(failure, 'RESUME_GAP')).toBe(true);
  });

  it('reports RESUME_GAP for an id from before the topic expired and started again', async () => {
    await using pubsub = instance();
    const topic = newTopic();
    const old = await pubsub.publish(topic, 'old');
    await pubsub.publish(topic, 'lost with the stream');
    await scope.redis.del(`${scope.prefix}topic:${topic}`); // what topicTtlMs does when idle
    // Stream ids start from the clock: a stream recreated within the same millisecond would reuse
    // them. An idle topic expires after a day, so in real life the new ids are far later.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const fresh = await pubsub.publish(topic, 'new life');
    expect(fresh).not.toBe(old);
    const iterator = pubsub.subscribe(topic, { lastEventId: old })[Symbol.asyncIterator]();
    const failure = await iterator.next().catch((error: unknown) => error);
    expect(isRpcError(failure, 'RESUME_GAP')).toBe(true);
  });

  it('expires an idle topic after topicTtlMs', async () => {
    await using pubsub = instance({ topicTtlMs: 60_000 });
    const topic = newTopic();
    await pubsub.publish(topic, 1);
    const ttl = await scope.redis.pttl(`${scope.prefix}topic:${topic}`);
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it.each([
    ['garbage', 'not-an-id'],
    ['an id of the in-memory pub/sub', 'k3j4h5-12'],
    ['an id from the future', '99999999999999-0'],
    ['an id of a topic that does not exist', '1700000000000-0'],
  ])('reports RESUME_GAP for %s', async (_, lastEventId) => {
    await using pubsub = instance();
    const topic = newTopic();
    if (lastEventId.startsWith('9')) await pubsub.publish(topic, 'x');
    const iterator = pubsub.subscribe(topic, { lastEventId })[Symbol.asyncIterator]();
    const failure = await iterator.next().catch((error: unknown) => error);
    expect(isRpcError(failure, 'RESUME_GAP')).toBe(true);
  });

  it('round-trips JSON values, including null and undefined', async () => {
    await using pubsub = instance();
    const topic = newTopic();
    const values = [null, undefined, 0, '', { nested: [1, { deep: true }] }, 'text'];
    const start = await pubsub.publish(topic, 'start');
    for (const value of values) await pubsub.publish(topic, value);
    const iterator = pubsub.subscribe(topic, { lastEventId: start })[Symbol.asyncIterator]();
    expect(data(await take(iterator, values.length))).toEqual(values);
    await iterator.return?.();
  });

  it('serves a thousand local subscribers of a topic from one blocking read', async () => {
    const connectionName = `wc-test-${Math.random().toString(36).slice(2, 8)}`;
    const { Redis } = await import('ioredis');
    const client = new Redis(REDIS_URL, { connectionName });
    await using pubsub = redisPubSub({ client, keyPrefix: scope.prefix, onError: () => {} });
    const topic = newTopic();
    const controller = new AbortController();
    // A thousand subscribers share this signal on purpose.
    setMaxListeners(0, controller.signal);
    let started = 0;
    const received = Array.from({ length: 1_000 }, async () => {
      const values: unknown[] = [];
      const subscription = pubsub.subscribe(topic, {
        signal: controller.signal,
        onCursor: () => started++,
      });
      for await (const event of subscription) {
        values.push(event.data);
        if (values.length === 5) break;
      }
      return values;
    });
    await waitFor(() => started === 1_000, { timeoutMs: 30_000 });
    for (let i = 0; i < 5; i++) await pubsub.publish(topic, i);
    for (const values of await Promise.all(received)) expect(values).toEqual([0, 1, 2, 3, 4]);
    const clients = (await scope.redis.client('LIST')) as string;
    const ours = clients.split('\n').filter((line) => line.includes(`name=${connectionName}`));
    // The given client plus one dedicated reader: not one connection per subscriber.
    expect(ours).toHaveLength(2);
    expect(ours.filter((line) => line.includes('stream-reader'))).toHaveLength(1);
    controller.abort();
    await pubsub.close();
    // The client passed in is the caller's: still open.
    expect(await client.ping()).toBe('PONG');
    client.disconnect();
  }, 60_000);

  it('lets a slow subscriber fall behind and catch up from the stream, losing nothing', async () => {
    await using pubsub = instance({ subscriberQueueSize: 5 });
    const topic = newTopic();
    let cursor: string | undefined;
    const iterator = pubsub
      .subscribe<number>(topic, { onCursor: (id) => (cursor = id) })
      [Symbol.asyncIterator]();
    const first = iterator.next();
    await waitFor(() => cursor !== undefined);
    for (let i = 0; i < 60; i++) await pubsub.publish(topic, i);
    await new Promise((resolve) => setTimeout(resolve, 100)); // let the queue overflow
    const events = [(await first).value!, ...(await take(iterator, 59))];
    expect(data(events)).toEqual([...Array(60).keys()]);
    await iterator.return?.();
  });

  it('ends iteration when the signal aborts, and all of them on close()', async () => {
    const pubsub = instance();
    const topic = newTopic();
    const controller = new AbortController();
    const aborted = pubsub.subscribe(topic, { signal: controller.signal })[Symbol.asyncIterator]();
    const abortedNext = aborted.next();
    const open = pubsub.subscribe(topic)[Symbol.asyncIterator]();
    const openNext = open.next();
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    expect((await abortedNext).done).toBe(true);
    await pubsub.close();
    expect((await openNext).done).toBe(true);
    const failure = await pubsub.publish(topic, 1).catch((error: unknown) => error);
    expect(isRpcError(failure, 'UNAVAILABLE')).toBe(true);
  });
});

describe.skipIf(!redisUp)('redisPubSub: ephemeral topics on Redis pub/sub', () => {
  it('delivers across instances, live only, with unique ids', async () => {
    await using a = instance({ ephemeral: (topic) => topic.startsWith('live:') });
    await using b = instance({ ephemeral: (topic) => topic.startsWith('live:') });
    const topic = `live:${newTopic()}`;
    let live = false;
    const iterator = a
      .subscribe<number>(topic, { onCursor: () => (live = true) })
      [Symbol.asyncIterator]();
    const received = take(iterator, 10);
    await waitFor(() => live, { timeoutMs: 10_000 });
    const published: string[] = [];
    for (let i = 0; i < 10; i++) published.push(await b.publish(topic, i));
    const events = await received;
    expect(data(events)).toEqual([...Array(10).keys()]);
    expect(ids(events)).toEqual(published);
    expect(new Set(published).size).toBe(10);
    // Nothing is stored.
    expect(await scope.redis.keys(`${scope.prefix}*${topic}`)).toEqual([]);
    await iterator.return?.();
  });

  it('continues live when a subscriber resumes from an id (nothing to replay)', async () => {
    await using pubsub = instance({ ephemeral: true });
    const topic = newTopic();
    const old = await pubsub.publish(topic, 'lost');
    let live = false;
    const iterator = pubsub
      .subscribe(topic, { lastEventId: old, onCursor: () => (live = true) })
      [Symbol.asyncIterator]();
    const next = iterator.next();
    await waitFor(() => live, { timeoutMs: 10_000 });
    await pubsub.publish(topic, 'live');
    expect((await next).value?.data).toBe('live');
    await iterator.return?.();
  });

  it('fails a subscriber that falls too far behind with BACKPRESSURE', async () => {
    await using pubsub = instance({ ephemeral: true, subscriberQueueSize: 3 });
    const topic = newTopic();
    let live = 0;
    const iterator = pubsub.subscribe(topic, { onCursor: () => live++ })[Symbol.asyncIterator]();
    const first = iterator.next();
    // A second, fast subscriber: once it has all 10 events, the slow one's queue overflowed.
    const fast = pubsub.subscribe(topic, { onCursor: () => live++ })[Symbol.asyncIterator]();
    const fastEvents = take(fast, 10);
    await waitFor(() => live === 2, { timeoutMs: 10_000 });
    for (let i = 0; i < 10; i++) await pubsub.publish(topic, i);
    await first;
    await fastEvents;
    const failure = await take(iterator, 10).catch((error: unknown) => error);
    expect(isRpcError(failure, 'BACKPRESSURE')).toBe(true);
  });
});

describe('redisPubSub without Redis', () => {
  it('fails publish with UNAVAILABLE, keeps subscribers waiting, and never crashes', async () => {
    const errors: Error[] = [];
    await using pubsub = redisPubSub({
      url: 'redis://127.0.0.1:1',
      commandTimeoutMs: 300,
      onError: (error) => errors.push(error),
    });
    const started = Date.now();
    const failure = await pubsub.publish('topic', 1).catch((error: unknown) => error);
    expect(isRpcError(failure, 'UNAVAILABLE')).toBe(true);
    expect(Date.now() - started).toBeLessThan(3_000);
    const controller = new AbortController();
    const iterator = pubsub
      .subscribe('topic', { signal: controller.signal })
      [Symbol.asyncIterator]();
    const next = iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 500));
    controller.abort();
    expect((await next).done).toBe(true);
    // One report per outage, not one per reconnect attempt.
    expect(errors).toHaveLength(1);
  });

  it('rejects bad options with a clear error', () => {
    expect(() => redisPubSub({} as never)).toThrow(/url.*client/);
    expect(() => redisPubSub({ url: REDIS_URL, maxLen: 0 })).toThrow(/maxLen/);
  });
});
