import { createClient, ErrorCode, isRpcError, type RpcError } from '@wirecall/client';
import { defineContract, query } from '@wirecall/core';
import {
  collector,
  openRawClient,
  startServer,
  startTcpProxy,
  startTodoServer,
  TodoStore,
  todoClient,
  waitFor,
} from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const texts = (todos: readonly { text: string }[]) => todos.map((todo) => todo.text);

describe('live queries: watch', () => {
  it('gives the first result, then every new one after a mutation invalidates it', async () => {
    const store = new TodoStore();
    store.add('a', 'milk');
    await using t = await startTodoServer(store);
    using client = todoClient(t.url);
    const { seen, listener } = collector<{ text: string }[]>();
    const stop = client.todos.list.watch({ listId: 'a' }, listener);
    await waitFor(() => seen.length === 1);
    expect(texts(seen[0] ?? [])).toEqual(['milk']);
    await client.todos.add({ listId: 'a', text: 'eggs' });
    await waitFor(() => seen.length === 2);
    expect(texts(seen[1] ?? [])).toEqual(['milk', 'eggs']);
    stop();
    await waitFor(() => t.server.liveStats().evaluations === 0);
  });

  it('works with for await, and leaving the loop stops the watch on the server', async () => {
    const store = new TodoStore();
    await using t = await startTodoServer(store);
    using client = todoClient(t.url);
    const seen: string[][] = [];
    for await (const todos of client.todos.list.watch({ listId: 'a' })) {
      seen.push(texts(todos));
      if (seen.length === 3) break;
      await client.todos.add({ listId: 'a', text: `item ${seen.length}` });
    }
    expect(seen).toEqual([[], ['item 1'], ['item 1', 'item 2']]);
    await waitFor(() => t.server.liveStats().evaluations === 0);
  });

  it('gives nothing to watchers of queries the invalidation does not touch', async () => {
    const store = new TodoStore();
    await using t = await startTodoServer(store);
    using client = todoClient(t.url);
    const a = collector<unknown>();
    const b = collector<unknown>();
    client.todos.list.watch({ listId: 'a' }, a.listener);
    client.todos.list.watch({ listId: 'b' }, b.listener);
    await waitFor(() => a.seen.length === 1 && b.seen.length === 1);
    const runsBefore = store.runs.list;
    for (let i = 0; i < 5; i++) await client.todos.add({ listId: 'a', text: `x${i}` });
    await waitFor(() => texts(a.seen.at(-1) as never).length === 5);
    // The list of b never re-ran, so it had nothing to send.
    expect(b.seen).toHaveLength(1);
    expect(store.runs.list - runsBefore).toBeLessThanOrEqual(5);
  });

  it('does not re-send a result that did not change', async () => {
    const store = new TodoStore();
    await using t = await startTodoServer(store);
    using client = todoClient(t.url);
    const { seen, listener } = collector<unknown>();
    client.todos.list.watch({ listId: 'a' }, listener);
    await waitFor(() => seen.length === 1);
    const runs = store.runs.list;
    await t.server.invalidate('list:a');
    await waitFor(() => store.runs.list === runs + 1);
    // A changed result after the unchanged one shows nothing was in the pipe.
    await client.todos.add({ listId: 'a', text: 'tea' });
    await waitFor(() => seen.length === 2);
    expect(texts(seen[1] as never)).toEqual(['tea']);
  });
});

