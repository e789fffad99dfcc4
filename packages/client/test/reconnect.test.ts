import {
  type ConnectionState,
  createClient,
  type LifecycleSource,
  type RpcError,
} from '@wirecall/client';
import { type Handlers, RpcError as ServerRpcError } from '@wirecall/server';
import { startServer, startTcpProxy, testContract, waitFor } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';

let sendRuns = 0;

const handlers: Handlers<typeof testContract, object> = {
  greet: ({ name }) => `Hello, ${name}!`,
  echo: (input) => input,
  ping: () => 'pong',
  slow: ({ ms }) => new Promise((resolve) => setTimeout(() => resolve(ms), ms)),
  fail: () => undefined,
  chat: {
    send: ({ room }) => {
      sendRuns++;
      return { id: `${room}-${sendRuns}` };
    },
    async *messages() {},
  },
  async *ticks({ count, intervalMs }) {
    for (let i = 0; i < count; i++) {
      if (intervalMs) await new Promise((resolve) => setTimeout(resolve, intervalMs));
      yield i;
    }
  },
  async *forever(_input, ctx) {
    let i = 0;
    while (!ctx.signal.aborted) {
      yield i++;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  },
};

const fast = { initialDelayMs: 10, maxDelayMs: 50 };

async function setup(clientOptions: Partial<Parameters<typeof createClient>[1]> = {}) {
  const started = await startServer(testContract, { handlers });
  const proxy = await startTcpProxy(started.port);
  const client = createClient(testContract, { url: proxy.url(), retry: fast, ...clientOptions });
  // Eager clients start connecting inside createClient, before anyone can listen.
  const states: ConnectionState[] = [client.state];
  client.on('state', (state) => states.push(state));
  return {
    ...started,
    proxy,
    client,
    states,
    async [Symbol.asyncDispose]() {
      client.close();
      await proxy[Symbol.asyncDispose]();
      await started[Symbol.asyncDispose]();
    },
  };
}

describe('reconnection', () => {
  it('goes connecting → open, and reconnecting → open after a cut', async () => {
    await using t = await setup();
    await waitFor(() => t.client.state === 'open');
    t.proxy.cut();
    await waitFor(() => t.states.includes('reconnecting'));
    await waitFor(() => t.client.state === 'open');
    expect(t.states).toEqual(['connecting', 'open', 'reconnecting', 'open']);
    await expect(t.client.ping()).resolves.toBe('pong');
  });

  it('re-sends a query whose answer was lost with the connection', async () => {
    await using t = await setup();
    await waitFor(() => t.client.state === 'open');
    const answer = t.client.slow({ ms: 100 });
    await waitFor(() => t.server.stats().calls === 1);
    t.proxy.cut();
    await expect(answer).resolves.toBe(100);
  });

  it('holds calls made while disconnected until the connection is back', async () => {
    await using t = await setup();
    await waitFor(() => t.client.state === 'open');
    t.proxy.refuse();
    t.proxy.cut();
    await waitFor(() => t.client.state === 'reconnecting');
    const answer = t.client.greet({ name: 'later' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    t.proxy.accept();
    await expect(answer).resolves.toBe('Hello, later!');
  });

  it('fails fast with OFFLINE when asked not to wait', async () => {
    await using t = await setup({ waitForConnection: false });
    await expect(t.client.ping()).rejects.toMatchObject({ code: 'OFFLINE' });
    await waitFor(() => t.client.state === 'open');
    await expect(t.client.ping()).resolves.toBe('pong');
    await expect(t.client.ping(undefined, { waitForConnection: true })).resolves.toBe('pong');
  });

  it('times out a call that waits too long for the connection', async () => {
    await using t = await setup();
    t.proxy.refuse();
    t.proxy.cut();
    await expect(t.client.ping(undefined, { timeoutMs: 80 })).rejects.toMatchObject({
      code: 'TIMEOUT',
    });
  });

  it('resubscribes after a cut, in the same subscription object', async () => {
    await using t = await setup();
    const seen: number[] = [];
    // Statuses as they change: a reconnect within one poll of `waitFor` would hide 'reconnecting'.
    const statuses: string[] = [];
    const sub = t.client.forever.subscribe(undefined, {
      onData: (n) => seen.push(n),
      onStatusChange: (status) => statuses.push(status),
    });
    await waitFor(() => seen.length >= 3);
    t.proxy.cut();
    await waitFor(() => statuses.includes('reconnecting'));
    const before = seen.length;
    await waitFor(() => sub.status === 'live' && seen.length > before + 3);
    expect(t.server.stats().subscriptions).toBe(1);
  });

  it('continues a for await loop across a cut', async () => {
    await using t = await setup();
    let cut = false;
    const seen: number[] = [];
    for await (const n of t.client.forever.subscribe()) {
      seen.push(n);
      if (!cut && seen.length === 3) {
        cut = true;
        t.proxy.cut();
      }
      if (seen.length === 10) break;
    }
    expect(seen).toHaveLength(10);
    await waitFor(() => t.server.stats().subscriptions === 0);
  });

  it('fails over across a list of URLs', async () => {
    const started = await startServer(testContract, { handlers });
    const dead = await startTcpProxy(1); // nothing listens on port 1: every connection fails
    const client = createClient(testContract, { url: [dead.url(), started.url], retry: fast });
    try {
      await expect(client.ping()).resolves.toBe('pong');
    } finally {
      client.close();
      await dead[Symbol.asyncDispose]();
      await started[Symbol.asyncDispose]();
    }
  });

  it('evaluates a url function and async params on every attempt', async () => {
    let urlCalls = 0;
    let paramCalls = 0;
    const seenTokens: unknown[] = [];
    const started = await startServer(testContract, {
      context: ({ params }) => {
        seenTokens.push(params);
        return {};
      },
      handlers,
    });
    const proxy = await startTcpProxy(started.port);
    const client = createClient(testContract, {
      url: () => {
        urlCalls++;
        return proxy.url();
      },
      params: async () => ({ token: `t${++paramCalls}` }),
      retry: fast,
    });
    try {
      await client.ping();
      proxy.cut();
      await waitFor(() => seenTokens.length === 2);
      expect(seenTokens).toEqual([{ token: 't1' }, { token: 't2' }]);
      expect(urlCalls).toBe(2);
    } finally {
      client.close();
      await proxy[Symbol.asyncDispose]();
      await started[Symbol.asyncDispose]();
    }
  });

  it('does not retry after a close code that means "do not retry"', async () => {
    const started = await startServer(testContract, {
      context: () => {
        throw new ServerRpcError('UNAUTHORIZED', undefined, { message: 'bad token' });
      },
      handlers,
    });
    const client = createClient(testContract, { url: started.url, retry: fast });
    const states: ConnectionState[] = [client.state];
    client.on('state', (state) => states.push(state));
    try {
      await expect(client.ping()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(states).toEqual(['connecting', 'idle']);
    } finally {
      client.close();
      await started[Symbol.asyncDispose]();
    }
  });

  it('gives up after maxAttempts and fails what is pending with CONNECTION_CLOSED', async () => {
    const dead = await startTcpProxy(1);
    const client = createClient(testContract, {
      url: dead.url(),
      retry: { ...fast, maxAttempts: 3 },
    });
    try {
      const error = await client.ping().catch((e: RpcError) => e);
      expect(error).toMatchObject({ code: 'CONNECTION_CLOSED' });
      expect(client.state).toBe('idle');
    } finally {
      client.close();
      await dead[Symbol.asyncDispose]();
    }
  });

  it('detects a half-open connection with heartbeats within twice the interval', async () => {
    await using t = await setup({ heartbeat: { intervalMs: 250, timeoutMs: 100 } });
    await waitFor(() => t.client.state === 'open');
    const stalledAt = Date.now();
    t.proxy.stall();
    await waitFor(() => t.client.state === 'reconnecting', { timeoutMs: 2_000, intervalMs: 2 });
    // Detection takes intervalMs + timeoutMs (350 ms); the bound is twice the interval.
    expect(Date.now() - stalledAt).toBeLessThanOrEqual(2 * 250);
    await waitFor(() => t.client.state === 'open');
    await expect(t.client.ping()).resolves.toBe('pong');
  });

  it('rejects everything pending with CONNECTION_CLOSED on close(), while reconnecting too', async () => {
    await using t = await setup();
    await waitFor(() => t.client.state === 'open');
    t.proxy.refuse();
    t.proxy.cut();
    const call = t.client.ping();
    const error = new Promise<RpcError>((onError) =>
      t.client.forever.subscribe(undefined, { onError }),
    );
    t.client.close();
    await expect(call).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
    await expect(error).resolves.toMatchObject({ code: 'CONNECTION_CLOSED' });
    expect(t.client.state).toBe('closed');
  });
});

describe('lazy mode', () => {
  it('connects on first use and disconnects when idle', async () => {
    await using t = await setup({ lazy: true, idleTimeoutMs: 50 });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(t.client.state).toBe('idle');
    expect(t.server.stats().connections).toBe(0);
    await t.client.ping();
    expect(t.client.state).toBe('open');
    await waitFor(() => t.client.state === 'idle');
    await waitFor(() => t.server.stats().connections === 0);
    await expect(t.client.ping()).resolves.toBe('pong');
  });

  it('stays connected while a subscription is active', async () => {
    await using t = await setup({ lazy: true, idleTimeoutMs: 30 });
    const sub = t.client.forever.subscribe(undefined, { onData: () => {} });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(t.client.state).toBe('open');
    sub.unsubscribe();
    await waitFor(() => t.client.state === 'idle');
  });
});

describe('browser lifecycle signals', () => {
  function fakeBrowser() {
    const target = new EventTarget();
    let online = true;
    const source: LifecycleSource = {
      addEventListener: (type, listener) => target.addEventListener(type, listener),
      removeEventListener: (type, listener) => target.removeEventListener(type, listener),
      isOnline: () => online,
      isVisible: () => true,
    };
    return {
      source,
      goOffline() {
        online = false;
        target.dispatchEvent(new Event('offline'));
      },
      goOnline() {
        online = true;
        target.dispatchEvent(new Event('online'));
      },
    };
  }

  it('pauses retries while offline and retries at once when back online', async () => {
    const browser = fakeBrowser();
    // A long backoff: only the online event can explain a quick reconnect.
    await using t = await setup({
      lifecycle: browser.source,
      retry: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
    });
    await waitFor(() => t.client.state === 'open');
    browser.goOffline();
    t.proxy.cut();
    await waitFor(() => t.client.state === 'reconnecting');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(t.client.state).toBe('reconnecting');
    browser.goOnline();
    await waitFor(() => t.client.state === 'open', { timeoutMs: 2_000 });
  });
});
