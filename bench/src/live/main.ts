// Live queries: invalidation-to-update latency with 100 watchers, and server evaluations per
// invalidation, for a query declared `shared` (one run for all connections) and one that is not
// (one run per connection). Server and clients share this process: a rough row, not a race.
import { createClient } from '@wirecall/client';
import { defineContract, query } from '@wirecall/core';
import { createServer } from '@wirecall/server';
import { z } from 'zod';
import { percentile } from '../stats.js';

const WATCHERS = 100;
const ROUNDS = Number(process.env.WIRECALL_BENCH_LIVE_ROUNDS ?? 50);

const api = defineContract({
  sharedCount: query({ output: z.number(), shared: true }),
  ownCount: query({ output: z.number() }),
});

let value = 0;
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

const rows = [await measure('sharedCount'), await measure('ownCount')];
console.log('Live queries: invalidation to update at every watcher');
console.table(rows);
for (const client of clients) client.close();
await server.close();
