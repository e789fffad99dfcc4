import { createClient } from '@wirecall/client';
import { defineContract, mutation, query } from '@wirecall/core';
import {
  collector,
  openRawClient,
  startServer,
  startTcpProxy,
  waitFor,
} from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const contract = defineContract({
  fast: query({ output: z.number() }),
  slow: query({ output: z.number() }),
  other: query({ output: z.number() }),
  stuck: query({ output: z.number() }),
  bump: mutation({ output: z.number() }),
  touchOther: mutation({ output: z.number() }),
  whoami: query({ output: z.string() }),
  greeting: query({ output: z.string(), shared: true }),
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `fast` and `slow` read the same counter; `slow` takes 150 ms longer to answer. */
async function startCounterServer(identity?: (ctx: { user: string }) => string) {
  const state = {
    counter: 0,
    other: 0,
    runs: { whoami: 0, greeting: 0 },
    /** While set, `stuck` re-runs wait for it: a query that hangs. */
    gate: undefined as Promise<void> | undefined,
  };
  const started = await startServer<typeof contract, { user: string }>(contract, {
    context: ({ params }) => ({ user: typeof params === 'string' ? params : 'anonymous' }),
    ...(identity ? { identity } : {}),
    handlers: {
      fast: (_input, ctx) => {
        ctx.track('counter');
        return state.counter;
      },
      slow: async (_input, ctx) => {
        ctx.track('counter');
        const value = state.counter;
        await sleep(150);
        return value;
      },
      stuck: async (_input, ctx) => {
        ctx.track('counter');
        const value = state.counter;
        if (state.gate) await state.gate;
        return value;
      },
      other: (_input, ctx) => {
        ctx.track('other');
        return state.other;
      },
      bump: async (_input, ctx) => {
        state.counter++;
        await ctx.invalidate('counter');
        return state.counter;
      },
      touchOther: async (_input, ctx) => {
        state.other++;
        await ctx.invalidate('other');
        return state.other;
      },
      whoami: (_input, ctx) => {
        state.runs.whoami++;
        ctx.track('users');
        return ctx.user;
      },
      greeting: (_input, ctx) => {
        state.runs.greeting++;
        ctx.track('users');
        return `hello ${ctx.user}`;
      },
    },
  });
  return Object.assign(started, { state });
}

describe('live queries: one version per connection transition', () => {
  it('moves all affected queries of a connection together, and answers the mutation after them', async () => {
    await using t = await startCounterServer();
    await using raw = await openRawClient(t.url);
    raw.send({ type: 'subscribe', id: 1, path: 'fast', credit: 10 });
    raw.send({ type: 'subscribe', id: 2, path: 'slow', credit: 10 });
    raw.send({ type: 'subscribe', id: 3, path: 'other', credit: 10 });
    await waitFor(() => raw.received.filter((m) => m.type === 'event').length === 3);
    const start = raw.received.length;
    const began = performance.now();
    raw.send({ type: 'call', id: 9, path: 'bump' });
    await raw.next((m) => m.type === 'event' && m.id === 1 && raw.received.indexOf(m) >= start);
    // The fast query's new result was held until the slow one had re-run (150 ms) too.
    expect(performance.now() - began).toBeGreaterThan(140);
    const result = await raw.next((m) => m.type === 'result' && m.id === 9);
    const after = raw.received.slice(start);
    const events = after.filter((m) => m.type === 'event');
    // Both queries of the counter, `other` untouched, and the answer after them.
    expect(events.map((m) => m.id).sort()).toEqual([1, 2]);
    expect(after.at(-1)).toBe(result);
    const versions = events.map((m) => (m.data as { liveVersion: number }).liveVersion);
    expect(versions[0]).toBe(versions[1]);
    expect(result.liveVersion).toBe(versions[0]);
    expect(result.output).toBe(1);
  });

  it("resolves await mutate() only once the client's live queries show the change (read-your-own-writes)", async () => {
    await using t = await startCounterServer();
    const client = createClient(contract, { url: t.url });
    try {
      const fast = collector<number>();
      const slow = collector<number>();
      client.fast.watch(undefined, fast.listener);
      client.slow.watch(undefined, slow.listener);
      await waitFor(() => fast.seen.length === 1 && slow.seen.length === 1);
      for (let i = 1; i <= 5; i++) {
        const answer = await client.bump();
        expect(answer).toBe(i);
        expect(fast.seen.at(-1)).toBe(i);
        expect(slow.seen.at(-1)).toBe(i);
      }
      // A mutation that touches none of the client's watches is answered without waiting for them.
      const began = performance.now();
      await client.touchOther();
      expect(performance.now() - began).toBeLessThan(1_000);
    } finally {
      client.close();
    }
  });

  it('holds read-your-own-writes over the HTTP transport too (calls and stream share a session id)', async () => {
    await using t = await startCounterServer();
    const client = createClient(contract, { url: t.url.replace('ws', 'http'), transport: 'http' });
    try {
      const slow = collector<number>();
      client.slow.watch(undefined, slow.listener);
      await waitFor(() => slow.seen.length === 1);
      for (let i = 1; i <= 3; i++) {
        await expect(client.bump()).resolves.toBe(i);
        expect(slow.seen.at(-1)).toBe(i);
      }
    } finally {
      client.close();
    }
  });

  it('does not let a hanging re-run hold the other live queries of its connection for long', async () => {
    await using t = await startCounterServer();
    const client = createClient(contract, { url: t.url });
    let open = () => {};
    try {
      const fast = collector<number>();
      const stuck = collector<number>();
      client.fast.watch(undefined, fast.listener);
      client.stuck.watch(undefined, stuck.listener);
      await waitFor(() => fast.seen.length === 1 && stuck.seen.length === 1);
      t.state.gate = new Promise((resolve) => {
        open = resolve;
      });
      const began = performance.now();
      // Answered once the hold ends (about 5 s), with the fast query's new result before it.
      await expect(client.bump()).resolves.toBe(1);
      expect(fast.seen.at(-1)).toBe(1);
      expect(stuck.seen).toEqual([0]);
      expect(performance.now() - began).toBeGreaterThan(4_000);
      open();
      await waitFor(() => stuck.seen.at(-1) === 1);
    } finally {
      open();
      client.close();
    }
  }, 30_000);

  it('gives each watcher a fresh result after a reconnect, never a stale one silently', async () => {
    await using t = await startCounterServer();
    await using proxy = await startTcpProxy(t.port);
    const client = createClient(contract, { url: proxy.url(), retry: { initialDelayMs: 10 } });
    try {
      const statuses: string[] = [];
      const seen = collector<number>();
      client.fast.watch(undefined, seen.listener, { onStatusChange: (s) => statuses.push(s) });
      await waitFor(() => seen.seen.length === 1);
      proxy.refuse();
      proxy.cut();
      await waitFor(() => statuses.includes('reconnecting'));
      // Changed and invalidated while the client was away: its invalidation reaches no one.
      t.state.counter = 41;
      await t.server.invalidate('counter');
      proxy.accept();
      await waitFor(() => seen.seen.at(-1) === 41);
      expect(statuses.at(-1)).toBe('live');
    } finally {
      client.close();
    }
  });
});

describe('live queries: auth identity', () => {
  it('re-runs the live queries of a connection that reconnects with new params', async () => {
    await using t = await startCounterServer((ctx) => ctx.user);
    await using proxy = await startTcpProxy(t.port);
    let user = 'ada';
    const client = createClient(contract, {
      url: proxy.url(),
      params: () => user,
      retry: { initialDelayMs: 10 },
    });
    try {
      const who = collector<string>();
      const greeting = collector<string>();
      client.whoami.watch(undefined, who.listener);
      client.greeting.watch(undefined, greeting.listener);
      await waitFor(() => who.seen.length === 1 && greeting.seen.length === 1);
      expect([who.seen[0], greeting.seen[0]]).toEqual(['ada', 'hello ada']);
      // Signed in as someone else: the next connection carries the new params.
      user = 'grace';
      proxy.cut();
      await waitFor(() => who.seen.length === 2 && greeting.seen.length === 2);
      expect([who.seen[1], greeting.seen[1]]).toEqual(['grace', 'hello grace']);
    } finally {
      client.close();
    }
  });

  it('shares a shared query only between connections of the same identity', async () => {
    await using t = await startCounterServer((ctx) => ctx.user);
    const clients = ['ada', 'ada', 'grace'].map((user) =>
      createClient(contract, { url: t.url, params: user }),
    );
    try {
      const seen = clients.map(() => collector<string>());
      for (const [i, client] of clients.entries())
        client.greeting.watch(undefined, (seen[i] as (typeof seen)[number]).listener);
      await waitFor(() => seen.every((s) => s.seen.length === 1));
      expect(seen.map((s) => s.seen[0])).toEqual(['hello ada', 'hello ada', 'hello grace']);
      // One evaluation for ada's two connections, one for grace's.
      expect(t.server.liveStats().evaluations).toBe(2);
      expect(t.state.runs.greeting).toBe(2);
    } finally {
      for (const client of clients) client.close();
    }
  });
});
