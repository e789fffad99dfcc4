import { createMutation, createQuery, QueryClient } from '@tanstack/solid-query';
import { liveQueryOptions, mutationOptions, pathKey, queryOptions } from '@wirecall/tanstack-query';
import { startTodoServer, TodoStore, todoClient, waitFor } from '@wirecall/test-utils';
import { createRoot } from 'solid-js';
import { describe, expect, it } from 'vitest';

/** Runs a primitive in a reactive root of its own, as a component would; disposed by `using`. */
function inRoot<T>(primitive: () => T) {
  let dispose = () => {};
  const result = createRoot((done) => {
    dispose = done;
    return primitive();
  });
  return Object.assign({ result }, { [Symbol.dispose]: () => dispose() });
}

describe('@tanstack/solid-query', () => {
  it('keeps a live query fresh, replacing its data with each new result', async () => {
    const store = new TodoStore();
    await using t = await startTodoServer(store);
    using client = todoClient(t.url);
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    using live = inRoot(() =>
      createQuery(
        () => liveQueryOptions(client.todos.list, { listId: 'a' }),
        () => queryClient,
      ),
    );
    await waitFor(() => live.result.data?.length === 0);
    await client.todos.add({ listId: 'a', text: 'milk' });
    // Read-your-own-writes: the answer came after the new result, which is in the cache now.
    expect(live.result.data?.map((todo) => todo.text)).toEqual(['milk']);
    await client.todos.add({ listId: 'a', text: 'eggs' });
    expect(live.result.data?.map((todo) => todo.text)).toEqual(['milk', 'eggs']);
    const cached = queryClient.getQueryData(
      liveQueryOptions(client.todos.list, { listId: 'a' }).queryKey,
    );
    expect(cached).toHaveLength(2);
  });

  it('stops the watch when the root is disposed', async () => {
    const store = new TodoStore();
    await using t = await startTodoServer(store);
    using client = todoClient(t.url);
    const queryClient = new QueryClient();
    {
      using live = inRoot(() =>
        createQuery(
          () => liveQueryOptions(client.todos.count),
          () => queryClient,
        ),
      );
      await waitFor(() => live.result.data === 0);
      expect(t.server.liveStats().evaluations).toBe(1);
    }
    await waitFor(() => t.server.liveStats().evaluations === 0);
  });

  it('runs plain queries, and a mutation invalidates them by key prefix', async () => {
    const store = new TodoStore();
    await using t = await startTodoServer(store);
    using client = todoClient(t.url);
    const queryClient = new QueryClient();
    using plain = inRoot(() =>
      createQuery(
        () => queryOptions(client.todos.list, { listId: 'a' }),
        () => queryClient,
      ),
    );
    using add = inRoot(() =>
      createMutation(
        () => mutationOptions(client.todos.add, { invalidates: [pathKey(client.todos.list)] }),
        () => queryClient,
      ),
    );
    await waitFor(() => plain.result.data?.length === 0);
    await add.result.mutateAsync({ listId: 'a', text: 'tea' });
    await waitFor(() => plain.result.data?.[0]?.text === 'tea');
  });
});
