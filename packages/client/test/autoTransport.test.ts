import { createClient } from '@wirecall/client';
import {
  startServer,
  startUpgradeBlockingProxy,
  testContract,
  waitFor,
} from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';

const handlers = {
  greet: ({ name }: { name: string }) => `Hello, ${name}!`,
  echo: (input: { n: number; s: string }) => input,
  ping: () => 'pong' as const,
  slow: ({ ms }: { ms: number }) => new Promise<number>((resolve) => setTimeout(resolve, ms, ms)),
  fail: (): undefined => undefined,
  chat: {
    send: ({ room }: { room: string }) => ({ id: room }),
    async *messages({ room }) {
      yield { id: '1', text: `welcome to ${room}` };
    },
  },
  async *ticks({ count }) {
    for (let i = 0; i < count; i++) yield i;
  },
  async *forever(_input, ctx) {
    yield 1;
    await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
  },
} satisfies Parameters<typeof startServer<typeof testContract>>[1]['handlers'];

describe("the default 'auto' transport", () => {
  it('falls back to HTTP + SSE behind a proxy that refuses upgrades, and back when it passes them', async () => {
    await using started = await startServer(testContract, { handlers });
    await using proxy = await startUpgradeBlockingProxy(started.port);
    const client = createClient(testContract, {
      url: proxy.url(),
      retry: { initialDelayMs: 10, maxDelayMs: 50 },
    });
    try {
      await expect(client.greet({ name: 'Ada' })).resolves.toBe('Hello, Ada!');
      expect(proxy.refused).toBe(1);
      const ticks: number[] = [];
      await new Promise<void>((onComplete) =>
        client.ticks.subscribe({ count: 3 }, { onData: (n) => ticks.push(n), onComplete }),
      );
      expect(ticks).toEqual([0, 1, 2]);
      const live: number[] = [];
      const forever = client.forever.subscribe(undefined, { onData: (n) => live.push(n) });
      await waitFor(() => live.length === 1);
      // The proxy is fixed: a probe finds the WebSocket and the client moves back to it.
      proxy.allowUpgrades();
      await waitFor(() => proxy.upgraded >= 2, { timeoutMs: 15_000 });
      await waitFor(() => client.state === 'open' && forever.status === 'live');
      // Resubscribed over the WebSocket: the handler ran again and its event came through.
      await waitFor(() => live.length === 2);
      await expect(client.greet({ name: 'Bo' })).resolves.toBe('Hello, Bo!');
    } finally {
      client.close();
    }
  }, 20_000);

  it('does not fall back once a WebSocket has worked: a drop is only a drop', async () => {
    await using started = await startServer(testContract, { handlers });
    let requests = 0;
    const client = createClient(testContract, {
      url: started.url,
      retry: { initialDelayMs: 10, maxDelayMs: 50 },
      fetch: (input, init) => {
        requests++;
        return fetch(input, init);
      },
    });
    try {
      await expect(client.ping()).resolves.toBe('pong');
      expect(requests).toBe(0);
    } finally {
      client.close();
    }
  });
});
