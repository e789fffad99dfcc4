// @vitest-environment jsdom

import { QueryClient, QueryClientProvider, useMutation, useQuery } from '@tanstack/react-query';
import { cleanup, renderHook, waitFor } from '@testing-library/react';
import { liveQueryOptions, mutationOptions, pathKey, queryOptions } from '@wirecall/tanstack-query';
import { startTodoServer, TodoStore, todoClient } from '@wirecall/test-utils';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';

afterEach(cleanup);

const slow = { timeout: 5_000 };

function setup() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
  );
  return { queryClient, wrapper };
}

describe('@tanstack/react-query: liveQueryOptions', () => {
  it('keeps the cache entry live: each new result replaces the data', async () => {
    const store = new TodoStore();
    await using t = await startTodoServer(store);
    using client = todoClient(t.url);
    const { queryClient, wrapper } = setup();
    const options = liveQueryOptions(client.todos.list, { listId: 'a' });
    const { result } = renderHook(() => useQuery(options), { wrapper });
    await waitFor(() => expect(result.current.data).toEqual([]), slow);
    await client.todos.add({ listId: 'a', text: 'milk' });
    await waitFor(() => expect(result.current.data).toEqual([{ id: 1, text: 'milk' }]), slow);
    await client.todos.add({ listId: 'a', text: 'eggs' });
    await waitFor(() => expect(result.current.data).toHaveLength(2), slow);
    // Replaced, never appended: the entry holds exactly the server's list.
    expect(queryClient.getQueryData(options.queryKey)).toEqual([
      { id: 1, text: 'milk' },
      { id: 2, text: 'eggs' },
    ]);
    expect(result.current.isStale).toBe(false);
    expect(options.queryKey).toEqual([['todos', 'list'], { input: { listId: 'a' }, type: 'live' }]);
  });

  it('stops the watch when the last observer unmounts, and the next mount watches afresh', async () => {
    const store = new TodoStore();
    await using t = await startTodoServer(store);
    using client = todoClient(t.url);
    const { wrapper } = setup();
    const options = liveQueryOptions(client.todos.list, { listId: 'a' });
    const first = renderHook(() => useQuery(options), { wrapper });
    await waitFor(() => expect(first.result.current.data).toEqual([]), slow);
    first.unmount();
    await waitFor(() => expect(t.server.liveStats().evaluations).toBe(0), slow);
    store.add('a', 'while unmounted');
    const second = renderHook(() => useQuery(options), { wrapper });
    await waitFor(
      () => expect(second.result.current.data).toEqual([{ id: 1, text: 'while unmounted' }]),
      slow,
    );
    expect(t.server.liveStats().evaluations).toBe(1);
  });

  it('prefetches for server rendering with one result, leaving no watch running', async () => {
    const store = new TodoStore();
    store.add('a', 'milk');
    await using t = await startTodoServer(store);
    using client = todoClient(t.url);
    const { queryClient, wrapper } = setup();
    const options = liveQueryOptions(client.todos.list, { listId: 'a' });
    await queryClient.prefetchQuery(options);
    expect(queryClient.getQueryData(options.queryKey)).toEqual([{ id: 1, text: 'milk' }]);
    await waitFor(() => expect(t.server.liveStats().evaluations).toBe(0), slow);
    // A component mounting later shows the prefetched data at once, refetches and goes live.
    const { result } = renderHook(() => useQuery(options), { wrapper });
    expect(result.current.data).toEqual([{ id: 1, text: 'milk' }]);
    await waitFor(() => expect(t.server.liveStats().evaluations).toBe(1), slow);
    await client.todos.add({ listId: 'a', text: 'eggs' });
    await waitFor(() => expect(result.current.data).toHaveLength(2), slow);
  });

  it('rejects with the typed error when the first result fails', async () => {
    const store = new TodoStore();
    await using t = await startTodoServer(store);
    using client = todoClient(t.url);
    const { wrapper } = setup();
    const { result } = renderHook(
      () => useQuery(liveQueryOptions(client.todos.list, { listId: 9 } as never)),
      { wrapper },
    );
    await waitFor(() => expect(result.current.status).toBe('error'), slow);
    expect(result.current.error).toMatchObject({ code: 'BAD_INPUT' });
  });
});

describe('@tanstack/react-query: queryOptions and mutationOptions', () => {
  it('calls the query, and a mutation invalidates plain queries by key prefix', async () => {
    const store = new TodoStore();
    await using t = await startTodoServer(store);
    using client = todoClient(t.url);
    const { wrapper } = setup();
    const list = renderHook(() => useQuery(queryOptions(client.todos.list, { listId: 'a' })), {
      wrapper,
    });
    await waitFor(() => expect(list.result.current.data).toEqual([]), slow);
    const add = renderHook(
      () =>
        useMutation(
          mutationOptions(client.todos.add, { invalidates: [pathKey(client.todos.list)] }),
        ),
      { wrapper },
    );
    const added = await add.result.current.mutateAsync({ listId: 'a', text: 'tea' });
    expect(added).toEqual({ id: 1, text: 'tea' });
    await waitFor(() => expect(list.result.current.data).toEqual([added]), slow);
  });

  it('refuses what is no procedure handle', () => {
    expect(() => queryOptions({} as never)).toThrow(TypeError);
    expect(() => liveQueryOptions((() => {}) as never)).toThrow(/query handle/);
    expect(() => mutationOptions({} as never)).toThrow(/mutation handle/);
    expect(() => pathKey({} as never)).toThrow(TypeError);
  });
});
