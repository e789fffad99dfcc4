import {
  type ErrorOf,
  hashInput,
  type InputArgs,
  LiveQueryObserver,
  type LiveQuerySnapshot,
  type OutputOf,
  type QueryHandle,
} from '@wirecall/client';
import type { InputOf, QueryDefinition } from '@wirecall/core';
import { useMemo, useSyncExternalStore } from 'react';

/** Options of {@link useLiveQuery}. */
export interface UseLiveQueryOptions {
  /** Whether to watch while mounted. @default true */
  enabled?: boolean;
}

/** What {@link useLiveQuery} returns. */
export type UseLiveQueryResult<TOutput, TError> = LiveQuerySnapshot<TOutput, TError>;

/**
 * Watches a query while mounted and re-renders with every new result the server sends (after a
 * mutation invalidates what it tracked): `onSnapshot` for any query. A change of input by value
 * watches the new input; unmounting stops the watch. A hook over the client's `LiveQueryObserver`.
 * @example
 * const { data: todos, status, stale } = useLiveQuery(client.todos.list, { listId });
 */
export function useLiveQuery<TProcedure extends QueryDefinition>(
  handle: QueryHandle<TProcedure>,
  ...args: InputArgs<InputOf<TProcedure>, UseLiveQueryOptions>
): UseLiveQueryResult<OutputOf<TProcedure>, ErrorOf<TProcedure>> {
  const [input, options = {}] = args as [InputOf<TProcedure>, UseLiveQueryOptions?];
  const key = hashInput(input);
  const enabled = options.enabled ?? true;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the input is compared by value (key).
  const observer = useMemo(
    () =>
      new LiveQueryObserver(
        handle,
        ...([input, { enabled }] as InputArgs<InputOf<TProcedure>, UseLiveQueryOptions>),
      ),
    [handle, key, enabled],
  );
  return useSyncExternalStore(observer.subscribe, observer.getSnapshot, observer.getServerSnapshot);
}
