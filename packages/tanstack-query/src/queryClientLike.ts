/**
 * What the live helpers use of TanStack's `QueryClient`, stated structurally rather than
 * imported: each TanStack adapter (React, Vue, Solid, Svelte) may bring its own copy of
 * `@tanstack/query-core`, whose classes would not match one another's types.
 */
export interface QueryClientLike {
  /** The cache: where a live query finds its entry and hears when observers come and go. */
  getQueryCache(): QueryCacheLike;
  /** Replaces an entry's data with a new live result. */
  setQueryData(queryKey: readonly unknown[], data: unknown): unknown;
  /** Marks entries stale (and refetches those in use): after a mutation, or a failed watch. */
  invalidateQueries(filters: { queryKey: readonly unknown[]; exact?: boolean }): Promise<void>;
}

/** What the live helpers use of TanStack's `QueryCache`. */
export interface QueryCacheLike {
  /** The entry of one key. */
  find(filters: { queryKey: readonly unknown[]; exact: true }): CachedQueryLike | undefined;
  /** Listens to the cache's events (`observerRemoved`, `removed`, ...); returns the stop function. */
  subscribe(listener: (event: { type: string; query: unknown }) => void): () => void;
}

/** What the live helpers use of one query in TanStack's cache. */
export interface CachedQueryLike {
  /** How many observers (mounted components, composables) use the entry. */
  getObserversCount(): number;
}

/** The part of TanStack's query function context the helpers read. */
export interface QueryFunctionContextLike<TQueryKey> {
  readonly queryKey: TQueryKey;
  readonly signal: AbortSignal;
  /** The `QueryClient` the query runs in (TanStack Query 5 passes it to query functions). */
  readonly client: QueryClientLike;
}
