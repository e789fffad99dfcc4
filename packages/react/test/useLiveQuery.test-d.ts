import { createClient } from '@wirecall/client';
import { useLiveQuery } from '@wirecall/react';
import { todosContract as api } from '@wirecall/test-utils';
import { describe, expectTypeOf, it } from 'vitest';

const client = createClient(api, { url: 'ws://localhost:8080', lazy: true });

describe('useLiveQuery', () => {
  it('types data by the output', () => {
    const { data } = useLiveQuery(client.todos.list, { listId: 'a' });
    expectTypeOf(data).toEqualTypeOf<{ id: number; text: string }[] | undefined>();
    expectTypeOf(useLiveQuery(client.todos.count).data).toEqualTypeOf<number | undefined>();
  });

  it('refuses wrong input and mutations', () => {
    // @ts-expect-error listId must be a string
    useLiveQuery(client.todos.list, { listId: 1 });
    // @ts-expect-error only queries can be watched
    useLiveQuery(client.todos.add, { listId: 'a', text: 'x' });
  });
});
