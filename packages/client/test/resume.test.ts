import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { CloseCode, createClient, isRpcError, type RpcError } from '@wirecall/client';
import { memoryPubSub } from '@wirecall/server';
import {
  createResumeHandlers,
  resumeContract,
  startServer,
  startTcpProxy,
  waitFor,
} from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';

const fast = { initialDelayMs: 10, maxDelayMs: 50 };

async function setup(
  options: { replayBufferSize?: number; afterAdd?: (cut: () => void) => void } = {},
) {
  let cut = () => {};
  const { handlers, log } = createResumeHandlers({ afterAdd: () => options.afterAdd?.(cut) });
  const started = await startServer(resumeContract, {
    handlers,
    pubsub: memoryPubSub({ replayBufferSize: options.replayBufferSize ?? 1_000 }),
  });
  const proxy = await startTcpProxy(started.port);
  cut = () => proxy.cut();
  const client = createClient(resumeContract, { url: proxy.url(), retry: fast });
  let drops = 0;
  client.on('close', () => drops++);
  return {
    ...started,
    proxy,
    client,
    log,
    get drops() {
      return drops;
    },
    async [Symbol.asyncDispose]() {
      client.close();
      await proxy[Symbol.asyncDispose]();
      await started[Symbol.asyncDispose]();
    },
  };
}

describe('resume', () => {
  it('resumes a pub/sub subscription after a cut without losing or repeating events', async () => {
    await using t = await setup();
    const received: number[] = [];
    const feed = t.client.feed.subscribe({ topic: 'a' }, { onData: ({ n }) => received.push(n) });
    await waitFor(() => feed.status === 'live' && feed.lastEventId !== undefined);
    for (let n = 0; n < 50; n++) await t.server.pubsub.publish('a', { n });
    await waitFor(() => received.length >= 10);
    t.proxy.refuse();
    t.proxy.cut();
    // Published while the client is away: replayed from the buffer when it comes back.
    for (let n = 50; n < 100; n++) await t.server.pubsub.publish('a', { n });
    t.proxy.accept();
    await waitFor(() => received.length === 100);
    expect(received).toEqual(Array.from({ length: 100 }, (_, n) => n));
    expect(t.drops).toBe(1);
    expect(feed.status).toBe('live');
  });

  it('resumes a subscription that had received no event yet from where it subscribed', async () => {
    await using t = await setup();
    await t.server.pubsub.publish('a', { n: -1 }); // before the subscription: never delivered
    const received: number[] = [];
    const feed = t.client.feed.subscribe({ topic: 'a' }, { onData: ({ n }) => received.push(n) });
    await waitFor(() => feed.lastEventId !== undefined);
    t.proxy.refuse();
    t.proxy.cut();
    for (let n = 0; n < 5; n++) await t.server.pubsub.publish('a', { n });
    t.proxy.accept();
    await waitFor(() => received.length === 5);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toEqual([0, 1, 2, 3, 4]);
  });

  it('resumes a handler-made tracked stream through ctx.lastEventId', async () => {
    await using t = await setup();
    const received: number[] = [];
    for await (const event of t.client.numbers.subscribe({ count: 60, intervalMs: 2 })) {
      received.push(event);
      if (received.length % 20 === 0 && received.length < 60) t.proxy.cut();
    }
    expect(received).toEqual(Array.from({ length: 60 }, (_, n) => n * 2));
    expect(t.drops).toBe(2);
  });

  it('tells the subscriber RESUME_GAP when the missed events are gone, and stops', async () => {
    await using t = await setup({ replayBufferSize: 3 });
    const received: number[] = [];
    const errors: RpcError[] = [];
    const feed = t.client.feed.subscribe(
      { topic: 'a' },
      { onData: ({ n }) => received.push(n), onError: (error) => errors.push(error) },
    );
    await waitFor(() => feed.lastEventId !== undefined);
    await t.server.pubsub.publish('a', { n: 0 });
    await waitFor(() => received.length === 1);
    const lastEventId = feed.lastEventId;
    t.proxy.refuse();
    t.proxy.cut();
    for (let n = 1; n <= 10; n++) await t.server.pubsub.publish('a', { n });
    t.proxy.accept();
    await waitFor(() => feed.status === 'error');
    expect(received).toEqual([0]);
    expect(errors).toHaveLength(1);
    const [error] = errors;
    expect(isRpcError(error, 'RESUME_GAP')).toBe(true);
    if (isRpcError(error, 'RESUME_GAP')) expect(error.data.lastEventId).toBe(lastEventId);
    // Not retried: a later reconnect does not bring it back.
    t.proxy.cut();
    await waitFor(() => t.client.state === 'open' && t.drops === 2);
    expect(t.server.stats().subscriptions).toBe(0);
  });

  it('does not retry a subscription refused for a non-transient reason', async () => {
    await using t = await setup();
    const errors: RpcError[] = [];
    const once = t.client.once.subscribe(undefined, {
      onData: () => {},
      onError: (error) => errors.push(error),
    });
    await waitFor(() => once.lastEventId === 'only');
    t.proxy.cut();
    await waitFor(() => once.status === 'error');
    expect(errors.map((e) => e.code)).toEqual(['UNAUTHORIZED']);
    for (let i = 0; i < 2; i++) {
      t.proxy.cut();
      await waitFor(() => t.client.state === 'open' && t.drops === i + 2);
    }
    expect(t.log.onceStarts).toBe(2);
  });
});

