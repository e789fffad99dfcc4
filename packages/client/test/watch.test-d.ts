import {
  createClient,
  type ErrorOf,
  LiveQueryObserver,
  type LiveQueryStatus,
  type RpcError,
} from '@wirecall/client';
import { todosContract as api } from '@wirecall/test-utils';
import { describe, expectTypeOf, it } from 'vitest';

const client = createClient(api, { url: 'ws://localhost:8080', lazy: true });

type Todo = { id: number; text: string };

describe('watch', () => {
  it('types the listener by the output and returns the stop function', () => {
    const stop = client.todos.list.watch({ listId: 'a' }, (todos) => {
      expectTypeOf(todos).toEqualTypeOf<Todo[]>();
    });
    expectTypeOf(stop).toEqualTypeOf<() => void>();
  });

  it('is an async iterable of outputs without a listener', () => {
    const results = client.todos.list.watch({ listId: 'a' });
    expectTypeOf(results).toEqualTypeOf<AsyncIterable<Todo[]>>();
  });

  it('types onError by the procedure', () => {
    client.todos.list.watch({ listId: 'a' }, () => {}, {
      onError: (error) => {
        expectTypeOf(error).toEqualTypeOf<ErrorOf<typeof api.todos.list>>();
        expectTypeOf(error).toExtend<RpcError>();
      },
    });
  });

  it('lets a query without input be watched without one', () => {
    expectTypeOf(client.todos.count.watch()).toEqualTypeOf<AsyncIterable<number>>();
    client.todos.count.watch(undefined, (count) => expectTypeOf(count).toEqualTypeOf<number>());
  });

  it('refuses wrong input, and has no watch on mutations', () => {
    // @ts-expect-error listId must be a string
    client.todos.list.watch({ listId: 1 }, () => {});
    // @ts-expect-error the input is required
    client.todos.list.watch();
    // @ts-expect-error only queries can be watched
    client.todos.add.watch;
  });
});

describe('LiveQueryObserver', () => {
  it('types data by the output', () => {
    const observer = new LiveQueryObserver(client.todos.list, { listId: 'a' });
    const { data, status, error, stale } = observer.getSnapshot();
    expectTypeOf(data).toEqualTypeOf<Todo[] | undefined>();
    expectTypeOf(status).toEqualTypeOf<LiveQueryStatus>();
    expectTypeOf(error).toEqualTypeOf<ErrorOf<typeof api.todos.list> | undefined>();
    expectTypeOf(stale).toEqualTypeOf<boolean>();
  });
});
