import { QueryClient, useQuery } from '@tanstack/vue-query';
import { liveQueryOptions, queryOptions } from '@wirecall/tanstack-query';
import { startTodoServer, TodoStore, todoClient, waitFor } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';
import { effectScope } from 'vue';

/** Runs a composable in a scope of its own, as a component's setup would; stopped by `using`. */
function inScope<T>(composable: () => T) {
  const scope = effectScope();
  const result = scope.run(composable) as T;
  return Object.assign({ result }, { [Symbol.dispose]: () => scope.stop() });
}

describe('@tanstack/vue-query', () => {
  it('keeps a live query fresh, replacing its data with each new result', async () => {
    const store = new TodoStore();
    await using t = await startTodoServer(store);
    using client = todoClient(t.url);
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    using live = inScope(() =>
      useQuery(liveQueryOptions(client.todos.list, { listId: 'a' }), queryClient),
    );
    await waitFor(() => live.result.data.value?.length === 0);
    await client.todos.add({ listId: 'a', text: 'milk' });
    await waitFor(() => live.result.data.value?.length === 1);
    await client.todos.add({ listId: 'a', text: 'eggs' });
    await waitFor(() => live.result.data.value?.length === 2);
    expect(live.result.data.value?.map((todo) => todo.text)).toEqual(['milk', 'eggs']);
  });

  it('stops the watch when the scope is disposed', async () => {
    const store = new TodoStore();
    await using t = await startTodoServer(store);
    using client = todoClient(t.url);
    const queryClient = new QueryClient();
    {
      using live = inScope(() => useQuery(liveQueryOptions(client.todos.count), queryClient));
      await waitFor(() => live.result.data.value === 0);
      expect(t.server.liveStats().evaluations).toBe(1);
    }
    await waitFor(() => t.server.liveStats().evaluations === 0);
  });

  it('runs a plain query', async () => {
    const store = new TodoStore();
    store.add('a', 'tea');
    await using t = await startTodoServer(store);
    using client = todoClient(t.url);
    const queryClient = new QueryClient();
    using plain = inScope(() =>
      useQuery(queryOptions(client.todos.list, { listId: 'a' }), queryClient),
    );
    await waitFor(() => plain.result.data.value?.[0]?.text === 'tea');
  });
});