describe('live queries: coalescing and sharing', () => {
  it('coalesces a burst of invalidations into one run, and the last state arrives', async () => {
    const store = new TodoStore();
    await using t = await startTodoServer(store);
    using client = todoClient(t.url);
    const { seen, listener } = collector<{ text: string }[]>();
    client.todos.list.watch({ listId: 'a' }, listener);
    await waitFor(() => seen.length === 1);
    const runs = store.runs.list;
    for (let i = 0; i < 100; i++) {
      store.add('a', `n${i}`);
      void t.server.invalidate('list:a');
    }
    await waitFor(() => seen.at(-1)?.length === 100);
    expect(store.runs.list - runs).toBe(1);
  });

  it('runs at most once more for invalidations that arrive while a run is in flight', async () => {
    const store = new TodoStore();
    await using t = await startTodoServer(store);
    using client = todoClient(t.url);
    const { seen, listener } = collector<{ text: string }[]>();
    client.todos.list.watch({ listId: 'a' }, listener);
    await waitFor(() => seen.length === 1);
    let open: () => void = () => {};
    store.gate = new Promise((resolve) => {
      open = resolve;
    });
    const runs = store.runs.list;
    await t.server.invalidate('list:a');
    await waitFor(() => store.runs.list === runs + 1);
    // The run is held before its read: these invalidations land between its track and its read.
    for (let i = 0; i < 20; i++) {
      store.add('a', `n${i}`);
      await t.server.invalidate('list:a');
    }
    store.gate = undefined;
    open();
    await waitFor(() => seen.at(-1)?.length === 20);
    expect(store.runs.list - runs).toBe(2);
  });

  it('shares one evaluation between identical watches of one connection', async () => {
    const store = new TodoStore();
    await using t = await startTodoServer(store);
    using client = todoClient(t.url);
    const watchers = Array.from({ length: 5 }, () => collector<unknown>());
    for (const { listener } of watchers) client.todos.list.watch({ listId: 'a' }, listener);
    await waitFor(() => watchers.every(({ seen }) => seen.length === 1));
    expect(t.server.liveStats().evaluations).toBe(1);
    const runs = store.runs.list;
    await client.todos.add({ listId: 'a', text: 'one' });
    await waitFor(() => watchers.every(({ seen }) => seen.length === 2));
    expect(store.runs.list - runs).toBe(1);
  });

  it('shares across connections only the queries declared shared', async () => {
    const store = new TodoStore();
    await using t = await startTodoServer(store);
    using ada = todoClient(t.url, 'ada');
    using bob = todoClient(t.url, 'bob');
    const names = [collector<string>(), collector<string>()] as const;
    ada.todos.whoami.watch(undefined, names[0].listener);
    bob.todos.whoami.watch(undefined, names[1].listener);
    await waitFor(() => names[0].seen.length === 1 && names[1].seen.length === 1);
    // Not shared: each user sees their own context.
    expect([names[0].seen[0], names[1].seen[0]]).toEqual(['ada', 'bob']);
    expect(t.server.liveStats().evaluations).toBe(2);
    const counts = [collector<number>(), collector<number>()] as const;
    ada.todos.count.watch(undefined, counts[0].listener);
    bob.todos.count.watch(undefined, counts[1].listener);
    await waitFor(() => counts[0].seen.length === 1 && counts[1].seen.length === 1);
    expect(t.server.liveStats().evaluations).toBe(3);
    const runs = store.runs.count;
    await ada.todos.add({ listId: 'z', text: 'shared' });
    await waitFor(() => counts[0].seen.at(-1) === 1 && counts[1].seen.at(-1) === 1);
    expect(store.runs.count - runs).toBe(1);
  });
});

