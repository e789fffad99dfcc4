import { createClient, isRpcError, type PresenceMember } from '@wirecall/client';
import type { ConnectionInit, PresenceOptions } from '@wirecall/server';
import { presenceContract, startServer, startTcpProxy, waitFor } from '@wirecall/test-utils';
import { afterEach, describe, expect, it } from 'vitest';

type Clients = ReturnType<typeof createClient<typeof presenceContract>>[];
const clients: Clients = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

const fast = { initialDelayMs: 10, maxDelayMs: 50 };

async function setup(presence: PresenceOptions = {}) {
  const started = await startServer(presenceContract, {
    context: ({ params }: ConnectionInit) => ({
      user: (params as { user?: string } | undefined)?.user,
    }),
    presence: { throttleMs: 0, ...presence },
    handlers: {
      chat: {
        online: ({ room }, ctx) => {
          if (room === 'secret') throw ctx.error('BANNED', { room });
          return ctx.user;
        },
      },
    },
  });
  const connect = (url = started.url, user?: string) => {
    const client = createClient(presenceContract, {
      url,
      retry: fast,
      ...(user ? { params: { user } } : {}),
    });
    clients.push(client);
    return client;
  };
  return { started, connect, [Symbol.asyncDispose]: () => started.server.close() };
}

const names = (members: readonly PresenceMember<{ name: string }>[]) =>
  members.map((member) => member.state.name).sort();

