import {
  type CallHandle,
  type ErrorOf,
  hashInput,
  type InputArgs,
  type OutputOf,
  QueryObserver,
  type QuerySnapshot,
} from '@wirecall/client';
import type { InputOf, QueryDefinition } from '@wirecall/core';
import { useContext, useMemo, useSyncExternalStore } from 'react';
import { WirecallContext } from './WirecallProvider.js';

/** Options of {@link useQuery}. */
export interface UseQueryOptions {
  /** Whether to fetch when mounted; `refetch()` still works when `false`. @default true */
  enabled?: boolean;
  /**
   * Fetch again each time the connection comes back after a drop, to catch up with what changed
   * meanwhile. Needs a `WirecallProvider`. @default false
   */
  refetchOnReconnect?: boolean;
}

/** What {@link useQuery} returns. */
export type UseQueryResult<TOutput, TError> = QuerySnapshot<TOutput, TError>;

/**
 * Runs a query when mounted and re-renders with its result. Components asking the same procedure
 * with an equal input share one call; a change of input by value fetches again. Unmounting the
 * last component cancels a call still in flight. A hook over the client's `QueryObserver`.
 * @example
 * const { data, status, error, refetch } = useQuery(client.chat.history, { room });
 */
export function useQuery<TProcedure extends QueryDefinition>(
  handle: CallHandle<TProcedure>,
  ...args: InputArgs<InputOf<TProcedure>, UseQueryOptions>
): UseQueryResult<OutputOf<TProcedure>, ErrorOf<TProcedure>> {
  const [input, options = {}] = args as [InputOf<TProcedure>, UseQueryOptions?];
  const hasProvider = useContext(WirecallContext) !== undefined;
  const key = hashInput(input);
  const enabled = options.enabled ?? true;
  const refetchOnReconnect = options.refetchOnReconnect ?? false;
  if (refetchOnReconnect && !hasProvider) {
    throw new Error('useQuery: refetchOnReconnect needs a <WirecallProvider client={client}>');
  }
  // biome-ignore lint/correctness/useExhaustiveDependencies: the input is compared by value (key).
  const observer = useMemo(
    () =>
      new QueryObserver(
        handle,
        ...([input, { enabled, refetchOnReconnect }] as InputArgs<
          InputOf<TProcedure>,
          UseQueryOptions
        >),
      ),
    [handle, key, enabled, refetchOnReconnect],
  );
  return useSyncExternalStore(observer.subscribe, observer.getSnapshot, observer.getServerSnapshot);
}
