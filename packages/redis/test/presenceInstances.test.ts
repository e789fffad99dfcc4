import { createClient, type PresenceRoom } from '@wirecall/client';
import { presenceContract, startServer, startTcpProxy, waitFor } from '@wirecall/test-utils';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { redisPresence } from '../src/index.js';
import { clusterContract } from './cluster/clusterContract.js';
import { startInstance } from './cluster/startInstance.js';
import { REDIS_URL, redisScope, redisUp } from './redisFixture.js';

const scope = redisScope('presence-instances');
afterAll(async () => {
  await scope.redis.ping();
  await scope[Symbol.asyncDispose]();
});

const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});
const fast = { initialDelayMs: 10, maxDelayMs: 50 };

let run = 0;
async function presenceServer(keyPrefix: string, graceMs = 60_000) {
  return startServer(presenceContract, {
    presence: { store: redisPresence({ url: REDIS_URL, keyPrefix }), throttleMs: 0, graceMs },
    handlers: { chat: {} },
  });
}

const states = (room: PresenceRoom<{ n: number }>) =>
  room
    .members()
    .map((member) => member.state.n)
    .sort((a, b) => a - b);

describe.runIf(redisUp)('presence across instances on Redis', () => {
  it('shows joins, updates and leaves on every instance, and a client that moves stays one member', async () => {
    const keyPrefix = `${scope.prefix}${run++}:`;
    await using a = await presenceServer(keyPrefix);
    await using b = await presenceServer(keyPrefix);
    const connect = (url: string) => {
      const client = createClient(presenceContract, { url, retry: fast });
      closers.push(() => client.close());
      return client;
    };
    const onA = connect(a.url).chat.online.join({ room: 'r' }, { name: 'a' });
    const onB = connect(b.url).chat.online.join({ room: 'r' }, { name: 'b' });
    await waitFor(() => onA.members().length === 2 && onB.members().length === 2);
    await onB.update({ name: 'b', typing: true });
    await waitFor(() => onA.members().some((m) => m.state.typing));

    // A client behind a proxy moves from a to b (a reconnect to another instance).
    await using proxy = await startTcpProxy(a.port);
    const mover = connect(proxy.url()).chat.online.join({ room: 'r' }, { name: 'm' });
    await waitFor(() => onB.members().length === 3 && mover.status === 'joined');
    const counts: number[] = [];
    onB.subscribe((members) => counts.push(members.length));
    proxy.retarget(b.port);
    proxy.cut();
    await waitFor(() => mover.status === 'rejoining');
    await waitFor(() => mover.status === 'joined');
    await mover.update({ name: 'm2' });
    await waitFor(() => onA.members().some((m) => m.state.name === 'm2'));
    // a's grace period for the old connection must not remove the entry b now holds.
    expect(onA.members()).toHaveLength(3);
    expect(counts.every((count) => count === 3)).toBe(true);

    onB.leave();
    await waitFor(() => onA.members().length === 2);
  });

  it('lets server code on any instance read a room’s members from the store and publish to everyone in it', async () => {
    const keyPrefix = `${scope.prefix}${run++}:`;
    await using a = await presenceServer(keyPrefix);
    await using b = await presenceServer(keyPrefix);
    const connect = (url: string) => {
      const client = createClient(presenceContract, { url, retry: fast });
      closers.push(() => client.close());
      return client;
    };
    const ada = connect(a.url).chat.online.join({ room: 'r' }, { name: 'ada' });
    const bob = connect(a.url).chat.online.join({ room: 'r' }, { name: 'bob' });
    await waitFor(() => ada.members().length === 2 && bob.members().length === 2);
    // b serves nobody in the room: it reads the members from Redis.
    const onB = b.server.presence(presenceContract.chat.online);
    const members = await onB.members({ room: 'r' });
    expect(members.map((member) => member.state.name).sort()).toEqual(['ada', 'bob']);
    const events: unknown[] = [];
    ada.onEvent((event) => events.push(event));
    bob.onEvent((event) => events.push(event));
    await onB.publish({ room: 'r' }, { text: 'from b', at: 1 });
    await waitFor(() => events.length === 2);
    expect(events).toEqual([
      { text: 'from b', at: 1 },
      { text: 'from b', at: 1 },
    ]);
    bob.leave();
    await waitFor(() => ada.members().length === 1);
    expect((await onB.members({ room: 'r' })).map((member) => member.state.name)).toEqual(['ada']);
  });

  it('ends up with every client seeing the true set after random joins, leaves and updates on two processes; a killed instance’s members vanish within the TTL, nobody else’s', async () => {
    const keyPrefix = `${scope.prefix}${run++}:`;
    process.env.WIRECALL_PRESENCE_TTL_MS = '900';
    await using one = await startInstance({ name: 'one', redisUrl: REDIS_URL, keyPrefix });
    await using two = await startInstance({ name: 'two', redisUrl: REDIS_URL, keyPrefix });
    const count = 24;
    const clients = Array.from({ length: count }, (_, i) => {
      const client = createClient(clusterContract, {
        url: i % 2 === 0 ? one.url : two.url,
        retry: fast,
      });
      closers.push(() => client.close());
      return client;
    });
    const rooms: Array<PresenceRoom<{ n: number }> | undefined> = new Array(count);
    const truth = new Map<number, number>();
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let op = 0; op < 400; op++) {
      const i = Math.floor(random() * count);
      const room = rooms[i];
      const n = i * 10_000 + op;
      if (!room) {
        rooms[i] = clients[i]?.room.join({ room: 'big' }, { n });
        truth.set(i, n);
      } else if (random() < 0.2) {
        room.leave();
        rooms[i] = undefined;
        truth.delete(i);
      } else {
        void room.update({ n });
        truth.set(i, n);
      }
      if (op % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const expected = [...truth.values()].sort((x, y) => x - y);
    const joined = rooms.filter((room) => room !== undefined);
    await waitFor(() => joined.every((room) => states(room).join() === expected.join()), {
      timeoutMs: 15_000,
    });

    await one.kill();
    // The survivors: members on instance two, whose lists must lose exactly one's members.
    const survivors = expected.filter((n) => Math.floor(n / 10_000) % 2 === 1);
    const onTwo = rooms.filter((room, i) => room !== undefined && i % 2 === 1);
    expect(onTwo.length).toBeGreaterThan(0);
    await waitFor(
      () =>
        onTwo.every(
          (room) => states(room as PresenceRoom<{ n: number }>).join() === survivors.join(),
        ),
      { timeoutMs: 10_000 },
    );
  }, 60_000);
});
