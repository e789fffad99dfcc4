import { createClient } from '@wirecall/client';
import { type Codec, defineContract, jsonCodec, query, subscription } from '@wirecall/core';
import { openRawClient, type RawClient, startServer, waitFor } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

/** How often the shared work ran: each event should be checked and encoded once, not per socket. */
function counters() {
  const count = { checks: 0, encodings: 0 };
  const codec: Codec = {
    ...jsonCodec,
    prepareEvent(event) {
      count.encodings++;
      return jsonCodec.prepareEvent?.(event) ?? (() => '');
    },
  };
  const event = z.object({ n: z.number() }).refine((value) => {
    count.checks++;
    return value.n >= 0;
  });
  return { count, codec, event };
}

async function setup(options: { validateOutput?: boolean } = {}) {
  const { count, codec, event } = counters();
  const api = defineContract({
    ping: query({ output: z.literal('pong') }),
    // Straight from the topic: the handler returns the feed as it is.
    feed: subscription({ input: z.object({ room: z.string() }), event }),
  });
  const started = await startServer(api, {
    codec,
    // The contract-breaking event of one test is reported here; nothing else is.
    onError: () => {},
    ...options,
    handlers: {
      ping: () => 'pong' as const,
      feed: ({ room }, ctx) =>
        ctx.pubsub.subscribe<{ n: number }>(room, { lastEventId: ctx.lastEventId }),
    },
  });
  const publish = async (from: number, to: number, room = 'r') => {
    for (let n = from; n < to; n++) await started.server.pubsub.publish(room, { n });
  };
  return { ...started, count, publish };
}

type Setup = Awaited<ReturnType<typeof setup>>;

/** A raw client subscribed to room `r`, once the server says so. */
async function subscriber(t: Setup, fields: Record<string, unknown> = {}): Promise<RawClient> {
  const raw = await openRawClient(t.url, { hello: { type: 'hello', batch: true } });
  raw.send({ type: 'subscribe', id: 7, path: 'feed', input: { room: 'r' }, ...fields });
  await raw.next((m) => m.type === 'subscribed');
  return raw;
}

