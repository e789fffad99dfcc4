// Live queries: invalidation-to-update latency with 100 watchers, and server evaluations per
// invalidation, for a query declared `shared` (one run for all connections) and one that is not
// (one run per connection). Then what patches save on a large result changed a little, and how
// long `await mutate()` takes when it waits for the client's live queries (read-your-own-writes).
// Server and clients share this process: a rough row, not a race.
import { createClient } from '@wirecall/client';
import { defineContract, mutation, query } from '@wirecall/core';
import { createServer } from '@wirecall/server';
import { WebSocket } from 'ws';
import { z } from 'zod';
import { percentile } from '../stats.js';

const WATCHERS = 100;
const ROUNDS = Number(process.env.WIRECALL_BENCH_LIVE_ROUNDS ?? 50);

const todo = z.object({ id: z.number(), text: z.string(), done: z.boolean() });
const api = defineContract({
  sharedCount: query({ output: z.number(), shared: true }),
  ownCount: query({ output: z.number() }),
  todos: query({ output: z.array(todo) }),
  toggle: mutation({ input: z.number(), output: z.boolean() }),
});

let value = 0;
let todos = Array.from({ length: 1_000 }, (_, id) => ({ id, text: `todo ${id}`, done: false }));
const server = createServer(api, {
  handlers: {
    sharedCount: (_input, ctx) => {
      ctx.track('count');
      return value;
    },
    ownCount: (_input, ctx) => {
      ctx.track('count');
      return value;
    },
    todos: (_input, ctx) => {
      ctx.track('todos');
      return todos;
    },
    toggle: async (id, ctx) => {
      todos = todos.map((item) => (item.id === id ? { ...item, done: !item.done } : item));
      await ctx.invalidate('todos');
      return true;
    },
  },
});
const { url } = await server.listen({ port: 0, host: '127.0.0.1' });
const clients = Array.from({ length: WATCHERS }, () => createClient(api, { url }));

async function measure(path: 'sharedCount' | 'ownCount') {
  let waiting = 0;
  let done: () => void = () => {};
  const stops = clients.map((client) =>
    client[path].watch(undefined, (result) => {
      if (result === value && --waiting === 0) done();
    }),
  );
  const round = () =>
    new Promise<void>((resolve) => {
      waiting = WATCHERS;
      done = resolve;
    });
  // The first results.
  await round();
  const latencies: number[] = [];
  const runsBefore = server.liveStats().runs;
  for (let i = 0; i < ROUNDS; i++) {
    const updated = round();
    value++;
    const start = performance.now();
    await server.invalidate('count');
    await updated;
    latencies.push(performance.now() - start);
  }
  const runs = server.liveStats().runs - runsBefore;
  for (const stop of stops) stop();
  return {
    query: path === 'sharedCount' ? 'shared: true' : 'per connection',
    watchers: WATCHERS,
    'p50 ms': Number(percentile(latencies, 50).toFixed(2)),
    'p99 ms': Number(percentile(latencies, 99).toFixed(2)),
    'evaluations / invalidation': runs / ROUNDS,
  };
}

/** Bytes of the watch's frames on a raw socket: the first (whole) result, then one toggled todo. */
async function patchSizes() {
  const socket = new WebSocket(url, ['wirecall.v1']);
  const frames: string[] = [];
  let seen: (() => void) | undefined;
  socket.on('message', (data) => {
    frames.push(String(data));
    seen?.();
  });
  await new Promise((resolve) => socket.once('open', resolve));
  const until = (count: (text: string) => boolean) =>
    new Promise<void>((resolve) => {
      seen = () => frames.some(count) && resolve();
      seen();
    });
  socket.send(JSON.stringify({ type: 'hello' }));
  await until((text) => text.includes('"welcome"'));
  socket.send(JSON.stringify({ type: 'subscribe', id: 1, path: 'todos', credit: 100 }));
  await until((text) => text.includes('"event"'));
  socket.send(JSON.stringify({ type: 'call', id: 2, path: 'toggle', input: 500 }));
  await until((text) => text.includes('"result"'));
  socket.close();
  const events = frames.filter((text) => text.includes('"event"'));
  const [whole = 0, patched = 0] = events.map((text) => Buffer.byteLength(text));
  return {
    result: '1,000 todos, one toggled',
    'whole bytes': whole,
    'patch bytes': patched,
    saved: `${(100 * (1 - patched / whole)).toFixed(1)}%`,
  };
}

/** `await toggle()` with one live query of the client affected: answered after its new result. */
async function readYourWrites() {
  const client = clients[0] as (typeof clients)[number];
  let latest: unknown;
  const stop = client.todos.watch(undefined, (result) => {
    latest = result;
  });
  while (latest === undefined) await new Promise((resolve) => setTimeout(resolve, 5));
  const latencies: number[] = [];
  let stale = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const start = performance.now();
    await client.toggle(i);
    latencies.push(performance.now() - start);
    if (latest !== undefined && (latest as typeof todos)[i]?.done !== todos[i]?.done) stale++;
  }
  stop();
  return {
    'mutate() with a live query': '1,000 todos',
    'p50 ms': Number(percentile(latencies, 50).toFixed(2)),
    'p99 ms': Number(percentile(latencies, 99).toFixed(2)),
    'stale after await': stale,
  };
}

const rows = [await measure('sharedCount'), await measure('ownCount')];
console.log('Live queries: invalidation to update at every watcher');
console.table(rows);
console.log('Live queries: patches');
console.table([await patchSizes()]);
console.log('Live queries: read-your-own-writes');
console.table([await readYourWrites()]);
for (const client of clients) client.close();
await server.close();
