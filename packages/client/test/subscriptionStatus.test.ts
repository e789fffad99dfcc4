import { createClient, type SubscriptionStatus } from '@wirecall/client';
import type { Handlers } from '@wirecall/server';
import { startServer, startTcpProxy, testContract, waitFor } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';

const handlers: Handlers<typeof testContract, object> = {
  greet: ({ name }) => `Hello, ${name}!`,
  echo: (input) => input,
  ping: () => 'pong',
  slow: ({ ms }) => ms,
  fail: () => undefined,
  chat: {
    send: () => ({ id: '1' }),
    async *messages() {},
  },
  async *ticks({ count }) {
    for (let i = 0; i < count; i++) yield i;
  },
  async *forever(_input, ctx) {
    while (!ctx.signal.aborted) {
      yield 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  },
};

describe('onStatusChange', () => {
  it('reports live, reconnecting, live again and complete, but not unsubscribed', async () => {
    await using server = await startServer(testContract, { handlers });
    await using proxy = await startTcpProxy(server.port);
    const client = createClient(testContract, {
      url: proxy.url(),
      retry: { initialDelayMs: 20, maxDelayMs: 50 },
    });
    try {
      const statuses: SubscriptionStatus[] = [];
      const sub = client.forever.subscribe(undefined, {
        onData: () => {},
        onStatusChange: (status) => statuses.push(status),
      });
      await waitFor(() => statuses.at(-1) === 'live');
      proxy.cut();
      await waitFor(() => statuses.length >= 3 && statuses.at(-1) === 'live');
      expect(statuses).toEqual(['live', 'reconnecting', 'live']);
      sub.unsubscribe();
      expect(statuses).toHaveLength(3);

      const ticks: SubscriptionStatus[] = [];
      client.ticks.subscribe(
        { count: 2 },
        { onData: () => {}, onStatusChange: (status) => ticks.push(status) },
      );
      await waitFor(() => ticks.at(-1) === 'complete');
      expect(ticks).toEqual(['live', 'complete']);

      const failed: SubscriptionStatus[] = [];
      client.ticks.subscribe(
        { count: 1.5 },
        { onData: () => {}, onError: () => {}, onStatusChange: (status) => failed.push(status) },
      );
      await waitFor(() => failed.at(-1) === 'error');
      expect(failed).toEqual(['error']);
    } finally {
      client.close();
    }
  });
});
