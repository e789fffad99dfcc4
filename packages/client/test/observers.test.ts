// The client's observers driven as a UI binding would, with no UI library at all: a listener per
// observer, snapshots read after each notification, against a real server behind a TCP proxy.
import {
  createClient,
  isRpcError,
  MutationObserver,
  QueryObserver,
  SubscriptionObserver,
} from '@wirecall/client';
import { liveContract, startLiveFixture, waitFor } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';

/** Subscribes to an observer and records each snapshot it notifies about. */
function watch<TSnapshot>(observer: {
  subscribe(listener: () => void): () => void;
  getSnapshot(): TSnapshot;
}): { readonly snapshots: TSnapshot[]; readonly latest: () => TSnapshot; stop: () => void } {
  const snapshots: TSnapshot[] = [];
  const stop = observer.subscribe(() => snapshots.push(observer.getSnapshot()));
  return { snapshots, latest: () => observer.getSnapshot(), stop };
}

/** Lets the observers' deferred release (one microtask) run. */
const nextTick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('SubscriptionObserver', () => {
  it('goes live and shows the latest event, with a stable snapshot between changes', async () => {
    await using fx = await startLiveFixture();
    const observer = new SubscriptionObserver(fx.client.chat.messages, { room: 'a' });
    expect(observer.getSnapshot()).toEqual({
      data: undefined,
      status: 'connecting',
      error: undefined,
    });
    const view = watch(observer);
    await waitFor(() => view.latest().status === 'live');
    expect(observer.getSnapshot()).toBe(observer.getSnapshot());
    fx.publish('a', 'hello');
    await waitFor(() => view.latest().data?.text === 'hello');
    fx.publish('a', 'again');
    await waitFor(() => view.latest().data?.text === 'again');
    expect(view.snapshots.map((s) => s.data?.text ?? s.status)).toEqual(['live', 'hello', 'again']);
    view.stop();
  });

  it('shares one server subscription between observers of equal inputs on one client', async () => {
    await using fx = await startLiveFixture();
    const first = new SubscriptionObserver(fx.client.chat.messages, { room: 'shared' });
    const second = new SubscriptionObserver(fx.client.chat.messages, { room: 'shared' });
    const a = watch(first);
    const b = watch(second);
    await waitFor(() => a.latest().status === 'live' && b.latest().status === 'live');
    fx.publish('shared', 'one');
    await waitFor(() => a.latest().data?.text === 'one' && b.latest().data?.text === 'one');
    expect(fx.log.subscribed).toBe(1);
    expect(fx.started.server.stats().subscriptions).toBe(1);
    expect(fx.client.stats().subscriptions).toBe(1);
    a.stop();
    b.stop();
  });

  it('does not share between two clients', async () => {
    await using fx = await startLiveFixture();
    const other = createClient(liveContract, { url: fx.proxy.url() });
    try {
      const a = watch(new SubscriptionObserver(fx.client.chat.messages, { room: 'r' }));
      const b = watch(new SubscriptionObserver(other.chat.messages, { room: 'r' }));
      await waitFor(() => a.latest().status === 'live' && b.latest().status === 'live');
      expect(fx.log.subscribed).toBe(2);
      expect(fx.client.stats().subscriptions).toBe(1);
      expect(other.stats().subscriptions).toBe(1);
      a.stop();
      await waitFor(() => fx.log.finalized === 1);
      // The other client's subscription is its own: it still gets events.
      fx.publish('r', 'still here');
      await waitFor(() => b.latest().data?.text === 'still here');
      b.stop();
      await waitFor(() => fx.log.finalized === 2);
    } finally {
      other.close();
    }
  });

  it('counts references: ends on the server when the last listener leaves, not before', async () => {
    await using fx = await startLiveFixture();
    const first = new SubscriptionObserver(fx.client.chat.messages, { room: 'rc' });
    const second = new SubscriptionObserver(fx.client.chat.messages, { room: 'rc' });
    const a1 = watch(first);
    const a2 = watch(first);
    const b = watch(second);
    await waitFor(() => b.latest().status === 'live');
    a1.stop();
    a2.stop();
    a2.stop(); // stopping twice is harmless
    await nextTick();
    fx.publish('rc', 'kept');
    await waitFor(() => b.latest().data?.text === 'kept');
    expect(fx.log.finalized).toBe(0);
    b.stop();
    await waitFor(() => fx.log.finalized === 1);
    expect(fx.started.server.stats().subscriptions).toBe(0);
    expect(fx.client.stats().subscriptions).toBe(0);
    expect(fx.log.subscribed).toBe(1);
  });

  it('keeps the server subscription across a leave and a join in the same turn', async () => {
    await using fx = await startLiveFixture();
    const before = watch(new SubscriptionObserver(fx.client.chat.messages, { room: 'swap' }));
    await waitFor(() => before.latest().status === 'live');
    before.stop();
    const after = watch(new SubscriptionObserver(fx.client.chat.messages, { room: 'swap' }));
    expect(after.latest().status).toBe('live');
    await nextTick();
    expect(fx.log.subscribed).toBe(1);
    after.stop();
    await waitFor(() => fx.log.finalized === 1);
    // After the end, a new observer starts a new subscription.
    const again = watch(new SubscriptionObserver(fx.client.chat.messages, { room: 'swap' }));
    await waitFor(() => again.latest().status === 'live');
    expect(fx.log.subscribed).toBe(2);
    again.stop();
  });

  it('starts a joining observer from the newest event; a fold starts from its initial data', async () => {
    await using fx = await startLiveFixture();
    const first = watch(new SubscriptionObserver(fx.client.chat.messages, { room: 'late' }));
    await waitFor(() => first.latest().status === 'live');
    fx.publish('late', 'news');
    await waitFor(() => first.latest().data?.text === 'news');
    const late = new SubscriptionObserver(fx.client.chat.messages, { room: 'late' });
    expect(late.getSnapshot().data?.text).toBe('news');
    const folded = new SubscriptionObserver(
      fx.client.chat.messages,
      { room: 'late' },
      { initialData: [] as string[], reduce: (texts, message) => [...texts, message.text] },
    );
    const fold = watch(folded);
    expect(fold.latest().data).toEqual([]);
    fx.publish('late', 'x');
    fx.publish('late', 'y');
    await waitFor(() => fold.latest().data.length === 2);
    expect(fold.latest().data).toEqual(['x', 'y']);
    first.stop();
    fold.stop();
  });

  it('reports a typed error once and does not hand the failed subscription to new observers', async () => {
    await using fx = await startLiveFixture();
    const errors: unknown[] = [];
    const observer = new SubscriptionObserver(
      fx.client.chat.messages,
      { room: 'closed' },
      { onError: (error) => errors.push(error) },
    );
    const view = watch(observer);
    await waitFor(() => view.latest().status === 'error');
    const { error } = view.latest();
    if (!isRpcError(error, 'ROOM_CLOSED', fx.client.chat.messages)) throw new Error('untyped');
    expect(error.data.room).toBe('closed');
    expect(errors).toEqual([error]);
    const fresh = watch(new SubscriptionObserver(fx.client.chat.messages, { room: 'closed' }));
    await waitFor(() => fresh.latest().status === 'error');
    expect(fresh.latest().error).not.toBe(error);
    view.stop();
    fresh.stop();
  });

  it('shows reconnecting while the connection is down and goes live again', async () => {
    await using fx = await startLiveFixture();
    const view = watch(new SubscriptionObserver(fx.client.clock));
    await waitFor(() => view.latest().status === 'live');
    fx.proxy.cut();
    await waitFor(() => view.snapshots.some((s) => s.status === 'reconnecting'));
    await waitFor(() => view.latest().status === 'live');
    view.stop();
  });

  it('ends with its client: closing the client settles every observer and frees the entries', async () => {
    await using fx = await startLiveFixture();
    const other = createClient(liveContract, { url: fx.proxy.url() });
    const closing = watch(new SubscriptionObserver(fx.client.chat.messages, { room: 'c' }));
    const staying = watch(new SubscriptionObserver(other.chat.messages, { room: 'c' }));
    const slow = watch(new QueryObserver(fx.client.slow, { ms: 10_000 }));
    await waitFor(() => closing.latest().status === 'live' && staying.latest().status === 'live');
    fx.client.close();
    await waitFor(() => closing.latest().status !== 'live' && slow.latest().status === 'error');
    expect(closing.latest().error?.code).toBe('CONNECTION_CLOSED');
    expect(slow.latest().error?.code).toBe('CONNECTION_CLOSED');
    // The ended subscription is no longer handed out: a new observer does not start as `error`.
    const late = new SubscriptionObserver(fx.client.chat.messages, { room: 'c' });
    expect(late.getSnapshot().status).toBe('connecting');
    await waitFor(() => fx.log.finalized === 1);
    fx.publish('c', 'for the other client');
    await waitFor(() => staying.latest().data?.text === 'for the other client');
    closing.stop();
    slow.stop();
    staying.stop();
    other.close();
  });

  it('stays idle and opens nothing when disabled', async () => {
    await using fx = await startLiveFixture();
    const view = watch(
      new SubscriptionObserver(fx.client.chat.messages, { room: 'off' }, { enabled: false }),
    );
    expect(view.latest().status).toBe('idle');
    await nextTick();
    expect(fx.client.stats().subscriptions).toBe(0);
    view.stop();
  });

  it('refuses what is not a procedure handle of a client, and a reduce that is no function', async () => {
    await using fx = await startLiveFixture({ lazy: true });
    const fake = { path: 'chat.messages', subscribe: () => ({ unsubscribe() {} }) };
    expect(() => new SubscriptionObserver(fake as never, { room: 'a' })).toThrow(TypeError);
    expect(() => new QueryObserver(null as never)).toThrow(/procedure handle of a wirecall client/);
    expect(
      () =>
        new SubscriptionObserver(fx.client.chat.messages, { room: 'a' }, {
          initialData: 0,
          reduce: 'sum',
        } as never),
    ).toThrow(/reduce must be a function/);
  });
});

