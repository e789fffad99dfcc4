import type { InputArgs, QueryHandle, RpcError } from '@wirecall/client';
import type { InputOf, OutputOf, QueryDefinition } from '@wirecall/core';
import { isStreaming, keepStream, stopStream } from './liveStreams.js';
import type { QueryFunctionContextLike } from './queryClientLike.js';
import { queryKeyOf, type WirecallQueryKey } from './queryKey.js';

/** What {@link liveQueryOptions} returns: spread it into `useQuery` (or any TanStack adapter's). */
export interface WirecallLiveQueryOptions<TInput, TOutput> {
  readonly queryKey: WirecallQueryKey<TInput>;
  /** Resolves with the first result and keeps the cache entry fresh with every later one. */
  readonly queryFn: (
    context: QueryFunctionContextLike<WirecallQueryKey<TInput>>,
  ) => Promise<TOutput>;
  /** Fresh while the server streams the entry, stale once its watch stopped. */
  readonly staleTime: (query: object) => number;
  /** The watch is already live: focus and reconnect need no refetch. */
  readonly refetchOnWindowFocus: false;
  readonly refetchOnReconnect: false;
}

type Watch = (
  input: unknown,
  listener: (result: unknown) => void,
  options: { onError: (error: RpcError) => void },
) => () => void;

/**
 * TanStack Query options that keep a query's cache entry live: the query function watches the
 * query (`handle.watch`) and resolves with its first result; every later result replaces the
 * entry's data (`setQueryData`: never appended). The watch stops when the entry's last observer
 * unmounts or the entry is removed; the entry is then stale, so the next mount refetches and
 * watches again. A watch whose query fails later stops and refetches, so TanStack's retry and
 * error states apply. Prefetched on a server (no observer), the watch stops at the first result.
 * @example
 * const { data: todos } = useQuery(liveQueryOptions(client.todos.list, { listId }));
 */
export function liveQueryOptions<TProcedure extends QueryDefinition>(
  handle: QueryHandle<TProcedure>,
  ...args: InputArgs<InputOf<TProcedure>, never>
): WirecallLiveQueryOptions<InputOf<TProcedure>, OutputOf<TProcedure>> {
  const watch = (handle as { watch?: unknown } | undefined)?.watch;
  if (typeof watch !== 'function' || typeof handle.path !== 'string')
    throw new TypeError('liveQueryOptions expects a query handle, like client.todos.list');
  const [input] = args as [InputOf<TProcedure>];
  return {
    queryKey: queryKeyOf(handle, input, 'live'),
    queryFn: ({ client: queryClient, queryKey, signal }) =>
      new Promise<OutputOf<TProcedure>>((resolve, reject) => {
        const query = queryClient.getQueryCache().find({ queryKey, exact: true });
        let first = true;
        let stop: () => void = () => {};
        const onAbort = () => {
          stop();
          reject(signal.reason);
        };
        stop = (watch as Watch)(
          input,
          (result) => {
            if (!first) {
              queryClient.setQueryData(queryKey, result);
              return;
            }
            first = false;
            signal.removeEventListener('abort', onAbort);
            // Nobody watches the entry (a prefetch for server rendering): one result is all.
            if (!query || query.getObserversCount() === 0) stop();
            else keepStream(queryClient, query, stop);
            resolve(result as OutputOf<TProcedure>);
          },
          {
            onError: (error) => {
              if (first) {
                first = false;
                signal.removeEventListener('abort', onAbort);
                reject(error);
                return;
              }
              if (query) stopStream(query);
              void queryClient.invalidateQueries({ queryKey, exact: true });
            },
          },
        );
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      }),
    staleTime: (query) => (isStreaming(query) ? Number.POSITIVE_INFINITY : 0),
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  };
}
