import type { ErrorOf, InputOf, OutputOf, QueryDefinition, RpcError } from '@wirecall/core';
import type { CallHandle } from '../handles.js';
import type { WirecallClient } from '../WirecallClient.js';
import { registriesOf } from './clientRegistries.js';
import { clientOfHandle } from './handleClient.js';
import { hashInput } from './hashInput.js';
import type { InputArgs } from './InputArgs.js';
import { type QueryState, SharedQuery } from './SharedQuery.js';
import type { SharedRegistry } from './SharedRegistry.js';

/** What a {@link QueryObserver} shows: the query's state and a way to fetch again. */
export interface QuerySnapshot<TOutput, TError> extends QueryState<TOutput, TError> {
  /** Fetches again (shared with every consumer of the same query). Never rejects. */
  readonly refetch: () => Promise<void>;
}

/** Options of a {@link QueryObserver}. */
export interface QueryObserverOptions {
  /** Whether to fetch when the first listener subscribes; `refetch()` still works when `false`. @default true */
  enabled?: boolean;
  /**
   * Fetch again each time the client's connection comes back after a drop, to catch up with what
   * changed meanwhile. @default false
   */
  refetchOnReconnect?: boolean;
}

type Entry = SharedQuery<unknown, RpcError>;
type Call = (input: unknown, options: { signal: AbortSignal }) => Promise<unknown>;

/**
 * One consumer's view of a query, for any UI library: `subscribe` to hear of changes and
 * `getSnapshot` to read the current state (the same object until something changes), the pair
 * `useSyncExternalStore` and signal or store adapters expect. Observers of the same procedure
 * with an equal input (by value, key order ignored) on the same client share one call, reference
 * counted: the first listener fetches, and when the last one leaves a call in flight is cancelled.
 * Observers on different clients never share.
 * @example
 * const observer = new QueryObserver(client.chat.history, { room: 'general' });
 * const stop = observer.subscribe(() => {
 *   const { status, data, error } = observer.getSnapshot();
 *   if (status === 'success') render(data);
 * });
 * // later, when the view goes away:
 * stop();
 */
export class QueryObserver<TProcedure extends QueryDefinition> {
  readonly #path: string;
  readonly #run: Call;
  readonly #client: WirecallClient;
  readonly #registry: SharedRegistry<Entry>;
  readonly #input: unknown;
  readonly #key: string;
  readonly #enabled: boolean;
  readonly #refetchOnReconnect: boolean;
  readonly #listeners = new Set<() => void>();
  #entry: Entry | undefined;
  #release: (() => void) | undefined;
  #stopWatching: (() => void) | undefined;
  #snapshot: QuerySnapshot<OutputOf<TProcedure>, ErrorOf<TProcedure>>;
  readonly #serverSnapshot: QuerySnapshot<OutputOf<TProcedure>, ErrorOf<TProcedure>>;

  /**
   * @param handle - the query's handle on a client made by `createClient`, e.g. `client.chat.history`.
   * @param args - the input (may be left out when the query takes none), then the options.
   * @throws TypeError when `handle` is not a procedure handle of a wirecall client.
   */
  constructor(
    handle: CallHandle<TProcedure>,
    ...args: InputArgs<InputOf<TProcedure>, QueryObserverOptions>
  ) {
    const [input, options = {}] = args as [unknown, QueryObserverOptions?];
    this.#client = clientOfHandle(handle, 'QueryObserver');
    this.#registry = registriesOf(this.#client).queries;
    this.#path = handle.path;
    this.#run = handle as unknown as Call;
    this.#input = input;
    this.#key = hashInput(input);
    this.#enabled = options.enabled ?? true;
    this.#refetchOnReconnect = options.refetchOnReconnect ?? false;
    this.#serverSnapshot = {
      data: undefined,
      error: undefined,
      status: this.#enabled ? 'pending' : 'idle',
      fetching: false,
      refetch: this.refetch,
    };
    this.#snapshot = this.#serverSnapshot;
  }

  /** Fetches again; resolves when done (a failure lands in `error`). Works without listeners too. */
  readonly refetch = (): Promise<void> => {
    if (this.#entry) return this.#entry.fetch();
    // Not subscribed: fetch through a short-lived entry, shared with anyone subscribing meanwhile.
    const entry = this.#getEntry();
    const release = entry.acquire(() => {}, { fetch: false });
    return entry.fetch().finally(release);
  };

  /**
   * Listens for changes of the snapshot; the first listener joins (and, when enabled, fetches)
   * the shared query. Returns the function that stops listening.
   */
  readonly subscribe = (onChange: () => void): (() => void) => {
    this.#listeners.add(onChange);
    if (this.#listeners.size === 1) this.#attach();
    return () => {
      if (!this.#listeners.delete(onChange)) return;
      if (this.#listeners.size === 0) this.#detach();
    };
  };

  /** The current data, status and error; the same object until something changes. */
  readonly getSnapshot = (): QuerySnapshot<OutputOf<TProcedure>, ErrorOf<TProcedure>> => {
    if (!this.#entry) this.#refresh();
    return this.#snapshot;
  };

  /** The snapshot for server rendering and hydration: nothing fetched. */
  readonly getServerSnapshot = (): QuerySnapshot<OutputOf<TProcedure>, ErrorOf<TProcedure>> =>
    this.#serverSnapshot;

  #getEntry(): Entry {
    const entry: Entry = this.#registry.get(
      this.#path,
      this.#key,
      () =>
        new SharedQuery(
          (signal) => this.#run(this.#input, { signal }),
          () => this.#registry.delete(this.#path, this.#key, entry),
        ),
    );
    return entry;
  }

  #attach(): void {
    const entry = this.#getEntry();
    this.#entry = entry;
    this.#release = entry.acquire(() => this.#refreshAndNotify(), { fetch: this.#enabled });
    if (this.#refetchOnReconnect && this.#enabled) {
      this.#stopWatching = this.#client.on('state', (state, previous) => {
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
    const entry = this.#entry ?? this.#registry.peek(this.#path, this.#key);
    let state = (entry?.state ?? this.#serverSnapshot) as QueryState<
      OutputOf<TProcedure>,
      ErrorOf<TProcedure>
    >;
    // Enabled and about to fetch: show `pending` rather than `idle`.
    if (state.status === 'idle' && this.#enabled) state = { ...state, status: 'pending' };
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
