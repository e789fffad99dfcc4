import { isRpcError } from '@wirecall/core';
import { describe, expect, it } from 'vitest';
import type { Tracked } from '../tracked.js';
import { memoryPubSub } from './memoryPubSub.js';

/** Collects `count` events from an iterable, then stops it. */
async function take<T>(iterable: AsyncIterable<Tracked<T>>, count: number): Promise<Tracked<T>[]> {
  const out: Tracked<T>[] = [];
  if (count === 0) return out;
  for await (const event of iterable) {
    out.push(event);
    if (out.length === count) break;
  }
  return out;
}

async function failure(iterable: AsyncIterable<unknown>): Promise<unknown> {
  try {
    for await (const _ of iterable) {
      // draining
    }
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('memoryPubSub', () => {
  it('delivers events published after subscribing, with increasing ids', async () => {
    const pubsub = memoryPubSub();
    let cursor: string | undefined;
    const received = take(pubsub.subscribe<number>('t', { onCursor: (id) => (cursor = id) }), 3);
    await new Promise((resolve) => setImmediate(resolve));
    const ids = [await pubsub.publish('t', 1), await pubsub.publish('t', 2)];
    ids.push(await pubsub.publish('t', 3));
    const events = await received;
    expect(events.map((e) => e.data)).toEqual([1, 2, 3]);
    expect(events.map((e) => e.id)).toEqual(ids);
    expect(cursor).toBeDefined();
    expect(new Set([cursor, ...ids]).size).toBe(4);
  });

  it('replays what came after lastEventId, then goes live, without repeats', async () => {
    const pubsub = memoryPubSub();
    const first = await pubsub.publish('t', 'a');
    await pubsub.publish('t', 'b');
    await pubsub.publish('t', 'c');
    const received = take(pubsub.subscribe<string>('t', { lastEventId: first }), 3);
    await new Promise((resolve) => setImmediate(resolve));
    await pubsub.publish('t', 'd');
    expect((await received).map((e) => e.data)).toEqual(['b', 'c', 'd']);
  });

  it('resumes from the cursor of a subscriber that received nothing', async () => {
    const pubsub = memoryPubSub();
    let cursor = '';
    const stop = new AbortController();
    const first = take(
      pubsub.subscribe('t', { signal: stop.signal, onCursor: (id) => (cursor = id) }),
      1,
    );
    await new Promise((resolve) => setImmediate(resolve));
    stop.abort(); // dropped before any event
    expect(await first).toEqual([]);
    await pubsub.publish('t', 1);
    await pubsub.publish('t', 2);
    const resumed = await take(pubsub.subscribe('t', { lastEventId: cursor }), 2);
    expect(resumed.map((e) => e.data)).toEqual([1, 2]);
  });

  it('keeps topics apart', async () => {
    const pubsub = memoryPubSub();
    const a = take(pubsub.subscribe('a'), 1);
    await new Promise((resolve) => setImmediate(resolve));
    await pubsub.publish('b', 'not for a');
    await pubsub.publish('a', 'for a');
    expect((await a).map((e) => e.data)).toEqual(['for a']);
  });

  it.each([
    [
      'fell out of the replay buffer',
      async (p: ReturnType<typeof memoryPubSub>) => p.publish('t', 0),
    ],
    ['was made by another instance (a restarted process)', async () => 'zzzzzzzz-1'],
    ['is not an id at all', async () => 'garbage'],
    ['is ahead of the topic', async () => 'x-99'],
    [
      'belongs to another topic',
      async (p: ReturnType<typeof memoryPubSub>) => p.publish('other', 0),
    ],
  ])('ends with RESUME_GAP when lastEventId %s', async (_name, makeId) => {
    const pubsub = memoryPubSub({ replayBufferSize: 2 });
    const lastEventId = await makeId(pubsub);
    for (let n = 1; n <= 3; n++) await pubsub.publish('t', n);
    const error = await failure(pubsub.subscribe('t', { lastEventId }));
    expect(isRpcError(error, 'RESUME_GAP')).toBe(true);
    if (isRpcError(error, 'RESUME_GAP')) expect(error.data.lastEventId).toBe(lastEventId);
  });

  it('replays from the oldest event still in the buffer', async () => {
    const pubsub = memoryPubSub({ replayBufferSize: 2 });
    await pubsub.publish('t', 0);
    const kept = await pubsub.publish('t', 1);
    await pubsub.publish('t', 2);
    await pubsub.publish('t', 3);
    // Event 1 fell out, but everything after it (2, 3) is still there: no gap.
    expect(
      (await take(pubsub.subscribe('t', { lastEventId: kept }), 2)).map((e) => e.data),
    ).toEqual([2, 3]);
  });

  it('ends without error when its signal aborts', async () => {
    const pubsub = memoryPubSub();
    const stop = new AbortController();
    const done = take(pubsub.subscribe('t', { signal: stop.signal }), 10);
    await new Promise((resolve) => setImmediate(resolve));
    await pubsub.publish('t', 1);
    stop.abort();
    expect((await done).map((e) => e.data)).toEqual([1]);
  });

  it('fails a subscriber that falls too far behind instead of buffering forever', async () => {
    const pubsub = memoryPubSub({ subscriberQueueSize: 3 });
    const iterator = pubsub.subscribe('t')[Symbol.asyncIterator]();
    const first = iterator.next();
    await new Promise((resolve) => setImmediate(resolve));
    for (let n = 0; n < 10; n++) await pubsub.publish('t', n);
    expect((await first).value?.data).toBe(0);
    await expect(
      (async () => {
        for (;;) if ((await iterator.next()).done) return;
      })(),
    ).rejects.toThrow(/fell too far behind/);
  });

  it('forgets the least recently published idle topics past maxTopics', async () => {
    const pubsub = memoryPubSub({ maxTopics: 2 });
    const old = await pubsub.publish('old', 1);
    await pubsub.publish('b', 1);
    await pubsub.publish('c', 1);
    const error = await failure(pubsub.subscribe('old', { lastEventId: old }));
    expect(isRpcError(error, 'RESUME_GAP')).toBe(true);
  });
});
