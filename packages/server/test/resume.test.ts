import { CloseCode, memoryPubSub } from '@wirecall/server';
import {
  createResumeHandlers,
  openRawClient,
  resumeContract,
  startServer,
  waitFor,
} from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';

async function setup(options: { replayBufferSize?: number; heartbeat?: false | object } = {}) {
  const { handlers, log } = createResumeHandlers();
  const started = await startServer(resumeContract, {
    handlers,
    pubsub: memoryPubSub({ replayBufferSize: options.replayBufferSize ?? 100 }),
    ...(options.heartbeat === undefined ? {} : { heartbeat: options.heartbeat }),
  });
  return { ...started, log };
}

const events = (received: Array<Record<string, unknown>>, id: number) =>
  received.filter((m) => m.type === 'event' && m.id === id);

describe('tracked events on the wire', () => {
  it('sends the event id of tracked events, and resumes after lastEventId', async () => {
    await using t = await setup();
    await using raw = await openRawClient(t.url);
    raw.send({ type: 'subscribe', id: 1, path: 'numbers', input: { count: 3, intervalMs: 0 } });
    await raw.next((m) => m.type === 'complete');
    expect(events(raw.received, 1)).toEqual([
      { type: 'event', id: 1, data: 0, eventId: '0' },
      { type: 'event', id: 1, data: 2, eventId: '1' },
      { type: 'event', id: 1, data: 4, eventId: '2' },
    ]);
    raw.send({
      type: 'subscribe',
      id: 2,
      path: 'numbers',
      input: { count: 5, intervalMs: 0 },
      lastEventId: '2',
    });
    await raw.next((m) => m.type === 'complete' && m.id === 2);
    expect(events(raw.received, 2).map((m) => m.eventId)).toEqual(['3', '4']);
  });

  it('sends a cursor when a pub/sub subscription starts, and replays from it', async () => {
    await using t = await setup();
    await t.server.pubsub.publish('a', { n: 0 });
    await using raw = await openRawClient(t.url);
    raw.send({ type: 'subscribe', id: 1, path: 'feed', input: { topic: 'a' } });
    const cursor = await raw.next((m) => m.type === 'cursor');
    expect(raw.received.map((m) => m.type)).toEqual(['welcome', 'subscribed', 'cursor']);
    raw.send({ type: 'unsubscribe', id: 1 });
    await waitFor(() => t.server.stats().subscriptions === 0);
    const first = await t.server.pubsub.publish('a', { n: 1 });
    await t.server.pubsub.publish('a', { n: 2 });
    raw.send({
      type: 'subscribe',
      id: 2,
      path: 'feed',
      input: { topic: 'a' },
      lastEventId: cursor.lastEventId,
    });
    await waitFor(() => events(raw.received, 2).length === 2);
    expect(events(raw.received, 2)).toEqual([
      { type: 'event', id: 2, data: { n: 1 }, eventId: first },
      { type: 'event', id: 2, data: { n: 2 }, eventId: expect.any(String) },
    ]);
    expect(events(raw.received, 1)).toEqual([]);
  });

  it('ends with RESUME_GAP when the events after lastEventId are gone', async () => {
    await using t = await setup({ replayBufferSize: 2 });
    const first = await t.server.pubsub.publish('a', { n: 0 });
    for (let n = 1; n <= 3; n++) await t.server.pubsub.publish('a', { n });
    await using raw = await openRawClient(t.url);
    for (const [id, lastEventId] of [
      [1, first],
      [2, 'not-an-id'],
      [3, 'x'.repeat(256)],
    ] as const) {
      raw.send({ type: 'subscribe', id, path: 'feed', input: { topic: 'a' }, lastEventId });
      const error = await raw.next((m) => m.type === 'error' && m.id === id);
      expect(error.error).toMatchObject({ code: 'RESUME_GAP', data: { lastEventId } });
    }
    expect(events(raw.received, 1)).toEqual([]);
  });
});

