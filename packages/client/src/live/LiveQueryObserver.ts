import type { ErrorOf, InputOf, OutputOf, QueryDefinition, RpcError } from '@wirecall/core';
import type { QueryHandle } from '../handles.js';
import { clientOfHandle } from '../observers/handleClient.js';
import type { InputArgs } from '../observers/InputArgs.js';

/** Where a live query is: waiting for its first result, showing one, or failed. */
export type LiveQueryStatus = 'pending' | 'success' | 'error';

/** What a {@link LiveQueryObserver} shows. */
export interface LiveQuerySnapshot<TOutput, TError> {
  readonly status: LiveQueryStatus;
  /** The newest result; kept through reconnects and errors. */
  readonly data: TOutput | undefined;
  /** The error that ended the watch, when `status` is `error`. */
  readonly error: TError | undefined;
  /**
   * True while the connection is down: `data` may be out of date until the server watches again
   * and sends a fresh result (or confirms the shown one).
   */
  readonly stale: boolean;
}

/** Options of a {@link LiveQueryObserver}. */
export interface LiveQueryObserverOptions {
  /** Whether to watch when the first listener subscribes. @default true */
  enabled?: boolean;
}

type Watch = (
  input: unknown,
  listener: (result: unknown) => void,
  options: {
    onError: (error: RpcError) => void;
    onStatusChange: (status: string) => void;
  },
) => () => void;

/**
 * One consumer's view of a live query, for any UI library: `subscribe` and `getSnapshot`, the
 * pair `useSyncExternalStore` expects. The first listener starts the watch (`handle.watch`), the
 * last one to leave stops it. Identical watches of one connection share one server evaluation,
 * so observers need no sharing of their own.
 * @example
 * const observer = new LiveQueryObserver(client.todos.list, { listId });
 * const stop = observer.subscribe(() => render(observer.getSnapshot().data));
 */
export class LiveQueryObserver<TProcedure extends QueryDefinition> {
  readonly #watch: Watch;
  readonly #input: unknown;
  readonly #enabled: boolean;
  readonly #listeners = new Set<() => void>();
  #stop: (() => void) | undefined;
  #snapshot: LiveQuerySnapshot<OutputOf<TProcedure>, ErrorOf<TProcedure>>;
  readonly #serverSnapshot: LiveQuerySnapshot<OutputOf<TProcedure>, ErrorOf<TProcedure>>;

  /**
   * @param handle - the query's handle on a client made by `createClient`, e.g. `client.todos.list`.
   * @param args - the input (may be left out when the query takes none), then the options.
   * @throws TypeError when `handle` is not a query handle of a wirecall client.
   */
  constructor(
    handle: QueryHandle<TProcedure>,
    ...args: InputArgs<InputOf<TProcedure>, LiveQueryObserverOptions>
  ) {
    clientOfHandle(handle, 'LiveQueryObserver');
    if (typeof (handle as { watch?: unknown }).watch !== 'function')
      throw new TypeError('LiveQueryObserver expects a query handle, like client.todos.list');
    const [input, options = {}] = args as [unknown, LiveQueryObserverOptions?];
    this.#watch = (handle as unknown as { watch: Watch }).watch;
    this.#input = input;
    this.#enabled = options.enabled ?? true;
    this.#serverSnapshot = { status: 'pending', data: undefined, error: undefined, stale: false };
    this.#snapshot = this.#serverSnapshot;
  }

  /** Listens for changes of the snapshot; the first listener starts the watch. */
  readonly subscribe = (onChange: () => void): (() => void) => {
    this.#listeners.add(onChange);
    if (this.#listeners.size === 1 && this.#enabled) this.#start();
    return () => {
      if (!this.#listeners.delete(onChange)) return;
      if (this.#listeners.size === 0) {
        this.#stop?.();
        this.#stop = undefined;
      }
    };
  };

  /** The current status, data and error; the same object until something changes. */
  readonly getSnapshot = (): LiveQuerySnapshot<OutputOf<TProcedure>, ErrorOf<TProcedure>> =>
    this.#snapshot;

  /** The snapshot for server rendering and hydration: nothing watched yet. */
  readonly getServerSnapshot = (): LiveQuerySnapshot<OutputOf<TProcedure>, ErrorOf<TProcedure>> =>
    this.#serverSnapshot;

  #start(): void {
    // A restart after an error shows the old data until the new result comes.
    this.#set({
      ...this.#snapshot,
      status: this.#snapshot.data === undefined ? 'pending' : 'success',
      error: undefined,
    });
    this.#stop = this.#watch(
      this.#input,
      (data) =>
        this.#set({
          status: 'success',
          data: data as OutputOf<TProcedure>,
          error: undefined,
          stale: false,
        }),
      {
        onError: (error) =>
          this.#set({ ...this.#snapshot, status: 'error', error: error as ErrorOf<TProcedure> }),
        onStatusChange: (status) => {
          if (status === 'reconnecting') this.#set({ ...this.#snapshot, stale: true });
          else if (status === 'live' && this.#snapshot.stale)
            this.#set({ ...this.#snapshot, stale: false });
        },
      },
    );
  }

  #set(next: LiveQuerySnapshot<OutputOf<TProcedure>, ErrorOf<TProcedure>>): void {
    const current = this.#snapshot;
    if (
      current.status === next.status &&
      current.data === next.data &&
      current.error === next.error &&
      current.stale === next.stale
    )
      return;
    this.#snapshot = next;
    for (const listener of [...this.#listeners]) listener();
  }
}
