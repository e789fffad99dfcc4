// Presence: one member's state updates fanned out to 1,000 members of one room. Update to last
// delivery latency (each update waits until every member has it), and member updates delivered
// per second in a burst, with no throttle and with the default 50 ms one. Server and clients
// share this process: a rough row, not a race.
import { createClient, type PresenceRoom } from '@wirecall/client';
import { defineContract, presence } from '@wirecall/core';
import { createServer } from '@wirecall/server';
import { z } from 'zod';
import { percentile } from '../stats.js';

const MEMBERS = Number(process.env.WIRECALL_BENCH_PRESENCE_MEMBERS ?? 1_000);
const ROUNDS = Number(process.env.WIRECALL_BENCH_PRESENCE_ROUNDS ?? 30);
const BURST = Number(process.env.WIRECALL_BENCH_PRESENCE_BURST ?? 200);

const api = defineContract({
  room: presence({ state: z.object({ n: z.number() }) }),
});

type Room = PresenceRoom<{ n: number }>;

async function measure(throttleMs: number) {
  const server = createServer(api, {
    // The bench's updater is one connection sending as fast as it is answered.
    presence: {
      throttleMs,
      maxMembersPerRoom: MEMBERS + 1,
      maxUpdatesPerSecond: 100_000,
      maxRoomUpdatesPerSecond: 100_000,
    },
    handlers: {},
  });
  const { url } = await server.listen({ port: 0, host: '127.0.0.1' });
  const clients = Array.from({ length: MEMBERS + 1 }, () => createClient(api, { url }));
  const updater = (clients[0] as (typeof clients)[number]).room.join(undefined, { n: 1 });
  let target = -1;
  let waiting = 0;
  let delivered = 0;
  let done: () => void = () => {};
  const watchers: Room[] = clients.slice(1).map((client) => client.room.join(undefined, { n: 0 }));
  // Everyone in first, with no listener yet: a room without listeners copies no member list per
  // join, which 1,000 clients in one process would pay 1,000 times over.
  const everyone = MEMBERS + 1;
  while (
    !watchers.every((room) => room.status === 'joined' && room.members().length === everyone)
  ) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  for (const room of watchers) {
    let last = -1;
    room.subscribe((members) => {
      // The updater's states are >= 1e6; every other member's is 0.
      const n = members.find((member) => member.state.n >= 1e6)?.state.n ?? -1;
      if (n === last) return;
      last = n;
      delivered++;
      if (n === target && --waiting === 0) done();
    });
  }
  const sees = (n: number) =>
    new Promise<void>((resolve) => {
      target = n;
      waiting = MEMBERS;
      done = resolve;
    });
  const latencies: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const seen = sees(1e6 + i);
    const start = performance.now();
    await updater.update({ n: 1e6 + i });
    await seen;
    latencies.push(performance.now() - start);
  }
  // A burst: BURST updates at once (the client coalesces while one is on its way), then the
  // time until every member has the last one.
  delivered = 0;
  const last = 2e6 + BURST - 1;
  const seen = sees(last);
  const start = performance.now();
  for (let i = 0; i < BURST; i++) void updater.update({ n: 2e6 + i });
  await seen;
  const burstMs = performance.now() - start;
  for (const client of clients) client.close();
  await server.close();
  return {
    throttleMs,
    members: MEMBERS,
    'update→last delivery p50 ms': Number(percentile(latencies, 50).toFixed(1)),
    'p99 ms': Number(percentile(latencies, 99).toFixed(1)),
    'burst: member updates delivered/s': Math.round(delivered / (burstMs / 1000)),
    'burst: to last delivery ms': Math.round(burstMs),
  };
}

const rows = [await measure(0), await measure(50)];
console.log(`Presence: one member's updates fanned out to ${MEMBERS} members of one room`);
console.table(rows);