describe('idempotent mutations', () => {
  it('runs a mutation once per session and key, answering retries with the stored result', async () => {
    await using t = await setup();
    await using a = await openRawClient(t.url, { hello: { session: 's1' } });
    a.send({ type: 'call', id: 1, path: 'add', input: { by: 5, ms: 50 }, key: 'k1' });
    await using b = await openRawClient(t.url, { hello: { session: 's1' } });
    // Sent while the first run is still going: waits for it instead of running again.
    b.send({ type: 'call', id: 9, path: 'add', input: { by: 5, ms: 50 }, key: 'k1' });
    expect(await a.next((m) => m.type === 'result')).toEqual({ type: 'result', id: 1, output: 5 });
    expect(await b.next((m) => m.type === 'result')).toEqual({ type: 'result', id: 9, output: 5 });
    b.send({ type: 'call', id: 10, path: 'add', input: { by: 5, ms: 0 }, key: 'k1' });
    expect(await b.next((m) => m.id === 10)).toEqual({ type: 'result', id: 10, output: 5 });
    expect(t.log.addRuns).toBe(1);
  });

  it('keeps keys apart by session, and ignores keys without a session', async () => {
    await using t = await setup();
    await using a = await openRawClient(t.url, { hello: { session: 's1' } });
    await using b = await openRawClient(t.url, { hello: { session: 's2' } });
    await using c = await openRawClient(t.url);
    for (const [raw, id] of [
      [a, 1],
      [b, 1],
      [c, 1],
      [c, 2],
    ] as const) {
      raw.send({ type: 'call', id, path: 'add', input: { by: 1, ms: 0 }, key: 'k' });
      await raw.next((m) => m.type === 'result' && m.id === id);
    }
    expect(t.log.addRuns).toBe(4);
  });

  it('stores a failed outcome too: a retry gets the same error without running again', async () => {
    await using t = await setup();
    await using a = await openRawClient(t.url, { hello: { session: 's1' } });
    for (const id of [1, 2]) {
      a.send({ type: 'call', id, path: 'add', input: { by: 'x', ms: 0 }, key: 'bad' });
      const error = await a.next((m) => m.id === id);
      expect(error.error).toMatchObject({ code: 'BAD_INPUT' });
    }
    expect(t.log.addRuns).toBe(0);
  });

  it('finishes a keyed mutation whose client dropped, so the retry gets its result', async () => {
    await using t = await setup();
    const a = await openRawClient(t.url, { hello: { session: 's1' } });
    a.send({ type: 'call', id: 1, path: 'add', input: { by: 7, ms: 100 }, key: 'k' });
    await waitFor(() => t.server.stats().calls === 1);
    await a[Symbol.asyncDispose]();
    await using b = await openRawClient(t.url, { hello: { session: 's1' } });
    b.send({ type: 'call', id: 1, path: 'add', input: { by: 7, ms: 100 }, key: 'k' });
    expect(await b.next((m) => m.type === 'result')).toEqual({ type: 'result', id: 1, output: 7 });
    expect(t.log.addRuns).toBe(1);
  });
});

describe('server heartbeat', () => {
  it('drops a client that stops answering pings and frees its subscriptions', async () => {
    await using t = await setup({ heartbeat: { intervalMs: 100, timeoutMs: 100 } });
    await using raw = await openRawClient(t.url);
    raw.send({ type: 'subscribe', id: 1, path: 'numbers', input: { count: 1e9, intervalMs: 1e9 } });
    await waitFor(() => t.server.stats().subscriptions === 1);
    const started = Date.now();
    await raw.next((m) => m.type === 'ping', 2_000);
    const closed = await raw.closed;
    expect(closed.code).toBe(CloseCode.ABNORMAL); // terminated: no close handshake with the dead
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(t.server.stats()).toEqual({ connections: 0, calls: 0, subscriptions: 0, backlog: 0 });
  });

  it('keeps a client that answers pings', async () => {
    await using t = await setup({ heartbeat: { intervalMs: 50, timeoutMs: 50 } });
    await using raw = await openRawClient(t.url);
    raw.socket.on('message', (data) => {
      if (JSON.parse(String(data)).type === 'ping') raw.send({ type: 'pong' });
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(raw.received.filter((m) => m.type === 'ping').length).toBeGreaterThan(2);
    expect(t.server.stats().connections).toBe(1);
  });
});
