import type { ErrorOf, EventOf, InputOf, RpcError, SubscriptionDefinition } from '@wirecall/core';
import type { SubscriptionHandle } from '../handles.js';
import type { SubscribeOptions, SubscriptionStatus } from '../operations/Subscription.js';
import { registriesOf } from './clientRegistries.js';
import { clientOfHandle } from './handleClient.js';
import { hashInput } from './hashInput.js';
import type { InputArgs } from './InputArgs.js';
import type { SharedRegistry } from './SharedRegistry.js';
import { SharedSubscription } from './SharedSubscription.js';
import { safely } from './safely.js';

/**
 * Where a subscription observer is: `connecting` until the server confirms it, `live` while
 * events flow, `reconnecting` while the connection is down (it resumes by itself), `error` once it
 * failed (see `error`), `idle` when disabled or after the server ended it. Server rendering shows
 * `connecting` (or `idle` when disabled).
 */
export type SubscriptionObserverStatus = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'error';

/** What a {@link SubscriptionObserver} shows. */
export interface SubscriptionSnapshot<TData, TError> {
  /** The latest event, or the events folded as the options ask. */
  readonly data: TData;
  /** Where the subscription is. */
  readonly status: SubscriptionObserverStatus;
  /** The error that ended the subscription, typed by the procedure's declared and built-in codes. */
  readonly error: TError | undefined;
}

/** Options of a {@link SubscriptionObserver} whose `data` is the latest event. */
export interface SubscriptionObserverOptions<TEvent, TError> {
  /** Whether to subscribe at all; `false` keeps the observer `idle`. @default true */
  enabled?: boolean;
  /** Called for each event (replace it with `setCallbacks`; that does not resubscribe). */
  onData?: ((event: TEvent) => void) | undefined;
  /** Called once when the subscription fails. */
  onError?: ((error: TError) => void) | undefined;
  /** Only with `initialData`: see {@link SubscriptionObserverReduceOptions}. */
  reduce?: undefined;
  /** Only with `reduce`: see {@link SubscriptionObserverReduceOptions}. */
  initialData?: undefined;
}

/** Options of a {@link SubscriptionObserver} that folds events into its own `data`. */
export interface SubscriptionObserverReduceOptions<TEvent, TData, TError>
  extends Omit<SubscriptionObserverOptions<TEvent, TError>, 'reduce' | 'initialData'> {
  /** The data before the first event. */
  initialData: TData;
  /** Folds each event into the data, like a reducer (return a new value, do not mutate). */
  reduce: (data: NoInfer<TData>, event: TEvent) => TData;
}

/** The callbacks of a {@link SubscriptionObserver}, replaceable at any time without resubscribing. */
export interface SubscriptionObserverCallbacks<TEvent, TData, TError> {
  /** The new reducer, for an observer made with `reduce`; left out, the current one stays. */
  reduce?: ((data: TData, event: TEvent) => TData) | undefined;
  /** Called for each event. */
  onData?: ((event: TEvent) => void) | undefined;
  /** Called once when the subscription fails. */
  onError?: ((error: TError) => void) | undefined;
}

type Entry = SharedSubscription<unknown, RpcError>;
type Start = (
  input: unknown,
  options: SubscribeOptions<unknown, RpcError>,
) => { unsubscribe(): void };

/**
 * One consumer's view of a subscription, for any UI library: `subscribe` to hear of changes and
 * `getSnapshot` to read `{ data, status, error }` (the same object until something changes).
 * Observers of the same procedure with an equal input (by value, key order ignored) on the same
 * client share one server subscription, reference counted: the first listener starts it and it
 * ends on the server when the last listener of the last observer leaves (after the current
 * microtask, so an unmount followed at once by a mount keeps it). Observers on different clients
 * never share. `data` is the latest event (an observer joining a live subscription starts from
 * its newest event), or with `initialData` and `reduce`, your own fold of the events.
 * @example
 * const observer = new SubscriptionObserver(client.chat.messages, { room: 'general' }, {
 *   initialData: [] as string[],
 *   reduce: (texts, message) => [...texts, message.text],
 * });
 * const stop = observer.subscribe(() => render(observer.getSnapshot().data));
 * // later: stop() ends the server subscription if no one else uses it
 */
export class SubscriptionObserver<
  TProcedure extends SubscriptionDefinition,
  TData = EventOf<TProcedure> | undefined,
