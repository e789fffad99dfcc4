import { createClient, isRpcError, RpcError } from '@wirecall/client';
import { memoryPubSub } from '@wirecall/server';
import {
  createResumeHandlers,
  resumeContract,
  startServer,
  startTcpProxy,
  testContract,
  waitFor,
} from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';

const fast = { initialDelayMs: 10, maxDelayMs: 50 };
let slowAborted = 0;

const handlers = {
  greet: ({ name }: { name: string }) => `Hello, ${name}!`,
  echo: (input: { n: number; s: string }) => input,
  ping: () => 'pong' as const,
  slow: ({ ms }: { ms: number }, ctx: { signal: AbortSignal }) =>
    new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => resolve(ms), ms);
      ctx.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        slowAborted++;
        reject(ctx.signal.reason);
      });
    }),
  fail: (): undefined => {
    throw new RpcError('UNAUTHORIZED');
  },
  chat: {
    send: ({ room }: { room: string }, ctx) => {
      if (room === 'closed') throw ctx.error('ROOM_CLOSED', { room });
      return { id: room };
    },
    async *messages({ room }) {
      yield { id: '1', text: `welcome to ${room}` };
    },
  },
  async *ticks({ count }) {
    for (let i = 0; i < count; i++) yield i;
  },
  async *forever() {
    yield 1;
  },
} satisfies Parameters<typeof startServer<typeof testContract>>[1]['handlers'];

describe.each(['websocket', 'http'] as const)('behaviour over %s', (transport) => {
  async function setup() {
    const started = await startServer(testContract, {
      handlers,
      context: ({ params }) => ({ user: (params as { user?: string } | undefined)?.user }),
    });
    let requests = 0;
    const client = createClient(testContract, {
      url: started.url,
      transport,
      params: { user: 'ada' },
      fetch: (input, init) => {
        requests++;
        return fetch(input, init);
      },
    });
    return {
      ...started,
      client,
      get requests() {
        return requests;
      },
      async [Symbol.asyncDispose]() {
        client.close();
        await started[Symbol.asyncDispose]();
      },
    };
  }

  it('answers calls made in one turn, each as soon as it finishes', async () => {
    await using t = await setup();
    const order: string[] = [];
    await Promise.all([
      t.client.slow({ ms: 200 }).then(() => order.push('slow')),
      t.client.greet({ name: 'Ada' }).then((greeting) => order.push(greeting)),
    ]);
    expect(order).toEqual(['Hello, Ada!', 'slow']);
    // The stream and one POST for both calls over HTTP; nothing over a WebSocket.
    expect(t.requests).toBe(transport === 'http' ? 2 : 0);
  });

  it('fails with typed errors and BAD_INPUT issues', async () => {
    await using t = await setup();
    const closed = await t.client.chat.send({ room: 'closed', text: 'x' }).catch((e) => e);
    expect(isRpcError(closed, 'ROOM_CLOSED')).toBe(true);
    expect((closed as RpcError).data).toEqual({ room: 'closed' });
    const bad: unknown = await t.client.greet({ name: 42 as unknown as string }).catch((e) => e);
    if (!isRpcError(bad, 'BAD_INPUT')) throw new Error('expected BAD_INPUT');
    expect(bad.data.issues[0]?.path).toEqual(['name']);
  });

  it('aborts the handler when a call times out', async () => {
    await using t = await setup();
    const before = slowAborted;
    const timedOut = await t.client.slow({ ms: 60_000 }, { timeoutMs: 100 }).catch((e) => e);
    expect(isRpcError(timedOut, 'TIMEOUT')).toBe(true);
    await waitFor(() => slowAborted === before + 1);
  });

  it('delivers subscriptions, many over one connection', async () => {
    await using t = await setup();
    const got: number[][] = [[], [], []];
    const done = got.map(
      (list) =>
        new Promise<void>((onComplete) =>
          t.client.ticks.subscribe({ count: 5 }, { onData: (n) => list.push(n), onComplete }),
        ),
    );
    await Promise.all(done);
    expect(got).toEqual([0, 1, 2].map(() => [0, 1, 2, 3, 4]));
  });
});

describe.each(['websocket', 'http'] as const)('resume and exactly-once over %s', (transport) => {
  async function setup(afterAdd?: (cut: () => void) => void) {
    let cut = () => {};
    const { handlers: resume, log } = createResumeHandlers({ afterAdd: () => afterAdd?.(cut) });
    const started = await startServer(resumeContract, {
      handlers: resume,
      pubsub: memoryPubSub({ replayBufferSize: 1_000 }),
    });
    const proxy = await startTcpProxy(started.port);
    cut = () => proxy.cut();
    const client = createClient(resumeContract, { url: proxy.url(), transport, retry: fast });
    return {
      ...started,
      proxy,
      client,
      log,
      async [Symbol.asyncDispose]() {
        client.close();
        await proxy[Symbol.asyncDispose]();
        await started[Symbol.asyncDispose]();
      },
    };
  }

  it('resumes a subscription after its stream drops, nothing lost or repeated', async () => {
    await using t = await setup();
    const received: number[] = [];
    const feed = t.client.feed.subscribe({ topic: 'a' }, { onData: ({ n }) => received.push(n) });
    await waitFor(() => feed.status === 'live' && feed.lastEventId !== undefined);
    for (let n = 0; n < 20; n++) await t.server.pubsub.publish('a', { n });
    await waitFor(() => received.length >= 5);
    t.proxy.refuse();
    t.proxy.cut();
    for (let n = 20; n < 40; n++) await t.server.pubsub.publish('a', { n });
    t.proxy.accept();
    await waitFor(() => received.length === 40);
    expect(received).toEqual(Array.from({ length: 40 }, (_, n) => n));
  });

  it('runs a mutation once when its response is lost', async () => {
    let cuts = 0;
    await using t = await setup((cut) => {
      if (cuts++ === 0) cut();
    });
    await waitFor(() => t.client.state === 'open');
    await expect(t.client.add({ by: 4, ms: 0 })).resolves.toBe(4);
    expect(t.log.addRuns).toBe(1);
    await expect(t.client.add({ by: 4, ms: 0 })).resolves.toBe(8);
    expect(t.log.addRuns).toBe(2);
  });
});

describe('transport options', () => {
  it('refuses an unknown transport and a URL of another scheme when the client is made', () => {
    expect(() =>
      createClient(testContract, {
        url: 'ws://127.0.0.1:1',
        transport: 'carrier-pigeon' as 'http',
      }),
    ).toThrow(/transport must be 'websocket', 'http' or 'auto'/);
    expect(() => createClient(testContract, { url: 'ftp://127.0.0.1:1' })).toThrow(
      /ws:\/\/, wss:\/\/, http:\/\/ or https:\/\//,
    );
  });
});
