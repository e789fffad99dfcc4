import type { RpcError, SubscribeOptions, SubscriptionStatus } from '@wirecall/client';
import { hashInput } from './hashInput.js';
import { safely } from './reportError.js';
import { SharedSubscription } from './SharedSubscription.js';
import { subscriptionRegistry } from './subscriptionRegistry.js';

/**
 * Where a subscription hook is: `connecting` until the server confirms it, `live` while events
 * flow, `reconnecting` while the connection is down (it resumes by itself), `error` once it failed
 * (see `error`), `idle` when disabled or after the server ended it. Server rendering shows
 * `connecting` (or `idle` when disabled).
 */
export type SubscriptionHookStatus = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'error';

/** What a subscription hook returns. */
export interface SubscriptionSnapshot<TData, TError> {
  /** The latest event, or the events folded as the options ask. */
  readonly data: TData;
  /** Where the subscription is. */
  readonly status: SubscriptionHookStatus;
  /** The error that ended the subscription, typed by the procedure's declared and built-in codes. */
  readonly error: TError | undefined;
}

/** The part of a client subscription handle an observer uses. */
export interface SubscribableHandle<TEvent, TError extends RpcError> {
  subscribe(input: never, options: SubscribeOptions<TEvent, TError>): { unsubscribe(): void };
}

/** The callbacks of a {@link SubscriptionObserver}, replaceable on every render. */
export interface SubscriptionCallbacks<TEvent, TData, TError> {
  /** Folds one event into the data. */
  reduce: (data: TData, event: TEvent) => TData;
  /** Called for each event. */
  onData?: ((event: TEvent) => void) | undefined;
  /** Called once when the subscription fails. */
  onError?: ((error: TError) => void) | undefined;
}

/** Options of a {@link SubscriptionObserver}. */
export interface SubscriptionObserverOptions<TEvent, TData, TError>
  extends SubscriptionCallbacks<TEvent, TData, TError> {
  /** Whether to subscribe at all. */
  enabled: boolean;
  /** The data before the first event. */
  initialData: TData;
  /** Start from the newest event the shared subscription already received (the default policy). */
  seedWithLatest: boolean;
}

/**
 * One consumer's view of a shared subscription, with `subscribe`/`getSnapshot` for
 * `useSyncExternalStore` (or any other UI library): folds events into data with the consumer's
 * own policy, maps the subscription's status, and holds the shared subscription only while
 * someone listens. Framework-free; one observer per procedure, input and options.
 */
export class SubscriptionObserver<TEvent, TData, TError extends RpcError> {
  readonly #handle: SubscribableHandle<TEvent, TError>;
  readonly #input: unknown;
  readonly #key: string;
  readonly #enabled: boolean;
  readonly #seedWithLatest: boolean;
  #callbacks: SubscriptionCallbacks<TEvent, TData, TError>;
  readonly #listeners = new Set<() => void>();
  #entry: SharedSubscription<TEvent, TError> | undefined;
  #release: (() => void) | undefined;
  #data: TData;
  #received = false;
  #reportedError: TError | undefined;
  #snapshot: SubscriptionSnapshot<TData, TError>;
  readonly #serverSnapshot: SubscriptionSnapshot<TData, TError>;

  constructor(
    handle: SubscribableHandle<TEvent, TError>,
    input: unknown,
    options: SubscriptionObserverOptions<TEvent, TData, TError>,
    key = hashInput(input),
  ) {
    this.#handle = handle;
    this.#input = input;
    this.#key = key;
    this.#enabled = options.enabled;
    this.#seedWithLatest = options.seedWithLatest;
    this.#callbacks = options;
    this.#data = options.initialData;
    this.#serverSnapshot = {
      data: options.initialData,
      status: options.enabled ? 'connecting' : 'idle',
      error: undefined,
    };
    this.#snapshot = this.#serverSnapshot;
  }

  /** Replaces the callbacks (a component's newest closures) without resubscribing. */
  setCallbacks(callbacks: SubscriptionCallbacks<TEvent, TData, TError>): void {
    this.#callbacks = callbacks;
  }

  /** Listens for changes of the snapshot; the first listener starts (or joins) the subscription. */
  readonly subscribe = (onChange: () => void): (() => void) => {
    this.#listeners.add(onChange);
    if (this.#listeners.size === 1) this.#attach();
    return () => {
      if (!this.#listeners.delete(onChange)) return;
      if (this.#listeners.size === 0) this.#detach();
    };
  };

  /** The current data, status and error; the same object until something changes. */
  readonly getSnapshot = (): SubscriptionSnapshot<TData, TError> => {
    if (!this.#entry) this.#refresh(); // not attached yet: show what a shared subscription has
    return this.#snapshot;
  };

  /** The snapshot for server rendering and hydration: nothing received, nothing opened. */
  readonly getServerSnapshot = (): SubscriptionSnapshot<TData, TError> => this.#serverSnapshot;

  #attach(): void {
    if (!this.#enabled) return;
    const handle = this.#handle as unknown as SubscribableHandle<unknown, RpcError>;
    const entry: SharedSubscription<unknown, RpcError> = subscriptionRegistry.get(
      handle,
      this.#key,
      () =>
        new SharedSubscription(
          (options) => handle.subscribe(this.#input as never, options),
          () => subscriptionRegistry.delete(handle, this.#key, entry),
        ),
    );
    this.#entry = entry as unknown as SharedSubscription<TEvent, TError>;
    if (this.#seedWithLatest && !this.#received && entry.latest) {
      this.#data = entry.latest.event as unknown as TData;
      this.#received = true;
    }
    this.#release = this.#entry.acquire({
      onEvent: (event) => this.#onEvent(event),
      onStatus: () => this.#onStatus(),
    });
    this.#onStatus();
  }

  #detach(): void {
    this.#release?.();
    this.#release = undefined;
    this.#entry = undefined;
  }

  #onEvent(event: TEvent): void {
    safely(() => {
      this.#data = this.#callbacks.reduce(this.#data, event);
      this.#received = true;
    });
    this.#refreshAndNotify();
    safely(() => this.#callbacks.onData?.(event));
  }

  #onStatus(): void {
    this.#refreshAndNotify();
    const error = this.#entry?.error;
    if (error && error !== this.#reportedError) {
      this.#reportedError = error;
      safely(() => this.#callbacks.onError?.(error));
    }
  }

  #refreshAndNotify(): void {
    if (!this.#refresh()) return;
    for (const listener of [...this.#listeners]) listener();
  }

  /** Rebuilds the snapshot if anything in it changed; returns whether it did. */
  #refresh(): boolean {
    let data = this.#data;
    let status: SubscriptionHookStatus = 'idle';
    let error: TError | undefined;
    if (this.#enabled) {
      const entry =
        this.#entry ??
        (subscriptionRegistry.peek(this.#handle, this.#key) as
          | SharedSubscription<TEvent, TError>
          | undefined);
      status = entry ? hookStatus(entry.status) : 'connecting';
      error = entry?.error;
      if (!this.#entry && !this.#received && this.#seedWithLatest && entry?.latest) {
        data = entry.latest.event as unknown as TData;
      }
    }
    const current = this.#snapshot;
    if (current.data === data && current.status === status && current.error === error) return false;
    this.#snapshot = { data, status, error };
    return true;
  }
}

function hookStatus(status: SubscriptionStatus): SubscriptionHookStatus {
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
