import type { CachedQueryLike, QueryClientLike } from './queryClientLike.js';

/** The watch that keeps each cache entry live, by the entry: one per entry at most. */
const streams = new WeakMap<object, () => void>();

/** Whether a watch keeps this cache entry fresh now: its data is then never stale. */
export function isStreaming(query: object): boolean {
  return streams.has(query);
}

/** Stops the watch of a cache entry, if one runs. */
export function stopStream(query: object): void {
  const stop = streams.get(query);
  streams.delete(query);
  stop?.();
}

/**
 * Keeps `stop` as the watch of `query` until the entry leaves the cache or its last observer
 * unmounts: the watch then stops, the entry turns stale, and the next observer to mount
 * refetches (TanStack's `refetchOnMount`), which starts a new watch with a fresh result.
 */
export function keepStream(queryClient: QueryClientLike, query: CachedQueryLike, stop: () => void) {
  stopStream(query);
  let stopListening: () => void = () => {};
  const end = () => {
    stopListening();
    stop();
  };
  streams.set(query, end);
  stopListening = queryClient.getQueryCache().subscribe((event) => {
    if (event.query !== query) return;
    if (
      event.type === 'removed' ||
      (event.type === 'observerRemoved' && query.getObserversCount() === 0)
    ) {
      stopStream(query);
    }
  });
}