describe('QueryObserver', () => {
  it('fetches for its first listener and shares the call between equal inputs', async () => {
    await using fx = await startLiveFixture();
    const first = new QueryObserver(fx.client.greet, { name: 'Ada' });
    const second = new QueryObserver(fx.client.greet, { name: 'Ada' });
    expect(first.getSnapshot().status).toBe('pending');
    expect(fx.log.greeted).toBe(0); // nothing runs before someone listens
    const a = watch(first);
    const b = watch(second);
    await waitFor(() => a.latest().status === 'success' && b.latest().status === 'success');
    expect(a.latest().data).toBe('Hello, Ada!');
    expect(b.latest().data).toBe('Hello, Ada!');
    expect(fx.log.greeted).toBe(1);
    a.stop();
    b.stop();
  });

  it('does not share between two clients', async () => {
    await using fx = await startLiveFixture();
    const other = createClient(liveContract, { url: fx.proxy.url() });
    try {
      const a = watch(new QueryObserver(fx.client.now));
      const b = watch(new QueryObserver(other.now));
      await waitFor(() => a.latest().status === 'success' && b.latest().status === 'success');
      expect(fx.log.nowCalls).toBe(2);
      expect(new Set([a.latest().data, b.latest().data])).toEqual(new Set([1, 2]));
      a.stop();
      b.stop();
    } finally {
      other.close();
    }
  });

  it('cancels a call in flight when the last listener leaves', async () => {
    await using fx = await startLiveFixture();
    const a = watch(new QueryObserver(fx.client.slow, { ms: 10_000 }));
    const b = watch(new QueryObserver(fx.client.slow, { ms: 10_000 }));
    await waitFor(() => fx.started.server.stats().calls === 1);
    a.stop();
    await nextTick();
    expect(fx.log.slowAborted).toBe(0);
    b.stop();
    await waitFor(() => fx.log.slowAborted === 1);
    expect(fx.client.stats().calls).toBe(0);
  });

  it('types and reports a failed fetch, and refetches with no listener', async () => {
    await using fx = await startLiveFixture();
    const shy = new QueryObserver(fx.client.greet, { name: 'shy' });
    const view = watch(shy);
    await waitFor(() => view.latest().status === 'error');
    const { error } = view.latest();
    if (!isRpcError(error, 'SHY', fx.client.greet)) throw new Error(`got ${error?.code}`);
    expect(error.data.name).toBe('shy');
    view.stop();
    const idle = new QueryObserver(fx.client.now, undefined, { enabled: false });
    await idle.refetch();
    expect(fx.log.nowCalls).toBe(1);
  });

  it('stays idle when disabled and refetches after a reconnect when asked', async () => {
    await using fx = await startLiveFixture();
    const off = watch(new QueryObserver(fx.client.greet, { name: 'x' }, { enabled: false }));
    expect(off.latest().status).toBe('idle');
    const live = watch(new QueryObserver(fx.client.now, undefined, { refetchOnReconnect: true }));
    await waitFor(() => live.latest().data === 1);
    fx.proxy.cut();
    await waitFor(() => live.latest().data === 2);
    expect(live.latest().status).toBe('success');
    expect(fx.log.greeted).toBe(0);
    off.stop();
    live.stop();
  });
});

describe('MutationObserver', () => {
  it('runs calls, shows the latest one and types its error', async () => {
    await using fx = await startLiveFixture();
    const settled: string[] = [];
    const send = new MutationObserver(fx.client.chat.send, {
      onSettled: (data, error) => settled.push(data?.id ?? error?.code ?? '?'),
    });
    const view = watch(send);
    const result = await send.mutateAsync({ room: 'a', text: 'hi' });
    expect(view.latest()).toEqual({ status: 'success', data: result, error: undefined });
    await expect(send.mutateAsync({ room: 'closed', text: 'hi' })).rejects.toMatchObject({
      code: 'ROOM_CLOSED',
    });
    const { error } = view.latest();
    if (!isRpcError(error, 'ROOM_CLOSED', fx.client.chat.send)) throw new Error('untyped');
    expect(error.data.room).toBe('closed');
    expect(view.snapshots.map((s) => s.status)).toEqual(['pending', 'success', 'pending', 'error']);
    expect(settled).toEqual([result.id, 'ROOM_CLOSED']);
    send.reset();
    expect(view.latest().status).toBe('idle');
    view.stop();
  });
});
