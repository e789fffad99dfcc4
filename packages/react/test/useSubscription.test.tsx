// @vitest-environment jsdom

import { act, cleanup, render, renderHook, screen, waitFor } from '@testing-library/react';
import { type Client, isRpcError } from '@wirecall/client';
import { useSubscription, WirecallProvider } from '@wirecall/react';
import { waitFor as poll } from '@wirecall/test-utils';
import { type ReactNode, StrictMode, useEffect, useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { type api, startFixture } from './fixture.js';

afterEach(cleanup);

type ApiClient = Client<typeof api>;

function RoomStatus({ client, room }: { client: ApiClient; room: string }) {
  const { status } = useSubscription(client.chat.messages, { room });
  return <li>{status}</li>;
}

function CountingRoom({ client, effects }: { client: ApiClient; effects: { count: number } }) {
  useEffect(() => {
    effects.count++;
  }, [effects]);
  const { data, status } = useSubscription(client.chat.messages, { room: 'strict' });
  return (
    <p>
      {status}:{data?.text ?? '-'}
    </p>
  );
}

function SharedRoom({ client, onText }: { client: ApiClient; onText: (text: string) => void }) {
  const { data, status } = useSubscription(
    client.chat.messages,
    { room: 'shared' },
    { onData: (message) => onText(message.text) },
  );
  return (
    <li data-testid="room">
      {status}:{data?.text ?? '-'}
    </li>
  );
}

function Switcher({ client }: { client: ApiClient }) {
  const [room, setRoom] = useState('one');
  const { data } = useSubscription(client.chat.messages, { room }, { keep: 10 });
  return (
    <button type="button" onClick={() => setRoom(room === 'one' ? 'two' : 'one')}>
      {room}:{data.length}
    </button>
  );
}

const slow = { timeout: 5_000 };

describe('useSubscription', () => {
  it('goes live and shows the latest event', async () => {
    await using fx = await startFixture();
    const { result } = renderHook(() => useSubscription(fx.client.chat.messages, { room: 'a' }));
    expect(result.current.status).toBe('connecting');
    expect(result.current.data).toBeUndefined();
    await waitFor(() => expect(result.current.status).toBe('live'), slow);
    act(() => fx.publish('a', 'hello'));
    await waitFor(() => expect(result.current.data?.text).toBe('hello'), slow);
    act(() => fx.publish('a', 'again'));
    await waitFor(() => expect(result.current.data?.text).toBe('again'), slow);
    expect(result.current.error).toBeUndefined();
  });

  it('mounting and unmounting 1,000 subscribing components leaves no subscription on the server', async () => {
    await using fx = await startFixture();
    const rooms = Array.from({ length: 1_000 }, (_, i) => `room-${i}`);
    const view = render(
      <ul>
        {rooms.map((room) => (
          <RoomStatus key={room} client={fx.client} room={room} />
        ))}
      </ul>,
    );
    await poll(() => fx.started.server.stats().subscriptions === 1_000, { timeoutMs: 15_000 });
    expect(fx.log.started).toBe(1_000);
    view.unmount();
    await poll(() => fx.started.server.stats().subscriptions === 0, { timeoutMs: 15_000 });
    await poll(() => fx.log.finalized === 1_000, { timeoutMs: 15_000 });
    expect(fx.client.stats().subscriptions).toBe(0);
  });

  it('starts one server subscription under StrictMode, and ends it on unmount', async () => {
    await using fx = await startFixture();
    // Connected first, so a subscription ended by the double mount would reach the server.
    await poll(() => fx.client.state === 'open');
    const effects = { count: 0 };
    const view = render(
      <StrictMode>
        <CountingRoom client={fx.client} effects={effects} />
      </StrictMode>,
    );
    await screen.findByText('live:-', undefined, slow);
    expect(effects.count).toBe(2); // StrictMode did mount, unmount and mount again
    act(() => fx.publish('strict', 'once'));
    await screen.findByText('live:once', undefined, slow);
    expect(fx.log.subscribed).toBe(1);
    expect(fx.started.server.stats().subscriptions).toBe(1);
    view.unmount();
    await poll(() => fx.log.finalized === 1);
    expect(fx.started.server.stats().subscriptions).toBe(0);
  });

  it('resubscribes once when the input changes by value, not for an equal new object', async () => {
    await using fx = await startFixture();
    const { result, rerender } = renderHook(
      ({ room }: { room: string }) => useSubscription(fx.client.chat.messages, { room }),
      { initialProps: { room: 'a' } },
    );
    await waitFor(() => expect(result.current.status).toBe('live'), slow);
    rerender({ room: 'a' }); // a new object with the same content
    rerender({ room: 'a' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fx.log.subscribed).toBe(1);

    rerender({ room: 'b' });
    expect(result.current.status).toBe('connecting');
    await waitFor(() => expect(result.current.status).toBe('live'), slow);
    await poll(() => fx.log.finalized === 1);
    expect(fx.log.subscribed).toBe(2);
    expect(fx.started.server.stats().subscriptions).toBe(1);
    act(() => fx.publish('b', 'in b'));
    await waitFor(() => expect(result.current.data?.text).toBe('in b'), slow);
  });

  it('shares one server subscription between ten components with an equal input', async () => {
    await using fx = await startFixture();
    const seen: string[] = [];
    render(
      <ul>
        {Array.from({ length: 10 }, (_, n) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list
          <SharedRoom key={n} client={fx.client} onText={(text) => seen.push(`${n}:${text}`)} />
        ))}
      </ul>,
    );
    await waitFor(
      () =>
        expect(screen.getAllByTestId('room').map((li) => li.textContent)).toEqual(
          Array(10).fill('live:-'),
        ),
      slow,
    );
    expect(fx.started.server.stats().subscriptions).toBe(1);
    expect(fx.client.stats().subscriptions).toBe(1);
    act(() => fx.publish('shared', 'hi all'));
    await waitFor(
      () =>
        expect(screen.getAllByTestId('room').map((li) => li.textContent)).toEqual(
          Array(10).fill('live:hi all'),
        ),
      slow,
    );
    expect(seen).toHaveLength(10);
    expect(fx.log.subscribed).toBe(1);
  });

  it('shows the current value at once to a component that joins a live subscription', async () => {
    await using fx = await startFixture();
    const first = renderHook(() => useSubscription(fx.client.chat.messages, { room: 'late' }));
    await waitFor(() => expect(first.result.current.status).toBe('live'), slow);
    act(() => fx.publish('late', 'current'));
    await waitFor(() => expect(first.result.current.data?.text).toBe('current'), slow);
    const second = renderHook(() => useSubscription(fx.client.chat.messages, { room: 'late' }));
    expect(second.result.current).toMatchObject({ status: 'live', data: { text: 'current' } });
    expect(fx.log.started).toBe(1);
  });

  it('surfaces a declared error with its typed code and data', async () => {
    await using fx = await startFixture();
    const errors: unknown[] = [];
    const { result } = renderHook(() =>
      useSubscription(
        fx.client.chat.messages,
        { room: 'closed' },
        { onError: (e) => errors.push(e) },
      ),
    );
    await waitFor(() => expect(result.current.status).toBe('error'), slow);
    const { error } = result.current;
    expect(error?.code).toBe('ROOM_CLOSED');
    if (!isRpcError(error, 'ROOM_CLOSED', fx.client.chat.messages)) throw new Error('untyped');
    expect(error.data.room).toBe('closed');
    expect(errors).toEqual([error]);
  });

  it('surfaces a bad input as BAD_INPUT with the issue path', async () => {
    await using fx = await startFixture();
    const { result } = renderHook(() => useSubscription(fx.client.ticks, { count: 1.5 }));
    await waitFor(() => expect(result.current.status).toBe('error'), slow);
    const { error } = result.current;
    if (!isRpcError(error, 'BAD_INPUT')) throw new Error(`expected BAD_INPUT, got ${error?.code}`);
    expect(error.data.issues[0]?.path).toEqual(['count']);
  });

  it('keeps the last N events, or folds them with a reducer', async () => {
    await using fx = await startFixture();
    const kept = renderHook(() => useSubscription(fx.client.ticks, { count: 5 }, { keep: 3 }));
    const summed = renderHook(() =>
      useSubscription(
        fx.client.ticks,
        { count: 5 },
        {
          initialData: { total: 0, n: 0 },
          reduce: (acc, tick) => ({ total: acc.total + tick, n: acc.n + 1 }),
        },
      ),
    );
    await waitFor(() => expect(kept.result.current.data).toEqual([2, 3, 4]), slow);
    await waitFor(() => expect(summed.result.current.data).toEqual({ total: 10, n: 5 }), slow);
    // The source ended: the hook is idle and keeps its data.
    await waitFor(() => expect(kept.result.current.status).toBe('idle'), slow);
  });

  it('rejects a keep that is not a positive integer', async () => {
    await using fx = await startFixture({ lazy: true });
    expect(() =>
      renderHook(() => useSubscription(fx.client.ticks, { count: 1 }, { keep: 0 })),
    ).toThrow(/keep must be a positive integer/);
  });

  it('does nothing while disabled, and subscribes when enabled', async () => {
    await using fx = await startFixture();
    const { result, rerender } = renderHook(
      ({ enabled }: { enabled: boolean }) =>
        useSubscription(fx.client.chat.messages, { room: 'gate' }, { enabled }),
      { initialProps: { enabled: false } },
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(result.current.status).toBe('idle');
    expect(fx.log.started).toBe(0);
    rerender({ enabled: true });
    await waitFor(() => expect(result.current.status).toBe('live'), slow);
    rerender({ enabled: false });
    expect(result.current.status).toBe('idle');
    await poll(() => fx.log.finalized === 1);
  });

  it('subscribes to a procedure without input', async () => {
    await using fx = await startFixture();
    const { result } = renderHook(() => useSubscription(fx.client.clock));
    await waitFor(() => expect(result.current.data).toBeGreaterThanOrEqual(2), slow);
  });

  it('shows reconnecting while the connection is down, then live again with new events', async () => {
    await using fx = await startFixture();
    const { result } = renderHook(() => useSubscription(fx.client.chat.messages, { room: 'r' }), {
      wrapper: ({ children }: { children: ReactNode }) => (
        <WirecallProvider client={fx.client}>{children}</WirecallProvider>
      ),
    });
    await waitFor(() => expect(result.current.status).toBe('live'), slow);
    fx.proxy.refuse();
    act(() => fx.proxy.cut());
    await waitFor(() => expect(result.current.status).toBe('reconnecting'), slow);
    await poll(() => fx.log.finalized === 1);
    fx.proxy.accept();
    await waitFor(() => expect(result.current.status).toBe('live'), slow);
    act(() => fx.publish('r', 'after the drop'));
    await waitFor(() => expect(result.current.data?.text).toBe('after the drop'), slow);
  });

  it('moves between rooms without leaking a subscription', async () => {
    await using fx = await startFixture();
    render(<Switcher client={fx.client} />);
    for (let i = 0; i < 20; i++) act(() => screen.getByRole('button').click());
    await poll(() => fx.started.server.stats().subscriptions === 1, { timeoutMs: 5_000 });
    await poll(() => fx.log.started - fx.log.finalized === 1, { timeoutMs: 5_000 });
    cleanup();
    await poll(() => fx.started.server.stats().subscriptions === 0);
  });
});
