import { createHook } from 'node:async_hooks';
import { CloseCode } from '@wirecall/server';
import { openRawClient, startServer, testContract, waitFor } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';
import { createTestHandlers } from './testHandlers.js';

/** The Node timers created from now on that are still pending, by async id. */
function trackTimers() {
  const live = new Map<number, NodeJS.Timeout>();
  const hook = createHook({
    init(asyncId, type, _triggerId, resource) {
      if (type === 'Timeout') live.set(asyncId, resource as NodeJS.Timeout);
    },
    destroy(asyncId) {
      live.delete(asyncId);
    },
  }).enable();
  return {
    /** Pending timers that do not keep the process alive (the test's own keep it alive). */
    unrefd: () => [...live.values()].filter((timer) => !timer.hasRef()).length,
    [Symbol.dispose]: () => hook.disable(),
  };
}

/** Lets destroy hooks, which Node emits asynchronously, run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('server heartbeat, one sweep for all connections', () => {
  it('drops each silent client intervalMs + timeoutMs after it fell silent, and keeps those that answer', async () => {
    const intervalMs = 150;
    const timeoutMs = 150;
    await using t = await startServer(testContract, {
      handlers: createTestHandlers().handlers,
      heartbeat: { intervalMs, timeoutMs },
    });
    await using answering = await openRawClient(t.url);
    answering.socket.on('message', (data) => {
      if (String(data).includes('"ping"')) answering.send({ type: 'pong' });
    });
    // Silent clients that joined at different times: the sweep must serve both deadlines.
    await using first = await openRawClient(t.url);
    const firstSilentSince = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await using second = await openRawClient(t.url);
    const secondSilentSince = Date.now();
    const whenClosed = async (client: typeof first) => {
      await client.closed;
      return Date.now();
    };
    const silences = await Promise.all([
      whenClosed(first).then((at) => ({ client: first, since: firstSilentSince, closedAt: at })),
      whenClosed(second).then((at) => ({ client: second, since: secondSilentSince, closedAt: at })),
    ]);
    for (const { client, since, closedAt } of silences) {
      expect(client.received.some((m) => m.type === 'ping')).toBe(true);
      // No earlier than the two periods (less a little: the client heard the welcome after
      // the server last heard from it), and not much later even on a busy machine.
      expect(closedAt - since).toBeGreaterThanOrEqual(intervalMs + timeoutMs - 20);
      expect(closedAt - since).toBeLessThan(1_500);
    }
    expect((await first.closed).code).toBe(CloseCode.ABNORMAL); // terminated, no handshake
    expect(answering.received.filter((m) => m.type === 'ping').length).toBeGreaterThan(0);
    expect(t.server.stats().connections).toBe(1);
  });

  it('runs one timer, which does not keep the process alive, and none once the last client left', async () => {
    await using t = await startServer(testContract, {
      handlers: createTestHandlers().handlers,
      heartbeat: { intervalMs: 60_000, timeoutMs: 10_000 },
    });
    using timers = trackTimers();
    const clients = await Promise.all([1, 2, 3].map(() => openRawClient(t.url)));
    await waitFor(() => t.server.stats().connections === 3);
    await settle();
    expect(timers.unrefd()).toBe(1);
    for (const client of clients) client.socket.close();
    await waitFor(() => t.server.stats().connections === 0);
    await settle();
    expect(timers.unrefd()).toBe(0);
  });
});
