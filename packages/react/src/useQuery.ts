import type { CallHandle, ErrorOf, InputOf, OutputOf } from '@wirecall/client';
import type { QueryDefinition } from '@wirecall/core';
import { useContext, useMemo, useSyncExternalStore } from 'react';
import type { InputArgs } from './InputArgs.js';
import { hashInput } from './observers/hashInput.js';
import {
  type CallableHandle,
  QueryObserver,
  type QuerySnapshot,
} from './observers/QueryObserver.js';
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
 * last component cancels a call still in flight.
 * @example
 * const { data, status, error, refetch } = useQuery(client.chat.history, { room });
 */
export function useQuery<TProcedure extends QueryDefinition>(
  handle: CallHandle<TProcedure>,
  ...args: InputArgs<InputOf<TProcedure>, UseQueryOptions>
): UseQueryResult<OutputOf<TProcedure>, ErrorOf<TProcedure>> {
  const [input, options = {}] = args as [unknown, UseQueryOptions?];
  const client = useContext(WirecallContext);
  const key = hashInput(input);
  const enabled = options.enabled ?? true;
  const refetchOnReconnect = options.refetchOnReconnect ?? false;
  if (refetchOnReconnect && !client) {
    throw new Error('useQuery: refetchOnReconnect needs a <WirecallProvider client={client}>');
  }
  // biome-ignore lint/correctness/useExhaustiveDependencies: the input is compared by value (key).
  const observer = useMemo(
    () =>
      new QueryObserver<OutputOf<TProcedure>, ErrorOf<TProcedure>>(
        handle as unknown as CallableHandle<OutputOf<TProcedure>>,
        input,
        { enabled, refetchOnReconnect: refetchOnReconnect ? client : undefined },
        key,
      ),
    [handle, key, enabled, refetchOnReconnect, client],
  );
  return useSyncExternalStore(observer.subscribe, observer.getSnapshot, observer.getServerSnapshot);
}
