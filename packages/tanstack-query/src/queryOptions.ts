import type { CallOptions, InputArgs, QueryHandle } from '@wirecall/client';
import type { InputOf, OutputOf, QueryDefinition } from '@wirecall/core';
import type { QueryFunctionContextLike } from './queryClientLike.js';
import { queryKeyOf, type WirecallQueryKey } from './queryKey.js';

/** What {@link queryOptions} returns: spread it into `useQuery`, `prefetchQuery` or `fetchQuery`. */
export interface WirecallQueryOptions<TInput, TOutput> {
  readonly queryKey: WirecallQueryKey<TInput>;
  /** Calls the query through the wirecall client, cancelled with the query. */
  readonly queryFn: (
    context: QueryFunctionContextLike<WirecallQueryKey<TInput>>,
  ) => Promise<TOutput>;
}

/** Options of {@link queryOptions}: those of a call, but for `signal`, which TanStack gives. */
export type WirecallQueryCallOptions = Omit<CallOptions, 'signal'>;

/**
 * TanStack Query options for one call of a query: its key (see `WirecallQueryKey`) and a query
 * function that calls it, cancelled when TanStack cancels the query.
 * @example
 * const { data } = useQuery(queryOptions(client.todos.list, { listId }));
 */
export function queryOptions<TProcedure extends QueryDefinition>(
  handle: QueryHandle<TProcedure>,
  ...args: InputArgs<InputOf<TProcedure>, WirecallQueryCallOptions>
): WirecallQueryOptions<InputOf<TProcedure>, OutputOf<TProcedure>> {
  if (typeof handle !== 'function' || typeof handle.path !== 'string')
    throw new TypeError('queryOptions expects a query handle, like client.todos.list');
  const [input, options] = args as [InputOf<TProcedure>, WirecallQueryCallOptions?];
  const call = handle as unknown as (
    input: unknown,
    options: CallOptions,
  ) => Promise<OutputOf<TProcedure>>;
  return {
    queryKey: queryKeyOf(handle, input, 'query'),
    queryFn: ({ signal }) => call(input, { ...options, signal }),
  };
}