const eventsOf = (raw: RawClient) => raw.received.filter((m) => m.type === 'event');
const numbersOf = (raw: RawClient) => eventsOf(raw).map((m) => (m.data as { n: number }).n);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('a topic delivered straight to its subscribers', () => {
  it('gives every subscriber the same events, checked and encoded once each', async () => {
    await using t = await setup();
    const raws = await Promise.all(Array.from({ length: 5 }, () => subscriber(t)));
    await t.publish(0, 20);
    for (const raw of raws)
      await raw.next((m) => m.type === 'event' && (m.data as { n: number }).n === 19);
    const first = eventsOf(raws[0] as RawClient);
    expect(first.map((m) => m.data)).toEqual(range(0, 20).map((n) => ({ n })));
    expect(first.every((m) => m.id === 7 && typeof m.eventId === 'string')).toBe(true);
    for (const raw of raws) expect(eventsOf(raw)).toEqual(first);
    expect(t.count).toEqual({ checks: 20, encodings: 20 });
    await Promise.all(raws.map((raw) => raw[Symbol.asyncDispose]()));
  });

  it('keeps a stalled subscriber to its overflow policy while the others get everything', async () => {
    await using t = await setup();
    const fast = await subscriber(t);
    const dropping = await subscriber(t, { credit: 2, overflow: 'drop-oldest', bufferSize: 3 });
    const strict = await subscriber(t, { credit: 2, overflow: 'buffer', bufferSize: 3 });
    await t.publish(0, 20);
    await fast.next((m) => m.type === 'event' && (m.data as { n: number }).n === 19);
    expect(numbersOf(fast)).toEqual(range(0, 20));
    await waitFor(() => eventsOf(dropping).length === 2 && eventsOf(strict).length === 2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(numbersOf(dropping)).toEqual([0, 1]);
    expect(numbersOf(strict)).toEqual([0, 1]);
    // The dropping one holds its 3 newest; the strict one failed and holds none.
    expect(t.server.stats().backlog).toBe(3);
    // Given credit, each does what its policy says with what waited.
    dropping.send({ type: 'credit', id: 7, credit: 10 });
    strict.send({ type: 'credit', id: 7, credit: 10 });
    await dropping.next((m) => m.type === 'event' && (m.data as { n: number }).n === 19);
    expect(numbersOf(dropping)).toEqual([0, 1, 17, 18, 19]);
    expect(eventsOf(dropping)[2]).toMatchObject({ dropped: 15 });
    const failed = await strict.next((m) => m.type === 'error');
    expect(failed).toMatchObject({ id: 7, error: { code: 'SLOW_CONSUMER' } });
    // Past the backlog, the dropping one is live again, in place.
    await t.publish(20, 22);
    await dropping.next((m) => m.type === 'event' && (m.data as { n: number }).n === 21);
    await fast.next((m) => m.type === 'event' && (m.data as { n: number }).n === 21);
    expect(t.count.encodings).toBe(22);
    for (const raw of [fast, dropping, strict]) await raw[Symbol.asyncDispose]();
  });

  it('resumes after a reconnect from the last event id, then goes live', async () => {
    await using t = await setup();
    const before = await subscriber(t);
    await t.publish(0, 5);
    await before.next((m) => m.type === 'event' && (m.data as { n: number }).n === 4);
    const seen = eventsOf(before)[2];
    await before[Symbol.asyncDispose]();
    await t.publish(5, 8);
    const after = await subscriber(t, { lastEventId: seen?.eventId });
    await after.next((m) => m.type === 'event' && (m.data as { n: number }).n === 7);
    await t.publish(8, 10);
    await after.next((m) => m.type === 'event' && (m.data as { n: number }).n === 9);
    expect(numbersOf(after)).toEqual(range(3, 10));
    await after[Symbol.asyncDispose]();
  });

  it('tells a new subscriber where the topic stands, and refuses a cursor it cannot resume', async () => {
    await using t = await setup();
    await t.publish(0, 2);
    const fresh = await subscriber(t);
    expect(await fresh.next((m) => m.type === 'cursor')).toMatchObject({ id: 7 });
    const gap = await subscriber(t, { lastEventId: 'nowhere-3' });
    expect(await gap.next((m) => m.type === 'error')).toMatchObject({
      id: 7,
      error: { code: 'RESUME_GAP' },
    });
    for (const raw of [fresh, gap]) await raw[Symbol.asyncDispose]();
  });

  it('answers bad input with BAD_INPUT, and an event that breaks the contract with INTERNAL', async () => {
    await using t = await setup();
    await using raw = await openRawClient(t.url);
    raw.send({ type: 'subscribe', id: 1, path: 'feed', input: { room: 5 } });
    expect(await raw.next((m) => m.id === 1)).toMatchObject({
      type: 'error',
      error: { code: 'BAD_INPUT' },
    });
    const raws = await Promise.all([subscriber(t), subscriber(t)]);
    await t.server.pubsub.publish('r', { n: -1 });
    for (const peer of raws) {
      expect(await peer.next((m) => m.type === 'error')).toMatchObject({
        id: 7,
        error: { code: 'INTERNAL' },
      });
      expect(eventsOf(peer)).toEqual([]);
    }
    // Checked once for both, the failure too.
    expect(t.count.checks).toBe(1);
    expect(
      await (async () => {
        raw.send({ type: 'call', id: 2, path: 'ping' });
        return raw.next((m) => m.id === 2);
      })(),
    ).toMatchObject({ output: 'pong' });
    for (const peer of raws) await peer[Symbol.asyncDispose]();
  });

  it('stops listening when the client unsubscribes or disconnects', async () => {
    await using t = await setup();
    const a = await subscriber(t);
    const b = await subscriber(t);
    a.send({ type: 'unsubscribe', id: 7 });
    await b[Symbol.asyncDispose]();
    await waitFor(() => t.server.stats().subscriptions === 0);
    await t.publish(0, 3);
    expect(eventsOf(a)).toEqual([]);
    await a[Symbol.asyncDispose]();
  });

  it('sends unchecked events when output validation is off', async () => {
    await using t = await setup({ validateOutput: false });
    const raw = await subscriber(t);
    await t.publish(0, 3);
    await raw.next((m) => m.type === 'event' && (m.data as { n: number }).n === 2);
    expect(t.count).toEqual({ checks: 0, encodings: 3 });
    await raw[Symbol.asyncDispose]();
  });

  it('delivers over HTTP (Server-Sent Events) alike', async () => {
    await using t = await setup();
    const api = defineContract({
      ping: query({ output: z.literal('pong') }),
      feed: subscription({
        input: z.object({ room: z.string() }),
        event: z.object({ n: z.number() }),
      }),
    });
    const clients = [0, 1].map(() =>
      createClient(api, { url: t.url.replace('ws', 'http'), transport: 'http' }),
    );
    const got = clients.map(() => [] as number[]);
    const subscriptions = clients.map((client, i) =>
      client.feed.subscribe({ room: 'r' }, { onData: ({ n }) => got[i]?.push(n) }),
    );
    await waitFor(() => t.server.stats().subscriptions === 2);
    await t.publish(0, 50);
    await waitFor(() => got.every((events) => events.length === 50));
    expect(got).toEqual([range(0, 50), range(0, 50)]);
    expect(t.count.encodings).toBe(50);
    for (const subscription of subscriptions) subscription.unsubscribe();
    for (const client of clients) client.close();
  });

  it('waits for an asynchronous check, keeping the order, and checks each event once', async () => {
    let checks = 0;
    const api = defineContract({
      feed: subscription({
        event: z.object({ n: z.number() }).refine(async (value) => {
          checks++;
          // Later events are checked faster: the order must still hold.
          await new Promise((resolve) => setTimeout(resolve, value.n % 2 === 0 ? 5 : 0));
          return true;
        }),
      }),
    });
    await using t = await startServer(api, {
      handlers: { feed: (_input, ctx) => ctx.pubsub.subscribe('r') },
    });
    const raws = await Promise.all(
      [0, 1, 2].map(async () => {
        const raw = await openRawClient(t.url, { hello: { type: 'hello', batch: true } });
        raw.send({ type: 'subscribe', id: 7, path: 'feed' });
        await raw.next((m) => m.type === 'subscribed');
        return raw;
      }),
    );
    for (let n = 0; n < 10; n++) await t.server.pubsub.publish('r', { n });
    for (const raw of raws) {
      await raw.next((m) => m.type === 'event' && (m.data as { n: number }).n === 9);
      expect(numbersOf(raw)).toEqual(range(0, 10));
    }
    // Once per event for all three subscribers; zod runs an async refinement twice per check
    // (its synchronous attempt finds it async first).
    expect(checks).toBe(20);
    for (const raw of raws) await raw[Symbol.asyncDispose]();
  });
});