describe('presence', () => {
  it('shows every member joins, updates and leaves; a late joiner gets the full list at once', async () => {
    await using setupDone = await setup();
    const { connect } = setupDone;
    const ada = connect().chat.online.join({ room: 'a' }, { name: 'ada' });
    const bob = connect().chat.online.join({ room: 'a' }, { name: 'bob' });
    await waitFor(() => names(ada.members()).join() === 'ada,bob');
    await waitFor(() => names(bob.members()).join() === 'ada,bob');
    expect(ada.members().find((m) => m.state.name === 'ada')?.state).toEqual({
      name: 'ada',
      typing: false,
    });

    const seen: number[] = [];
    const late = connect().chat.online.join({ room: 'a' }, { name: 'cy' });
    late.subscribe((members) => seen.push(members.length));
    await waitFor(() => late.status === 'joined');
    // The first list the late joiner sees is the whole room, itself included.
    expect(seen[0]).toBe(3);

    await bob.update({ name: 'bob', typing: true });
    await waitFor(() => ada.members().some((m) => m.state.name === 'bob' && m.state.typing));

    bob.leave();
    await waitFor(() => names(ada.members()).join() === 'ada,cy');
    // Another room is another room.
    const other = connect().chat.online.join({ room: 'b' }, { name: 'dee' });
    await waitFor(() => other.status === 'joined');
    expect(names(other.members())).toEqual(['dee']);
  });

  it('refuses a bad state, a too big state, a full room and a join the handler refuses, with typed errors', async () => {
    await using setupDone = await setup({ maxStateBytes: 64, maxMembersPerRoom: 2 });
    const { connect } = setupDone;
    const client = connect();
    const bad = client.chat.online.join({ room: 'a' }, { name: 42 } as never);
    await waitFor(() => bad.status === 'error');
    expect(bad.error?.code).toBe('BAD_INPUT');
    const big = client.chat.online.join({ room: 'a' }, { name: 'x'.repeat(100) });
    await waitFor(() => big.status === 'error');
    expect(big.error?.code).toBe('BAD_INPUT');
    expect(big.error?.message).toMatch(/more than 64/);
    const badRoom = client.chat.online.join({ room: 7 } as never, { name: 'a' });
    await waitFor(() => badRoom.status === 'error');
    expect(badRoom.error?.code).toBe('BAD_INPUT');
    const banned = client.chat.online.join({ room: 'secret' }, { name: 'a' });
    await waitFor(() => banned.status === 'error');
    expect(banned.error?.code).toBe('BANNED');

    const one = client.chat.online.join({ room: 'full' }, { name: 'a' });
    const two = connect().chat.online.join({ room: 'full' }, { name: 'b' });
    await waitFor(() => one.status === 'joined' && two.status === 'joined');
    const three = connect().chat.online.join({ room: 'full' }, { name: 'c' });
    await waitFor(() => three.status === 'error');
    expect(three.error?.code).toBe('LIMIT_EXCEEDED');
    expect(three.error?.data).toEqual({ limit: 'maxMembersPerRoom', max: 2 });

    const error = await one.update({ name: 'x'.repeat(100) }).catch((e: unknown) => e);
    expect(isRpcError(error) && error.code).toBe('BAD_INPUT');
  });

  it('counts two tabs of one user as one member; closing one keeps it', async () => {
    await using setupDone = await setup();
    const { connect } = setupDone;
    const watcher = connect(undefined, 'watcher').chat.online.join({ room: 'a' }, { name: 'w' });
    const tab1 = connect(undefined, 'ada');
    const tab2 = connect(undefined, 'ada');
    tab1.chat.online.join({ room: 'a' }, { name: 'ada-1' });
    const second = tab2.chat.online.join({ room: 'a' }, { name: 'ada-2' });
    await waitFor(() => second.status === 'joined');
    await waitFor(() => watcher.members().length === 2);
    expect(
      watcher
        .members()
        .map((m) => m.id)
        .sort(),
    ).toEqual(['ada', 'watcher']);
    // The member shows its newest entry's state.
    expect(watcher.members().find((m) => m.id === 'ada')?.state.name).toBe('ada-2');
    tab2.close();
    await waitFor(() => watcher.members().find((m) => m.id === 'ada')?.state.name === 'ada-1');
    tab1.close();
    await waitFor(() => watcher.members().length === 1);
  });

  it('keeps a dropped member through the grace period and a reconnect, without a flicker or a duplicate', async () => {
    await using setupDone = await setup({ graceMs: 60_000 });
    const { started, connect } = setupDone;
    await using proxy = await startTcpProxy(started.port);
    const watcher = connect().chat.online.join({ room: 'a' }, { name: 'w' });
    const flaky = connect(proxy.url()).chat.online.join({ room: 'a' }, { name: 'f' });
    await waitFor(() => watcher.members().length === 2 && flaky.status === 'joined');
    const counts: number[] = [];
    watcher.subscribe((members) => counts.push(members.length));
    // Reconnects are refused until the drop is seen: with a 10 ms backoff a loaded machine
    // could otherwise rejoin between two looks at the status.
    proxy.refuse();
    proxy.cut();
    await waitFor(() => flaky.status === 'rejoining');
    // State changed while away: the rejoin carries it.
    void flaky.update({ name: 'f2' });
    proxy.accept();
    await waitFor(() => flaky.status === 'joined');
    await waitFor(() => watcher.members().some((m) => m.state.name === 'f2'));
    expect(flaky.members()).toHaveLength(2);
    expect(watcher.members()).toHaveLength(2);
    expect(counts.every((count) => count === 2)).toBe(true);
  });

  it('drops a member whose connection is gone once the grace period ends, and one that closed at once', async () => {
    await using setupDone = await setup({ graceMs: 200 });
    const { started, connect } = setupDone;
    await using proxy = await startTcpProxy(started.port);
    const watcher = connect().chat.online.join({ room: 'a' }, { name: 'w' });
    const gone = connect(proxy.url()).chat.online.join({ room: 'a' }, { name: 'g' });
    const closing = connect();
    closing.chat.online.join({ room: 'a' }, { name: 'c' });
    await waitFor(() => watcher.members().length === 3 && gone.status === 'joined');
    closing.close();
    await waitFor(() => names(watcher.members()).join() === 'g,w');
    proxy.refuse();
    proxy.cut();
    await waitFor(() => names(watcher.members()).join() === 'w', { timeoutMs: 5_000 });
  });
});
