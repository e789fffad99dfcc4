import { createClient, type RpcError } from '@wirecall/client';
import type { Handlers } from '@wirecall/server';
import { startServer, testContract, waitFor } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';

/** Server-side bookkeeping of the `messages` handlers, to check what runs and what stops. */
const log = { started: 0, finalized: 0 };
const publishers = new Map<string, Set<(text: string) => void>>();

function publish(room: string, text: string): void {
  for (const push of publishers.get(room) ?? []) push(text);
}

const handlers: Handlers<typeof testContract, object> = {
  greet: ({ name }) => `Hello, ${name}!`,
  echo: (input) => input,
  ping: () => 'pong',
  slow: ({ ms }) => new Promise((resolve) => setTimeout(() => resolve(ms), ms)),
  fail: () => undefined,
  chat: {
    send: ({ room }) => ({ id: room }),
    async *messages({ room }, ctx) {
      log.started++;
      const queue: string[] = [];
      let wake: (() => void) | undefined;
      const push = (text: string) => {
        queue.push(text);
        wake?.();
      };
      const listeners = publishers.get(room) ?? new Set();
      publishers.set(room, listeners.add(push));
      ctx.signal.addEventListener('abort', () => wake?.());
      let n = 0;
      try {
        while (!ctx.signal.aborted) {
          const text = queue.shift();
          if (text === undefined) {
            await new Promise<void>((resolve) => {
              wake = resolve;
            });
            continue;
          }
          yield { id: String(++n), text };
        }
      } finally {
        listeners.delete(push);
        log.finalized++;
      }
    },
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
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  },
};

async function setup() {
  const started = await startServer(testContract, { handlers });
  const client = createClient(testContract, { url: started.url });
  return {
    ...started,
    client,
    async [Symbol.asyncDispose]() {
      client.close();
      await started[Symbol.asyncDispose]();
    },
  };
}

describe('subscriptions', () => {
  it('delivers events to onData, then completes', async () => {
    await using t = await setup();
    const events: number[] = [];
    const completed = new Promise<void>((onComplete) => {
      t.client.ticks.subscribe({ count: 5 }, { onData: (n) => events.push(n), onComplete });
    });
    await completed;
    expect(events).toEqual([0, 1, 2, 3, 4]);
    expect(t.server.stats().subscriptions).toBe(0);
  });

  it('iterates with for await and unsubscribes when the loop exits', async () => {
    await using t = await setup();
    const seen: number[] = [];
    for await (const n of t.client.forever.subscribe()) {
      seen.push(n);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual([0, 1, 2]);
    await waitFor(() => t.server.stats().subscriptions === 0);
  });

  it('ends a for await loop when the stream completes', async () => {
    await using t = await setup();
    const seen: number[] = [];
    for await (const n of t.client.ticks.subscribe({ count: 3, intervalMs: 2 })) seen.push(n);
    expect(seen).toEqual([0, 1, 2]);
  });

  it('unsubscribe stops the handler and runs its finally on the server', async () => {
    await using t = await setup();
    log.started = 0;
    log.finalized = 0;
    const texts: string[] = [];
    const sub = t.client.chat.messages.subscribe(
      { room: 'u' },
      { onData: (m) => texts.push(m.text) },
    );
    await waitFor(() => sub.status === 'live');
    publish('u', 'one');
    await waitFor(() => texts.length === 1);
    sub.unsubscribe();
    expect(sub.status).toBe('unsubscribed');
    await waitFor(() => log.finalized === 1);
    publish('u', 'two');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(texts).toEqual(['one']);
    expect(t.server.stats().subscriptions).toBe(0);
  });

  it('interleaves calls and several subscriptions on one socket', async () => {
    await using t = await setup();
    const a: string[] = [];
    const b: string[] = [];
    const subA = t.client.chat.messages.subscribe({ room: 'a' }, { onData: (m) => a.push(m.text) });
    const subB = t.client.chat.messages.subscribe({ room: 'b' }, { onData: (m) => b.push(m.text) });
    const ticks: number[] = [];
    const ticking = new Promise<void>((onComplete) =>
      t.client.ticks.subscribe(
        { count: 50, intervalMs: 1 },
        { onData: (n) => ticks.push(n), onComplete },
      ),
    );
    await waitFor(() => subA.status === 'live' && subB.status === 'live');
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) {
      publish(i % 2 ? 'a' : 'b', `m${i}`);
      calls.push(t.client.echo({ n: i, s: 'x' }));
    }
    const results = await Promise.all(calls);
    await ticking;
    await waitFor(() => a.length === 10 && b.length === 10);
    expect(results).toHaveLength(20);
    expect(a).toEqual(['m1', 'm3', 'm5', 'm7', 'm9', 'm11', 'm13', 'm15', 'm17', 'm19']);
    expect(b[0]).toBe('m0');
    expect(ticks).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(t.server.stats()).toMatchObject({ connections: 1, subscriptions: 2 });
  });

  it('reports bad input through onError with BAD_INPUT', async () => {
    await using t = await setup();
    const error = await new Promise<RpcError>((onError) => {
      t.client.ticks.subscribe({ count: 'many' as unknown as number }, { onError });
    });
    expect(error.code).toBe('BAD_INPUT');
  });

  it('throws the error from a for await loop', async () => {
    await using t = await setup();
    const iterate = async () => {
      for await (const _ of t.client.ticks.subscribe({ count: -1.5 })) {
        // never reached
      }
    };
    await expect(iterate()).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('ends subscriptions with CONNECTION_CLOSED when the client closes, and the server stops them', async () => {
    await using t = await setup();
    log.finalized = 0;
    const errors: RpcError[] = [];
    const sub = t.client.chat.messages.subscribe({ room: 'z' }, { onError: (e) => errors.push(e) });
    await waitFor(() => sub.status === 'live');
    t.client.close();
    expect(errors.map((e) => e.code)).toEqual(['CONNECTION_CLOSED']);
    await waitFor(() => log.finalized === 1 && t.server.stats().subscriptions === 0);
  });

  it('unsubscribes when its signal aborts', async () => {
    await using t = await setup();
    const controller = new AbortController();
    const sub = t.client.forever.subscribe(undefined, {
      signal: controller.signal,
      onData: () => {},
    });
    await waitFor(() => sub.status === 'live');
    controller.abort();
    expect(sub.status).toBe('unsubscribed');
    await waitFor(() => t.server.stats().subscriptions === 0);
  });
});
