// @vitest-environment jsdom

import { cleanup, renderHook, waitFor } from '@testing-library/react';
import { useLiveQuery } from '@wirecall/react';
import { startTodoServer, TodoStore, todoClient } from '@wirecall/test-utils';
import { afterEach, describe, expect, it } from 'vitest';

afterEach(cleanup);

const slow = { timeout: 5_000 };

describe('useLiveQuery', () => {
  it('shows the first result, then each new one a mutation causes', async () => {
    const store = new TodoStore();
    await using t = await startTodoServer(store);
    using client = todoClient(t.url);
    const { result } = renderHook(() => useLiveQuery(client.todos.list, { listId: 'a' }));
    expect(result.current).toMatchObject({ status: 'pending', data: undefined, stale: false });
    await waitFor(() => expect(result.current.status).toBe('success'), slow);
    expect(result.current.data).toEqual([]);
    await client.todos.add({ listId: 'a', text: 'milk' });
    await waitFor(() => expect(result.current.data).toEqual([{ id: 1, text: 'milk' }]), slow);
  });

  it('watches the new input when it changes by value, and stops watching on unmount', async () => {
    const store = new TodoStore();
    store.add('b', 'tea');
    await using t = await startTodoServer(store);
    using client = todoClient(t.url);
    const { result, rerender, unmount } = renderHook(
      ({ listId }) => useLiveQuery(client.todos.list, { listId }),
      { initialProps: { listId: 'a' } },
    );
    await waitFor(() => expect(result.current.data).toEqual([]), slow);
    rerender({ listId: 'a' });
    rerender({ listId: 'b' });
    await waitFor(() => expect(result.current.data).toEqual([{ id: 1, text: 'tea' }]), slow);
    await waitFor(() => expect(t.server.liveStats().evaluations).toBe(1), slow);
    unmount();
    await waitFor(() => expect(t.server.liveStats().evaluations).toBe(0), slow);
  });

  it('shows the error that ended the watch, keeping the last data', async () => {
    const store = new TodoStore();
    await using t = await startTodoServer(store);
    using client = todoClient(t.url);
    const { result } = renderHook(() => useLiveQuery(client.todos.broken, { failOnRun: 2 }));
    await waitFor(() => expect(result.current.data).toBe(1), slow);
    await t.server.invalidate('broken');
    await waitFor(() => expect(result.current.status).toBe('error'), slow);
    expect(result.current).toMatchObject({ data: 1, error: { code: 'INTERNAL' } });
  });

  it('refuses what is no query handle', () => {
    expect(() => renderHook(() => useLiveQuery({} as never))).toThrow(/procedure handle/);
  });
});
