import { CloseCode } from '@wirecall/client';
import { expect } from 'vitest';
import { openRawClient } from '../rawClient.js';
import { waitFor } from '../waitFor.js';
import { conformanceHeartbeat } from './conformanceContract.js';
import { openConformanceFixture, pause, polling } from './conformanceFixture.js';
import { it } from './conformanceIt.js';
import type { StartConformanceServer } from './conformanceTarget.js';

/** Heartbeats, drops, resume, exactly-once mutations and graceful close. */
export function connectionCases(start: StartConformanceServer): void {
  it("keeps a quiet client that answers the server's pings, and drops one that does not", async () => {
    await using t = await openConformanceFixture(start, { heartbeat: false });
    await waitFor(() => t.client.state === 'open');
    // Raw clients leave pings unanswered.
    await using silent = await openRawClient(t.directUrl);
    const { intervalMs, timeoutMs } = conformanceHeartbeat;
    const closed = await Promise.race([
      silent.closed,
      pause(3 * (intervalMs + timeoutMs)).then(() => ({ code: 0, reason: 'still open' })),
    ]);
    // Node's `ws` terminates a dead peer (no close handshake: 1006); a runtime that cannot
    // terminate closes with 4410.
    expect([CloseCode.ABNORMAL, CloseCode.HEARTBEAT_TIMEOUT]).toContain(closed.code);
    expect(silent.received.some((message) => message.type === 'ping')).toBe(true);
    // Several pings went to the quiet typed client meanwhile, and it answered each.
    await pause(Math.max(0, 3 * intervalMs - timeoutMs));
    expect(t.closes).toEqual([]);
    await expect(t.client.greet({ name: 'Ada' })).resolves.toBe('Hello, Ada!');
  });

  it('detects a dead link by its own heartbeat and reconnects', async () => {
    await using t = await openConformanceFixture(start, {
      heartbeat: { intervalMs: 100, timeoutMs: 300 },
    });
    await expect(t.client.greet({ name: 'Ada' })).resolves.toBe('Hello, Ada!');
    t.proxy.stall();
    await waitFor(() => t.closes.length === 1, { timeoutMs: 10_000 });
    await expect(t.client.greet({ name: 'Bo' })).resolves.toBe('Hello, Bo!');
  });

  it('resumes a tracked stream after drops from its cursor, losing and repeating nothing', async () => {
    await using t = await openConformanceFixture(start);
    const received: number[] = [];
    for await (const event of t.client.numbers.subscribe({ count: 30, intervalMs: 5 })) {
      received.push(event);
      if (received.length === 10 || received.length === 20) t.proxy.cut();
    }
    expect(received).toEqual(Array.from({ length: 30 }, (_, n) => n * 2));
    expect(t.closes).toHaveLength(2);
  });

  it('resumes a pub/sub subscription from its cursor with the events published while away', async () => {
    await using t = await openConformanceFixture(start);
    const publisher = t.openClient({ url: t.directUrl });
    const received: number[] = [];
    const feed = t.client.feed.subscribe({ topic: 'a' }, { onData: ({ n }) => received.push(n) });
    await waitFor(() => feed.status === 'live' && feed.lastEventId !== undefined);
    for (let n = 0; n < 10; n++) await publisher.publish({ topic: 'a', n });
    await waitFor(() => received.length === 10);
    t.proxy.refuse();
    t.proxy.cut();
    for (let n = 10; n < 20; n++) await publisher.publish({ topic: 'a', n });
    t.proxy.accept();
    await waitFor(() => received.length === 20);
    await pause(50);
    expect(received).toEqual(Array.from({ length: 20 }, (_, n) => n));
    expect(feed.status).toBe('live');
  });

  it('runs a mutation once when the connection drops while it runs', async () => {
    await using t = await openConformanceFixture(start);
    const result = t.client.add({ by: 3, ms: 300 });
    await expect.poll(async () => (await t.client.effects()).addsRunning, polling).toBe(1);
    t.proxy.cut();
    await expect(result).resolves.toBe(3);
    expect(t.closes).toHaveLength(1);
    expect(await t.client.effects()).toMatchObject({ addRuns: 1, addsRunning: 0 });
  });

  it('closes gracefully: a running call finishes, then clients see 1001 and subscriptions end on the server', async () => {
    await using t = await openConformanceFixture(start);
    const subscription = t.client.forever.subscribe(undefined, { window: 2, onData: () => {} });
    await waitFor(() => subscription.status === 'live');
    // Bounded: a server that aborts it instead makes the client re-send it to a server that is gone.
    const slow = t.client.slow({ ms: 300 }, { timeoutMs: 5_000 });
    await expect.poll(async () => (await t.client.effects()).subscriptions, polling).toBe(1);
    const closing = t.server.close();
    await expect(slow).resolves.toBe(300);
    await closing;
    await waitFor(() => t.closes.length > 0);
    expect(t.closes[0]?.code).toBe(CloseCode.GOING_AWAY);
  });
}
