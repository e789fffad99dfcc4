import type { RpcError } from '@wirecall/core';
import type { SubscribeOptions, SubscriptionStatus } from '../operations/Subscription.js';
import { safely } from './safely.js';

/** What a consumer of a shared subscription hears. */
export interface SharedSubscriptionListener<TEvent> {
  /** One event from the server. */
  onEvent(event: TEvent): void;
  /** `status` or `error` changed. */
  onStatus(): void;
}

/** Starts the underlying subscription; `handle.subscribe` bound to the input. */
export type StartSubscription<TEvent, TError extends RpcError> = (
  options: SubscribeOptions<TEvent, TError>,
) => { unsubscribe(): void };

/**
 * One server subscription shared by every consumer of the same procedure and input, reference
 * counted: it starts with the first consumer and ends when the last one leaves. The end waits for
 * the current microtask to finish, so StrictMode's unmount-and-mount-again (and a component
 * replaced by one with the same subscription) keeps the server subscription instead of restarting it.
 */
export class SharedSubscription<TEvent, TError extends RpcError> {
  readonly #start: StartSubscription<TEvent, TError>;
  readonly #onEnd: () => void;
  readonly #listeners = new Set<SharedSubscriptionListener<TEvent>>();
  #subscription: { unsubscribe(): void } | undefined;
  #status: SubscriptionStatus = 'connecting';
  #error: TError | undefined;
  #latest: { readonly event: TEvent } | undefined;
  #ended = false;

  /**
   * @param start - starts the underlying subscription, on first use.
   * @param onEnd - called once when the subscription is over (last consumer left, error or
   *   completion), so the registry stops handing it out.
   */
  constructor(start: StartSubscription<TEvent, TError>, onEnd: () => void) {
    this.#start = start;
    this.#onEnd = onEnd;
  }

  /** Where the underlying subscription is. */
  get status(): SubscriptionStatus {
    return this.#status;
  }

  /** The error that ended it, if one did. */
  get error(): TError | undefined {
    return this.#error;
  }

  /** The newest event received, so late consumers can show the current value at once. */
  get latest(): { readonly event: TEvent } | undefined {
    return this.#latest;
  }

  /** Adds a consumer (starting the subscription if it is the first); returns its release. */
  acquire(listener: SharedSubscriptionListener<TEvent>): () => void {
    this.#listeners.add(listener);
    if (!this.#subscription && !this.#ended) {
      const subscription = this.#start({
        onData: (event) => this.#onData(event),
        onError: (error) => this.#onFinal('error', error),
        onComplete: () => this.#onFinal('complete', undefined),
        onStatusChange: (status) => {
          if (status === 'live' || status === 'reconnecting' || status === 'connecting') {
            this.#setStatus(status);
          }
        },
      });
      this.#subscription = subscription;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) queueMicrotask(() => this.#endIfUnused());
    };
  }

  #endIfUnused(): void {
    if (this.#listeners.size > 0) return;
    this.#subscription?.unsubscribe();
    this.#end();
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#onEnd();
  }

  #onData(event: TEvent): void {
    this.#latest = { event };
    for (const listener of [...this.#listeners]) safely(() => listener.onEvent(event));
  }

  #onFinal(status: 'error' | 'complete', error: TError | undefined): void {
    this.#error = error;
    this.#setStatus(status);
    // A finished subscription is not handed to new consumers: they start a fresh one.
    this.#end();
  }

  #setStatus(status: SubscriptionStatus): void {
    if (this.#status === status) return;
    this.#status = status;
    for (const listener of [...this.#listeners]) safely(() => listener.onStatus());
  }
}
