import { createClient, isRpcError } from '@wirecall/client';
import { ErrorCode, RpcError } from '@wirecall/core';
import {
  type ConnectionInit,
  createServer,
  middleware,
  type PresenceOptions,
} from '@wirecall/server';
import { presenceContract, startServer, waitFor } from '@wirecall/test-utils';
import { afterEach, describe, expect, it } from 'vitest';

type Clients = ReturnType<typeof createClient<typeof presenceContract>>[];
const clients: Clients = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

async function setup(presence: PresenceOptions = {}) {
  const started = await startServer(presenceContract, {
    presence: { throttleMs: 0, ...presence },
    handlers: { chat: {} },
  });
  const connect = () => {
    const client = createClient(presenceContract, { url: started.url });
    clients.push(client);
    return client;
  };
  return { ...started, connect };
}

/** Polls an async count until it is `n`. */
async function until(count: () => Promise<number>, n: number): Promise<void> {
  const deadline = Date.now() + 5_000;
  while ((await count()) !== n) {
    if (Date.now() > deadline) throw new Error(`count never reached ${n}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const rejection = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
};

describe('server.presence', () => {
  it('reads a room’s members and publishes an event to everyone in it, nobody elsewhere', async () => {
    await using started = await setup();
    const online = started.server.presence(presenceContract.chat.online);
    expect(await online.members({ room: 'a' })).toEqual([]);
    const ada = started.connect().chat.online.join({ room: 'a' }, { name: 'ada' });
    const bob = started.connect().chat.online.join({ room: 'a' }, { name: 'bob' });
    const elsewhere = started.connect().chat.online.join({ room: 'b' }, { name: 'cy' });
    await waitFor(() => ada.members().length === 2 && elsewhere.status === 'joined');
    const members = await online.members({ room: 'a' });
    expect(members.map((member) => member.state.name).sort()).toEqual(['ada', 'bob']);
    expect(members[0]).toEqual({ id: expect.any(String), state: expect.any(Object) });

    const seen = { ada: [] as unknown[], bob: [] as unknown[], cy: [] as unknown[] };
    ada.onEvent((event) => seen.ada.push(event));
    const stopBob = bob.onEvent((event) => seen.bob.push(event));
    elsewhere.onEvent((event) => seen.cy.push(event));
    await online.publish({ room: 'a' }, { text: 'hello' });
    // The event is parsed by the contract: its default is filled in on the server.
    await waitFor(() => seen.ada.length === 1 && seen.bob.length === 1);
    expect(seen.ada).toEqual([{ text: 'hello', at: 0 }]);
    stopBob();
    await online.publish({ room: 'a' }, { text: 'again', at: 2 });
    await waitFor(() => seen.ada.length === 2);
    expect(seen.bob).toHaveLength(1);
    expect(seen.cy).toEqual([]);
    // Events change no member list.
    expect(ada.members()).toHaveLength(2);

    bob.leave();
    ada.leave();
    await until(async () => (await online.members({ room: 'a' })).length, 0);
  });

  it('sends a change the room saw before an event ahead of it, even while the change is throttled', async () => {
    await using started = await setup({ throttleMs: 400 });
    const online = started.server.presence(presenceContract.chat.online);
    const ada = started.connect().chat.online.join({ room: 'a' }, { name: 'ada' });
    const bob = started.connect().chat.online.join({ room: 'a' }, { name: 'bob' });
    await waitFor(() => ada.members().length === 2);
    const order: string[] = [];
    ada.subscribe((list) => order.push(`members:${list.length}`));
    ada.onEvent(() => order.push('event'));
    bob.leave();
    // The server's view has the leave; its diff waits for the throttle.
    await until(async () => (await online.members({ room: 'a' })).length, 1);
    await online.publish({ room: 'a' }, { text: 'bob left' });
    await waitFor(() => order.includes('event'));
    expect(order).toEqual(['members:1', 'event']);
  });

  it('never leaves a ghost in a joiner’s list: a member who leaves within the throttle is removed there too', async () => {
    await using started = await setup({ throttleMs: 300 });
    const ada = started.connect().chat.online.join({ room: 'a' }, { name: 'ada' });
    await waitFor(() => ada.status === 'joined');
    const bob = started.connect().chat.online.join({ room: 'a' }, { name: 'bob' });
    await waitFor(() => bob.status === 'joined');
    // cy's first list has bob; bob leaves before the throttled diff about him went out.
    const cy = started.connect().chat.online.join({ room: 'a' }, { name: 'cy' });
    await waitFor(() => cy.status === 'joined');
    expect(
      cy
        .members()
        .map((m) => m.state.name)
        .sort(),
    ).toEqual(['ada', 'bob', 'cy']);
    bob.leave();
    await waitFor(() => cy.members().length === 2 && ada.members().length === 2, {
      timeoutMs: 3_000,
    });
    expect(
      cy
        .members()
        .map((m) => m.state.name)
        .sort(),
    ).toEqual(['ada', 'cy']);
  });

  it('refuses a bad room, a bad event, a presence without events and a foreign procedure', async () => {
    await using started = await setup();
    const online = started.server.presence(presenceContract.chat.online);
    const badRoom = await rejection(online.members({ room: 1 } as never));
    expect(isRpcError(badRoom) && badRoom.code).toBe(ErrorCode.BAD_INPUT);
    const badEvent = await rejection(online.publish({ room: 'a' }, { text: 3 } as never));
    expect(isRpcError(badEvent) && badEvent.code).toBe(ErrorCode.BAD_INPUT);
    expect(String((badEvent as Error).message)).toContain('event');
    const lobby = started.server.presence(presenceContract.chat.lobby);
    expect(await lobby.members()).toEqual([]);
    const noEvents = await rejection(lobby.publish('x' as never));
    expect(isRpcError(noEvents) && noEvents.code).toBe(ErrorCode.BAD_INPUT);
    expect(() => started.server.presence({ ...presenceContract.chat.online })).toThrow(TypeError);
    expect(() => started.server.presence(undefined as never)).toThrow(TypeError);
  });
});

describe('presence update limits', () => {
  it('drops updates that change nothing and coalesces a burst into the latest state', async () => {
    await using started = await setup({ throttleMs: 50 });
    const ada = started.connect().chat.online.join({ room: 'a' }, { name: 'ada' });
    const bob = started.connect().chat.online.join({ room: 'a' }, { name: 'bob' });
    await waitFor(() => ada.members().length === 2 && bob.members().length === 2);
    const lists: string[] = [];
    bob.subscribe((members) =>
      lists.push(members.map((m) => `${m.state.name}${m.state.typing ? '…' : ''}`).join()),
    );
    // The same state again costs nobody an event.
    await ada.update({ name: 'ada', typing: false });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(lists).toEqual([]);
    const burst = Array.from({ length: 10 }, (_, i) => ada.update({ name: `ada${i}` }));
    await Promise.all(burst);
    await waitFor(() => bob.members().some((m) => m.state.name === 'ada9'));
    // Far fewer member lists than updates, and the last one is the latest state.
    expect(lists.length).toBeLessThan(10);
    expect(lists.at(-1)).toContain('ada9');
  });

  it('holds one connection to maxUpdatesPerSecond (RATE_LIMITED); the client sends its latest state once allowed, nothing lost', async () => {
    await using started = await setup({ maxUpdatesPerSecond: 4 });
    const ada = started.connect().chat.online.join({ room: 'a' }, { name: 'ada' });
    const bob = started.connect().chat.online.join({ room: 'a' }, { name: 'bob' });
    await waitFor(() => ada.members().length === 2 && bob.status === 'joined');
    const started_ = performance.now();
    // Each update waits for the one before: 10 updates at 4 per second take over a second.
    for (let i = 0; i < 10; i++) await ada.update({ name: `ada${i}` });
    const took = performance.now() - started_;
    expect(took).toBeGreaterThan(700);
    await waitFor(() => bob.members().some((m) => m.state.name === 'ada9'));
    expect(ada.status).toBe('joined');
    // Another connection is not held back by ada's budget.
    const t0 = performance.now();
    await bob.update({ name: 'bob1' });
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it('holds a room to maxRoomUpdatesPerSecond across its connections', async () => {
    await using started = await setup({ maxUpdatesPerSecond: 100, maxRoomUpdatesPerSecond: 3 });
    const rooms = Array.from({ length: 3 }, (_, i) =>
      started.connect().chat.online.join({ room: 'a' }, { name: `m${i}` }),
    );
    await waitFor(() => rooms.every((room) => room.members().length === 3));
    const t0 = performance.now();
    await Promise.all(
      rooms.flatMap((room, i) => [room.update({ name: `x${i}` }), room.update({ name: `y${i}` })]),
    );
    // Six updates into a room that takes three a second (a burst of three): the rest wait.
    expect(performance.now() - t0).toBeGreaterThan(250);
    await waitFor(() =>
      rooms.every((room) => room.members().every((m) => m.state.name.startsWith('y'))),
    );
  });
});

describe('middleware on presence joins', () => {
  it('runs around the join handler with kind presence and the room input: it can name the member or refuse', async () => {
    const seen: string[] = [];
    const auth = middleware<{ name: string | undefined }>()(({ ctx, kind, input, next }) => {
      seen.push(`${kind}:${JSON.stringify(input)}`);
      if (!ctx.name) throw new RpcError('UNAUTHORIZED');
      return next({ ctx: { user: `user:${ctx.name}` } });
    });
    const server = createServer(presenceContract, {
      context: ({ params }: ConnectionInit) => ({
        name: (params as { name?: string } | undefined)?.name,
      }),
      middleware: [auth],
      presence: { throttleMs: 0 },
      handlers: { chat: { online: (_input, ctx) => ctx.user } },
    });
    const { url } = await server.listen({ port: 0 });
    await using _closes = { [Symbol.asyncDispose]: () => server.close() };
    const connect = (name?: string) => {
      const client = createClient(presenceContract, {
        url,
        ...(name ? { params: { name } } : {}),
      });
      clients.push(client);
      return client;
    };
    const ada = connect('ada').chat.online.join({ room: 'a' }, { name: 'Ada' });
    await waitFor(() => ada.status === 'joined');
    expect(ada.members().map((member) => member.id)).toEqual(['user:ada']);
    expect(seen).toEqual(['presence:{"room":"a"}']);
    const stranger = connect().chat.online.join({ room: 'a' }, { name: 'who' });
    await waitFor(() => stranger.status === 'error');
    expect(stranger.error?.code).toBe(ErrorCode.UNAUTHORIZED);
    // Updates run no handler, so no middleware: the update limits hold them instead.
    await ada.update({ name: 'Ada2' });
    expect(seen).toHaveLength(2);
  });
});
