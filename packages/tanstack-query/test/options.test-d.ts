import { useMutation, useQuery } from '@tanstack/react-query';
import { useQuery as useVueQuery } from '@tanstack/vue-query';
import { createClient } from '@wirecall/client';
import {
  liveQueryOptions,
  mutationOptions,
  queryOptions,
  type WirecallQueryKey,
} from '@wirecall/tanstack-query';
import { todosContract as api } from '@wirecall/test-utils';
import { describe, expectTypeOf, it } from 'vitest';

const client = createClient(api, { url: 'ws://localhost:8080', lazy: true });
type Todo = { id: number; text: string };

describe('TanStack options', () => {
  it('infers the data of queryOptions and liveQueryOptions in react-query', () => {
    expectTypeOf(useQuery(queryOptions(client.todos.list, { listId: 'a' })).data).toEqualTypeOf<
      Todo[] | undefined
    >();
    expectTypeOf(useQuery(liveQueryOptions(client.todos.list, { listId: 'a' })).data).toEqualTypeOf<
      Todo[] | undefined
    >();
    expectTypeOf(useQuery(liveQueryOptions(client.todos.count)).data).toEqualTypeOf<
      number | undefined
    >();
  });

  it('infers the data in vue-query', () => {
    const { data } = useVueQuery(liveQueryOptions(client.todos.list, { listId: 'a' }));
    expectTypeOf(data.value).toEqualTypeOf<Todo[] | undefined>();
  });

  it('types the key and the mutation', () => {
    expectTypeOf(liveQueryOptions(client.todos.list, { listId: 'a' }).queryKey).toEqualTypeOf<
      WirecallQueryKey<{ listId: string }>
    >();
    const add = useMutation(mutationOptions(client.todos.add));
    expectTypeOf(add.mutateAsync).parameter(0).toEqualTypeOf<{ listId: string; text: string }>();
    expectTypeOf(add.data).toEqualTypeOf<Todo | undefined>();
  });

  it('refuses wrong input and the wrong kind of procedure', () => {
    // @ts-expect-error listId must be a string
    liveQueryOptions(client.todos.list, { listId: 1 });
    // @ts-expect-error a mutation is no query
    queryOptions(client.todos.add, { listId: 'a', text: 'x' });
    // @ts-expect-error a query is no mutation
    mutationOptions(client.todos.list);
  });
});