> {
  readonly #path: string;
  readonly #start: Start;
  readonly #registry: SharedRegistry<Entry>;
  readonly #input: unknown;
  readonly #key: string;
  readonly #enabled: boolean;
  /** The latest-event policy: a joining observer starts from the shared subscription's newest event. */
  readonly #seedWithLatest: boolean;
  #reduce: (data: TData, event: EventOf<TProcedure>) => TData;
  #onData: ((event: EventOf<TProcedure>) => void) | undefined;
  #onError: ((error: ErrorOf<TProcedure>) => void) | undefined;
  readonly #listeners = new Set<() => void>();
  #entry: Entry | undefined;
  #release: (() => void) | undefined;
  #data: TData;
  #received = false;
  #reportedError: RpcError | undefined;
  #snapshot: SubscriptionSnapshot<TData, ErrorOf<TProcedure>>;
  readonly #serverSnapshot: SubscriptionSnapshot<TData, ErrorOf<TProcedure>>;

  /**
   * @param handle - the subscription's handle on a client made by `createClient`, e.g.
   *   `client.chat.messages`.
   * @param args - the input (may be left out when the subscription takes none), then the options.
   * @throws TypeError when `handle` is not a procedure handle of a wirecall client.
   */
  constructor(
    handle: SubscriptionHandle<TProcedure>,
    ...args: InputArgs<
      InputOf<TProcedure>,
      | SubscriptionObserverOptions<EventOf<TProcedure>, ErrorOf<TProcedure>>
      | SubscriptionObserverReduceOptions<EventOf<TProcedure>, TData, ErrorOf<TProcedure>>
    >
  ) {
    const [input, options = {}] = args as [
      unknown,
      Partial<SubscriptionObserverReduceOptions<EventOf<TProcedure>, TData, ErrorOf<TProcedure>>>?,
    ];
    const client = clientOfHandle(handle, 'SubscriptionObserver');
    this.#registry = registriesOf(client).subscriptions;
    this.#path = handle.path;
    this.#start = (subscribeInput, subscribeOptions) =>
      (handle.subscribe as unknown as Start)(subscribeInput, subscribeOptions);
    this.#input = input;
    this.#key = hashInput(input);
    this.#enabled = options.enabled ?? true;
    const { reduce } = options;
    if (reduce !== undefined && typeof reduce !== 'function') {
      throw new TypeError('SubscriptionObserver: reduce must be a function');
    }
    this.#seedWithLatest = reduce === undefined;
    this.#reduce = reduce ?? ((_data, event) => event as TData);
    this.#onData = options.onData;
    this.#onError = options.onError;
    this.#data = options.initialData as TData;
    this.#serverSnapshot = {
      data: this.#data,
      status: this.#enabled ? 'connecting' : 'idle',
      error: undefined,
    };
    this.#snapshot = this.#serverSnapshot;
  }

  /** Replaces the callbacks (say, a component's newest closures) without resubscribing. */
  setCallbacks(
    callbacks: SubscriptionObserverCallbacks<EventOf<TProcedure>, TData, ErrorOf<TProcedure>>,
  ): void {
    if (callbacks.reduce && !this.#seedWithLatest) this.#reduce = callbacks.reduce;
    this.#onData = callbacks.onData;
    this.#onError = callbacks.onError;
  }

  /**
   * Listens for changes of the snapshot; the first listener starts (or joins) the shared
   * subscription. Returns the function that stops listening.
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
  readonly getSnapshot = (): SubscriptionSnapshot<TData, ErrorOf<TProcedure>> => {
    if (!this.#entry) this.#refresh(); // not attached yet: show what a shared subscription has
    return this.#snapshot;
  };

  /** The snapshot for server rendering and hydration: nothing received, nothing opened. */
  readonly getServerSnapshot = (): SubscriptionSnapshot<TData, ErrorOf<TProcedure>> =>
    this.#serverSnapshot;

  #attach(): void {
    if (!this.#enabled) return;
    const entry: Entry = this.#registry.get(
      this.#path,
      this.#key,
      () =>
        new SharedSubscription(
          (options) => this.#start(this.#input, options),
          () => this.#registry.delete(this.#path, this.#key, entry),
        ),
    );
    this.#entry = entry;
    if (this.#seedWithLatest && !this.#received && entry.latest) {
      this.#data = entry.latest.event as TData;
      this.#received = true;
    }
    this.#release = entry.acquire({
      onEvent: (event) => this.#onEvent(event as EventOf<TProcedure>),
      onStatus: () => this.#onStatus(),
    });
    this.#onStatus();
  }

  #detach(): void {
    this.#release?.();
    this.#release = undefined;
    this.#entry = undefined;
  }

  #onEvent(event: EventOf<TProcedure>): void {
    safely(() => {
      this.#data = this.#reduce(this.#data, event);
      this.#received = true;
    });
    this.#refreshAndNotify();
    safely(() => this.#onData?.(event));
  }

  #onStatus(): void {
    this.#refreshAndNotify();
    const error = this.#entry?.error;
    if (error && error !== this.#reportedError) {
      this.#reportedError = error;
      safely(() => this.#onError?.(error as ErrorOf<TProcedure>));
    }
  }

  #refreshAndNotify(): void {
    if (!this.#refresh()) return;
    for (const listener of [...this.#listeners]) listener();
  }

  /** Rebuilds the snapshot if anything in it changed; returns whether it did. */
  #refresh(): boolean {
    let data = this.#data;
    let status: SubscriptionObserverStatus = 'idle';
    let error: ErrorOf<TProcedure> | undefined;
    if (this.#enabled) {
      const entry = this.#entry ?? this.#registry.peek(this.#path, this.#key);
      status = entry ? observerStatus(entry.status) : 'connecting';
      error = entry?.error as ErrorOf<TProcedure> | undefined;
      if (!this.#entry && !this.#received && this.#seedWithLatest && entry?.latest) {
        data = entry.latest.event as TData;
      }
    }
    const current = this.#snapshot;
    if (current.data === data && current.status === status && current.error === error) return false;
    this.#snapshot = { data, status, error };
    return true;
  }
}

function observerStatus(status: SubscriptionStatus): SubscriptionObserverStatus {
  switch (status) {
    case 'connecting':
    case 'live':
    case 'reconnecting':
    case 'error':
      return status;
    case 'complete':
    case 'unsubscribed':
      return 'idle';
    default: {
      const unexpected: never = status;
      return unexpected;
    }
  }
}