describe('exactly-once mutations', () => {
  it('runs a mutation once when the connection drops while it runs', async () => {
    await using t = await setup();
    await waitFor(() => t.client.state === 'open');
    const result = t.client.add({ by: 3, ms: 150 });
    await waitFor(() => t.server.stats().calls === 1);
    t.proxy.cut();
    await expect(result).resolves.toBe(3);
    expect(t.log.addRuns).toBe(1);
    expect(t.drops).toBe(1);
  });

  it('runs a mutation once when its result is lost with the connection', async () => {
    let cuts = 0;
    await using t = await setup({
      // The effect is done; the connection dies before the result can reach the client.
      afterAdd: (cut) => {
        if (cuts++ === 0) cut();
      },
    });
    await waitFor(() => t.client.state === 'open');
    await expect(t.client.add({ by: 4, ms: 0 })).resolves.toBe(4);
    expect(t.log.addRuns).toBe(1);
    expect(t.drops).toBe(1);
    // A new mutation with the same input is a new effect.
    await expect(t.client.add({ by: 4, ms: 0 })).resolves.toBe(8);
    expect(t.log.addRuns).toBe(2);
  });

  it('re-sends queries after a cut', async () => {
    await using t = await setup();
    await waitFor(() => t.client.state === 'open');
    const answers = Array.from({ length: 10 }, (_, n) => t.client.echo({ n, ms: 50 }));
    await waitFor(() => t.server.stats().calls === 10);
    t.proxy.cut();
    await expect(Promise.all(answers)).resolves.toEqual(Array.from({ length: 10 }, (_, n) => n));
  });

  it('rejects everything pending with CONNECTION_CLOSED on close()', async () => {
    await using t = await setup();
    await waitFor(() => t.client.state === 'open');
    const pending = [t.client.add({ by: 1, ms: 1_000 }), t.client.echo({ n: 1, ms: 1_000 })];
    const feedError = new Promise<RpcError>((onError) =>
      t.client.feed.subscribe({ topic: 'a' }, { onData: () => {}, onError }),
    );
    await waitFor(() => t.server.stats().calls === 2);
    t.client.close();
    for (const call of pending)
      await expect(call).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
    await expect(feedError).resolves.toMatchObject({ code: 'CONNECTION_CLOSED' });
    await expect(t.client.echo({ n: 1, ms: 0 })).rejects.toMatchObject({
      code: 'CONNECTION_CLOSED',
    });
  });
});

describe('heartbeats', () => {
  it("answers the server's pings, so a quiet client is not dropped", async () => {
    const { handlers } = createResumeHandlers();
    await using started = await startServer(resumeContract, {
      handlers,
      heartbeat: { intervalMs: 50, timeoutMs: 50 },
    });
    const client = createClient(resumeContract, { url: started.url, heartbeat: false });
    let drops = 0;
    client.on('close', () => drops++);
    try {
      await waitFor(() => client.state === 'open');
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(drops).toBe(0);
      expect(started.server.stats().connections).toBe(1);
    } finally {
      client.close();
    }
  });
});

describe('close codes that mean "do not retry"', () => {
  it.each([
    ['protocol error', CloseCode.PROTOCOL_ERROR],
    ['unauthorized', CloseCode.UNAUTHORIZED],
    ['forbidden', CloseCode.FORBIDDEN],
    ['protocol version mismatch', CloseCode.UNSUPPORTED_PROTOCOL],
    ['conflict', CloseCode.CONFLICT],
  ])('%s (%i): one attempt, then idle, pending calls rejected', async (_name, code) => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await once(wss, 'listening');
    let attempts = 0;
    wss.on('connection', (socket) => {
      attempts++;
      socket.close(code, 'no');
    });
    const { port } = wss.address() as AddressInfo;
    const client = createClient(resumeContract, { url: `ws://127.0.0.1:${port}`, retry: fast });
    try {
      const error = await client.echo({ n: 1, ms: 0 }).catch((e: RpcError) => e);
      expect(error).toBeInstanceOf(Error);
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(attempts).toBe(1);
      expect(client.state).toBe('idle');
    } finally {
      client.close();
      wss.close();
    }
  });

  it('retries after a server restart (1001) and a heartbeat timeout (4410)', async () => {
    for (const code of [CloseCode.GOING_AWAY, CloseCode.HEARTBEAT_TIMEOUT]) {
      const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
      await once(wss, 'listening');
      const { port } = wss.address() as AddressInfo;
      let attempts = 0;
      wss.on('connection', (socket) => {
        attempts++;
        socket.close(code, 'again');
      });
      const client = createClient(resumeContract, { url: `ws://127.0.0.1:${port}`, retry: fast });
      try {
        await waitFor(() => attempts >= 3);
      } finally {
        client.close();
        wss.close();
      }
    }
  });

  it('honours a retry-after hint from server.close()', async () => {
    const { handlers } = createResumeHandlers();
    const first = await startServer(resumeContract, { handlers });
    const proxy = await startTcpProxy(first.port);
    const client = createClient(resumeContract, { url: proxy.url(), retry: fast });
    const closes: Array<{ code: number; reason: string; at: number }> = [];
    const opens: number[] = [];
    client.on('close', (info) => closes.push({ ...info, at: Date.now() }));
    client.on('open', () => opens.push(Date.now()));
    const second = await startServer(resumeContract, { handlers });
    try {
      await waitFor(() => opens.length === 1);
      proxy.retarget(second.port);
      await first.server.close({ retryAfterMs: 400 });
      await waitFor(() => opens.length === 2, { timeoutMs: 5_000 });
      expect(closes[0]).toMatchObject({
        code: CloseCode.GOING_AWAY,
        reason: 'Server shutting down; retry-after=400',
      });
      // Backoff alone would have reconnected within ~10 ms.
      expect((opens[1] as number) - (closes[0] as { at: number }).at).toBeGreaterThanOrEqual(390);
    } finally {
      client.close();
      await proxy[Symbol.asyncDispose]();
      await second[Symbol.asyncDispose]();
    }
  });
});
