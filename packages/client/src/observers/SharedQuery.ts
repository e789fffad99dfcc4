import { type RpcError, toRpcError } from '@wirecall/core';

/**
 * Where a query is: `idle` before it was ever asked to fetch (disabled, or server rendering),
 * `pending` while its first result is on the way, then `success` or `error` (of the latest fetch).
 */
export type QueryStatus = 'idle' | 'pending' | 'success' | 'error';

/** The state of a shared query. */
export interface QueryState<TOutput, TError> {
  /** The result of the latest successful fetch. */
  readonly data: TOutput | undefined;
  /** The error of the latest fetch, if it failed. */
  readonly error: TError | undefined;
  /** Where the query is. */
  readonly status: QueryStatus;
  /** Whether a fetch is in flight (the first one, or a refetch while showing older data). */
  readonly fetching: boolean;
}

/** Runs the query once; `handle(input, { signal })`. */
export type RunQuery<TOutput> = (signal: AbortSignal) => Promise<TOutput>;

/**
 * One query (procedure and input) shared by every consumer: fetched once for all of them, in-flight
 * fetches deduplicated, reference counted. When the last consumer leaves (after the current
 * microtask, so StrictMode's remount keeps it), a fetch in flight is cancelled and the entry is
 * forgotten.
 */
export class SharedQuery<TOutput, TError extends RpcError> {
  readonly #run: RunQuery<TOutput>;
  readonly #onEnd: () => void;
  readonly #listeners = new Set<() => void>();
  #state: QueryState<TOutput, TError> = {
    data: undefined,
    error: undefined,
    status: 'idle',
    fetching: false,
  };
  #inFlight: { readonly promise: Promise<void>; readonly controller: AbortController } | undefined;
  #ended = false;

  constructor(run: RunQuery<TOutput>, onEnd: () => void) {
    this.#run = run;
    this.#onEnd = onEnd;
  }

  /** The current state; the same object until something changes. */
  get state(): QueryState<TOutput, TError> {
    return this.#state;
  }

  /** Adds a consumer; with `fetch`, fetches unless a result or a fetch is already there. */
  acquire(listener: () => void, { fetch }: { fetch: boolean }): () => void {
    this.#listeners.add(listener);
    if (fetch && this.#state.status === 'idle' && !this.#inFlight) void this.fetch();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) queueMicrotask(() => this.#endIfUnused());
    };
  }

  /** Fetches now, or joins the fetch in flight. Never rejects: failures land in `state.error`. */
  fetch(): Promise<void> {
    if (this.#inFlight) return this.#inFlight.promise;
    const controller = new AbortController();
    const promise: Promise<void> = this.#run(controller.signal).then(
      (data) => this.#settle(promise, { data, error: undefined, status: 'success' }),
      (thrown: unknown) =>
        this.#settle(promise, {
          data: this.#state.data,
          error: toRpcError(thrown) as TError,
          status: 'error',
        }),
    );
    this.#inFlight = { promise, controller };
    this.#setState({
      ...this.#state,
      status: this.#state.status === 'idle' ? 'pending' : this.#state.status,
      fetching: true,
    });
    return promise;
  }

  #settle(
    promise: Promise<void>,
    result: Pick<QueryState<TOutput, TError>, 'data' | 'error' | 'status'>,
  ): void {
    if (this.#inFlight?.promise !== promise) return; // cancelled
    this.#inFlight = undefined;
    this.#setState({ ...result, fetching: false });
  }

  #endIfUnused(): void {
    if (this.#listeners.size > 0 || this.#ended) return;
    this.#ended = true;
    const inFlight = this.#inFlight;
    this.#inFlight = undefined;
    inFlight?.controller.abort();
    this.#onEnd();
  }

  #setState(state: QueryState<TOutput, TError>): void {
    this.#state = state;
    for (const listener of [...this.#listeners]) listener();
  }
}
