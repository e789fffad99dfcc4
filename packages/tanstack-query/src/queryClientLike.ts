/**
 * What the live helpers use of TanStack's `QueryClient`, stated structurally rather than
 * imported: each TanStack adapter (React, Vue, Solid, Svelte) may bring its own copy of
 * `@tanstack/query-core`, whose classes would not match one another's types.
 */
export interface QueryClientLike {
  getQueryCache(): {
    find(filters: { queryKey: readonly unknown[]; exact: true }): CachedQueryLike | undefined;
    subscribe(listener: (event: { type: string; query: unknown }) => void): () => void;
  };
  setQueryData(queryKey: readonly unknown[], data: unknown): unknown;
  invalidateQueries(filters: { queryKey: readonly unknown[]; exact?: boolean }): Promise<void>;
}

/** What the live helpers use of one query in TanStack's cache. */
export interface CachedQueryLike {
  getObserversCount(): number;
}

/** The part of TanStack's query function context the helpers read. */
export interface QueryFunctionContextLike<TQueryKey> {
  readonly queryKey: TQueryKey;
  readonly signal: AbortSignal;
  /** The `QueryClient` the query runs in (TanStack Query 5 passes it to query functions). */
  readonly client: QueryClientLike;
}