describe('live queries: flow control and reconnects', () => {
  it('gives a slow watcher the newest result, not every one in between', async () => {
    const store = new TodoStore();
    await using t = await startTodoServer(store);
    using client = todoClient(t.url);
    const iterator = client.todos.list.watch({ listId: 'a' })[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual([]);
    // The consumer does not pull while 30 results come and go.
    for (let i = 0; i < 30; i++) {
      await client.todos.add({ listId: 'a', text: `n${i}` });
      await waitFor(() => store.runs.list >= i + 2);
    }
    const lengths: number[] = [];
    while (lengths.at(-1) !== 30) {
      const step = await iterator.next();
      lengths.push((step.value as unknown[]).length);
    }
    // At most the one result the window let through, then the newest.
    expect(lengths.length).toBeLessThanOrEqual(2);
    await iterator.return?.();
  });

  it('gives a fresh result after a reconnect', async () => {
    const store = new TodoStore();
    await using t = await startTodoServer(store);
    await using proxy = await startTcpProxy(t.port);
    using client = todoClient(proxy.url());
    const statuses: string[] = [];
    const { seen, listener } = collector<{ text: string }[]>();
    client.todos.list.watch({ listId: 'a' }, listener, {
      onStatusChange: (status) => statuses.push(status),
    });
    await waitFor(() => seen.length === 1);
    proxy.refuse();
    proxy.cut();
    await waitFor(() => statuses.includes('reconnecting'));
    // Changed while the client was away: no invalidation can reach it.
    store.add('a', 'while away');
    proxy.accept();
    await waitFor(() => seen.length === 2);
    expect(texts(seen[1] as never)).toEqual(['while away']);
    expect(statuses.at(-1)).toBe('live');
  });

  it('does not give an unchanged result again after a reconnect', async () => {
    const store = new TodoStore();
    await using t = await startTodoServer(store);
    await using proxy = await startTcpProxy(t.port);
    using client = todoClient(proxy.url());
    const statuses: string[] = [];
    const { seen, listener } = collector<unknown>();
    client.todos.list.watch({ listId: 'a' }, listener, {
      onStatusChange: (status) => statuses.push(status),
    });
    await waitFor(() => seen.length === 1);
    const runs = store.runs.list;
    proxy.cut();
    await waitFor(() => store.runs.list === runs + 1 && statuses.at(-1) === 'live');
    expect(seen).toHaveLength(1);
  });
});

describe('live queries: bad input and failures', () => {
  it('ends the watch with the typed error when a re-run throws', async () => {
    const store = new TodoStore();
    await using t = await startTodoServer(store);
    using client = todoClient(t.url);
    const errors: RpcError[] = [];
    const { seen, listener } = collector<number>();
    client.todos.broken.watch({ failOnRun: 2 }, listener, { onError: (e) => errors.push(e) });
    await waitFor(() => seen.length === 1);
    await t.server.invalidate('broken');
    await waitFor(() => errors.length === 1);
    expect(errors[0]?.code).toBe(ErrorCode.INTERNAL);
    expect(errors[0]?.message).not.toContain('database');
    await waitFor(() => t.server.liveStats().evaluations === 0);
  });

  it('refuses invalid input with BAD_INPUT, and for await throws it', async () => {
    const store = new TodoStore();
    await using t = await startTodoServer(store);
    using client = todoClient(t.url);
    const errors: RpcError[] = [];
    client.todos.list.watch({ listId: 7 } as never, () => {}, { onError: (e) => errors.push(e) });
    await waitFor(() => errors.length === 1);
    expect(errors[0]?.code).toBe(ErrorCode.BAD_INPUT);
    const loop = async () => {
      for await (const _ of client.todos.list.watch({} as never)) break;
    };
    await expect(loop()).rejects.toSatisfy((e) => isRpcError(e) && e.code === ErrorCode.BAD_INPUT);
  });

  it('refuses tags that are not non-empty strings, on the server and in handlers', async () => {
    const store = new TodoStore();
    await using t = await startTodoServer(store);
    expect(() => t.server.invalidate(7 as never)).toThrow(TypeError);
    expect(() => t.server.invalidate('')).toThrow(/non-empty strings/);
    await expect(t.server.invalidate()).resolves.toBeUndefined();
  });

  it('fails a live query whose handler tracks a tag that is no string, without crashing', async () => {
    const api = defineContract({ item: query({ input: z.object({ id: z.string() }).partial() }) });
    const reported: unknown[] = [];
    await using t = await startServer(api, {
      handlers: { item: ({ id }, ctx) => ctx.track(id as string) },
      onError: (error) => reported.push(error),
    });
    const client = createClient(api, { url: t.url });
    const errors: RpcError[] = [];
    client.item.watch({}, () => {}, { onError: (e) => errors.push(e) });
    await waitFor(() => errors.length === 1);
    expect(errors[0]?.code).toBe(ErrorCode.INTERNAL);
    expect(String(reported[0])).toMatch(/ctx.track\(\) takes non-empty strings/);
    await expect(client.item({ id: 'fine' })).resolves.toBeUndefined();
    client.close();
  });

  it('keeps ctx.track and ctx.invalidate when the connection context has keys of those names', async () => {
    const api = defineContract({ n: query({ output: z.number() }) });
    let runs = 0;
    await using t = await startServer(api, {
      context: () => ({ track: 'not a function', invalidate: 0 }),
      handlers: {
        n: (_input, ctx) => {
          ctx.track('n');
          return ++runs;
        },
      },
    });
    const client = createClient(api, { url: t.url });
    const seen: number[] = [];
    client.n.watch(undefined, (n) => seen.push(n));
    await waitFor(() => seen.length === 1);
    await t.server.invalidate('n');
    await waitFor(() => seen.length === 2);
    expect(seen).toEqual([1, 2]);
    client.close();
  });

  it('answers a watch of a mutation or an unknown path with NOT_FOUND', async () => {
    const store = new TodoStore();
    await using t = await startTodoServer(store);
    await using raw = await openRawClient(t.url);
    raw.send({ type: 'subscribe', id: 1, path: 'todos.add', credit: 1 });
    raw.send({ type: 'subscribe', id: 2, path: 'todos.nope', credit: 1 });
    await raw.next((m) => m.type === 'error' && m.id === 2);
    const codes = raw.received
      .filter((m) => m.type === 'error')
      .map((m) => (m.error as { code: string }).code);
    expect(codes).toEqual([ErrorCode.NOT_FOUND, ErrorCode.NOT_FOUND]);
  });

  it('sends results with their version on the wire', async () => {
    const store = new TodoStore();
    store.add('a', 'milk');
    await using t = await startTodoServer(store);
    await using raw = await openRawClient(t.url);
    raw.send({ type: 'subscribe', id: 1, path: 'todos.list', input: { listId: 'a' }, credit: 1 });
    const event = await raw.next((m) => m.type === 'event');
    expect(event.data).toEqual({
      version: expect.any(String),
      value: [{ id: 1, text: 'milk' }],
      liveVersion: expect.any(Number),
    });
  });
});
