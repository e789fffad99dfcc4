import type { ConnectionState, RpcError } from '@wirecall/client';
import { hashInput } from './hashInput.js';
import { queryRegistry } from './queryRegistry.js';
import { type QueryState, SharedQuery } from './SharedQuery.js';

/** What a query hook returns. */
export interface QuerySnapshot<TOutput, TError> extends QueryState<TOutput, TError> {
  /** Fetches again (shared with every consumer of the same query). Never rejects. */
  readonly refetch: () => Promise<void>;
}

/** The part of a client query handle an observer uses. */
export type CallableHandle<TOutput> = (
  input: never,
  options: { signal: AbortSignal },
) => Promise<TOutput>;

/** The part of a client an observer listens to, for refetching after a reconnect. */
export interface StateSource {
  on(
    event: 'state',
    listener: (state: ConnectionState, previous: ConnectionState) => void,
  ): () => void;
}

/** Options of a {@link QueryObserver}. */
export interface QueryObserverOptions {
  /** Whether to fetch when the first listener comes. */
  enabled: boolean;
  /** Where to hear about reconnects, to fetch again after each; none to not refetch. */
  refetchOnReconnect: StateSource | undefined;
}

/**
 * One consumer's view of a shared query, with `subscribe`/`getSnapshot` for
 * `useSyncExternalStore`. Framework-free; one observer per procedure, input and options.
 */
export class QueryObserver<TOutput, TError extends RpcError> {
  readonly #handle: CallableHandle<TOutput>;
  readonly #input: unknown;
  readonly #key: string;
  readonly #options: QueryObserverOptions;
  readonly #listeners = new Set<() => void>();
  #entry: SharedQuery<TOutput, TError> | undefined;
  #release: (() => void) | undefined;
  #snapshot: QuerySnapshot<TOutput, TError>;
  readonly #serverSnapshot: QuerySnapshot<TOutput, TError>;

  constructor(
    handle: CallableHandle<TOutput>,
    input: unknown,
    options: QueryObserverOptions,
    key = hashInput(input),
  ) {
    this.#handle = handle;
    this.#input = input;
    this.#key = key;
    this.#options = options;
    this.#serverSnapshot = {
      data: undefined,
      error: undefined,
      status: options.enabled ? 'pending' : 'idle',
      fetching: false,
      refetch: this.refetch,
    };
    this.#snapshot = this.#serverSnapshot;
  }

  /** Fetches again; resolves when done (a failure lands in `error`). */
  readonly refetch = (): Promise<void> => {
    if (this.#entry) return this.#entry.fetch();
    // Not mounted: fetch through a short-lived entry, shared with anyone mounted meanwhile.
    const entry = this.#getEntry();
    const release = entry.acquire(() => {}, { fetch: false });
    return entry.fetch().finally(release);
  };

  /** Listens for changes of the snapshot; the first listener joins (and maybe fetches) the query. */
  readonly subscribe = (onChange: () => void): (() => void) => {
    this.#listeners.add(onChange);
    if (this.#listeners.size === 1) this.#attach();
    return () => {
      if (!this.#listeners.delete(onChange)) return;
      if (this.#listeners.size === 0) this.#detach();
    };
  };

  /** The current data, status and error; the same object until something changes. */
  readonly getSnapshot = (): QuerySnapshot<TOutput, TError> => {
    if (!this.#entry) this.#refresh();
    return this.#snapshot;
  };

  /** The snapshot for server rendering and hydration: nothing fetched. */
  readonly getServerSnapshot = (): QuerySnapshot<TOutput, TError> => this.#serverSnapshot;

  #stopWatching: (() => void) | undefined;

  #getEntry(): SharedQuery<TOutput, TError> {
    const handle = this.#handle as CallableHandle<unknown>;
    const entry: SharedQuery<unknown, RpcError> = queryRegistry.get(
      handle,
      this.#key,
      () =>
        new SharedQuery(
          (signal) => handle(this.#input as never, { signal }),
          () => queryRegistry.delete(handle, this.#key, entry),
        ),
    );
    return entry as unknown as SharedQuery<TOutput, TError>;
  }

  #attach(): void {
    const entry = this.#getEntry();
    this.#entry = entry;
    this.#release = entry.acquire(() => this.#refreshAndNotify(), {
      fetch: this.#options.enabled,
    });
    const source = this.#options.refetchOnReconnect;
    if (source && this.#options.enabled) {
      this.#stopWatching = source.on('state', (state, previous) => {
        if (state === 'open' && previous === 'reconnecting') void entry.fetch();
      });
    }
    this.#refreshAndNotify();
  }

  #detach(): void {
    this.#stopWatching?.();
    this.#stopWatching = undefined;
    this.#release?.();
    this.#release = undefined;
    this.#entry = undefined;
  }

  #refreshAndNotify(): void {
    if (!this.#refresh()) return;
    for (const listener of [...this.#listeners]) listener();
  }

  /** Rebuilds the snapshot if the query's state changed; returns whether it did. */
  #refresh(): boolean {
    const entry =
      this.#entry ??
      (queryRegistry.peek(this.#handle, this.#key) as SharedQuery<TOutput, TError> | undefined);
    let state: QueryState<TOutput, TError> = entry?.state ?? this.#serverSnapshot;
    // Enabled and about to fetch: show `pending` rather than `idle`.
    if (state.status === 'idle' && this.#options.enabled) state = { ...state, status: 'pending' };
    const current = this.#snapshot;
    if (
      current.data === state.data &&
      current.error === state.error &&
      current.status === state.status &&
      current.fetching === state.fetching
    ) {
      return false;
    }
    this.#snapshot = {
      data: state.data,
      error: state.error,
      status: state.status,
      fetching: state.fetching,
      refetch: this.refetch,
    };
    return true;
  }
}
