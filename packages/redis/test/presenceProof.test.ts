import { createClient, type PresenceRoom } from '@wirecall/client';
import { waitFor } from '@wirecall/test-utils';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { clusterContract } from './cluster/clusterContract.js';
import { type Instance, startInstance } from './cluster/startInstance.js';
import { REDIS_URL, redisScope, redisUp } from './redisFixture.js';

// The proof of the presence issue: three server processes on one Redis, 300 members across them,
// 10,000 random joins, leaves and updates; every client's final list is the true set. Then one
// instance is killed with SIGKILL: its members vanish from the others within the heartbeat TTL,
// and nobody else's do.

const scope = redisScope('presence-proof');
afterAll(async () => {
  await scope.redis.ping();
  await scope[Symbol.asyncDispose]();
});

const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

const MEMBERS = 300;
const OPERATIONS = 10_000;
const TTL_MS = 1_000;
/** Each member's state names it (`n / 100_000` is its index) and the operation that set it. */
const SPAN = 100_000;

type Room = PresenceRoom<{ n: number }>;
const states = (room: Room) =>
  room
    .members()
    .map((member) => member.state.n)
    .sort((a, b) => a - b)
    .join();

describe.runIf(redisUp)(
  'presence proof: 3 processes, 300 members, 10,000 operations, kill -9',
  () => {
    it('ends with every client seeing the true set; a killed instance’s members vanish within the TTL, nobody else’s', async () => {
      process.env.WIRECALL_PRESENCE_TTL_MS = String(TTL_MS);
      // Diffs coalesce over 50 ms, as in production: 300 members must not cost 300 frames a change.
      process.env.WIRECALL_PRESENCE_THROTTLE_MS = '50';
      const keyPrefix = scope.prefix;
      const instances: Instance[] = await Promise.all(
        ['one', 'two', 'three'].map((name) =>
          startInstance({ name, redisUrl: REDIS_URL, keyPrefix }),
        ),
      );
      try {
        const clients = Array.from({ length: MEMBERS }, (_, i) => {
          const client = createClient(clusterContract, {
            url: (instances[i % 3] as Instance).url,
            retry: { initialDelayMs: 20, maxDelayMs: 200 },
          });
          closers.push(() => client.close());
          return client;
        });
        const rooms: Array<Room | undefined> = new Array(MEMBERS);
        const truth = new Map<number, number>();
        let seed = 15;
        const random = () => {
          seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
          return seed / 2 ** 31;
        };
        const counts = { join: 0, leave: 0, update: 0 };
        const began = performance.now();
        for (let op = 0; op < OPERATIONS; op++) {
          const i = Math.floor(random() * MEMBERS);
          const room = rooms[i];
          const n = i * SPAN + op;
          if (!room) {
            rooms[i] = clients[i]?.room.join({ room: 'proof' }, { n });
            truth.set(i, n);
            counts.join++;
          } else if (random() < 0.15) {
            room.leave();
            rooms[i] = undefined;
            truth.delete(i);
            counts.leave++;
          } else {
            room.update({ n }).catch(() => {});
            truth.set(i, n);
            counts.update++;
          }
          // Let sockets breathe: 10,000 operations over a few seconds, not one synchronous burst.
          if (op % 100 === 99) await new Promise((resolve) => setTimeout(resolve, 10));
        }
        const issuedMs = performance.now() - began;
        const expected = [...truth.values()].sort((a, b) => a - b).join();
        const joined = rooms.filter((room): room is Room => room !== undefined);
        expect(joined.length).toBe(truth.size);
        await waitFor(() => joined.every((room) => states(room) === expected), {
          timeoutMs: 60_000,
          intervalMs: 50,
        });
        const settledMs = performance.now() - began;

        // kill -9 instance one: its sockets drop without a close frame, its heartbeat stops.
        const killedAt = performance.now();
        await (instances[0] as Instance).kill();
        const survivors = [...truth]
          .filter(([i]) => i % 3 !== 0)
          .map(([, n]) => n)
          .sort((a, b) => a - b)
          .join();
        const onOthers = rooms.filter((room, i): room is Room => room !== undefined && i % 3 !== 0);
        expect(onOthers.length).toBeGreaterThan(100);
        await waitFor(() => onOthers.every((room) => states(room) === survivors), {
          timeoutMs: 15_000,
          intervalMs: 20,
        });
        const vanishedMs = performance.now() - killedAt;
        // Within the TTL plus one sweep (200 ms) and a throttle, with margin for loaded CI cores.
        expect(vanishedMs).toBeLessThan(TTL_MS + 200 + 50 + 4_000);
        // Nobody else's member goes later, either.
        await new Promise((resolve) => setTimeout(resolve, TTL_MS + 500));
        expect(onOthers.every((room) => states(room) === survivors)).toBe(true);
        console.info(
          `presence proof: ${counts.join} joins, ${counts.leave} leaves, ${counts.update} updates ` +
            `issued in ${Math.round(issuedMs)} ms; ${joined.length} members agreed after ` +
            `${Math.round(settledMs)} ms; a killed instance's ${joined.length - onOthers.length} ` +
            `members vanished in ${Math.round(vanishedMs)} ms (TTL ${TTL_MS} ms)`,
        );
      } finally {
        for (const close of closers.splice(0)) close();
        await Promise.all(instances.map((instance) => instance[Symbol.asyncDispose]()));
      }
    }, 180_000);
  },
);
