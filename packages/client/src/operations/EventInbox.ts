import { isPromiseLike } from '@wirecall/core/internal';

type Waiter<TEvent> = {
  resolve: (result: IteratorResult<TEvent>) => void;
  reject: (error: unknown) => void;
};

/**
 * The events of one subscription on their way to the consumer: handed to `onData` one at a time
 * (waiting for the promise it returns), or to a `for await` loop. Tells `onTaken` each time the
 * consumer has finished with an event, which is when the subscription may grant more credit.
 */
export class EventInbox<TEvent> {
  readonly #onData: ((event: TEvent) => unknown) | undefined;
  readonly #onTaken: () => void;
  /** Events received and not yet taken by the consumer: never more than the window. */
  readonly #buffer: TEvent[] = [];
  #waiter: Waiter<TEvent> | undefined;
  /** An `onData` promise is pending: the next event waits. */
  #delivering = false;
  /** A `complete` or `error` that arrived while events were still waiting for `onData`. */
  #pendingEnd: (() => void) | undefined;
  #ended = false;
  /** The error a `for await` loop is still to see; thrown once. */
  #error: unknown;

  constructor(onData: ((event: TEvent) => unknown) | undefined, onTaken: () => void) {
    this.#onData = onData;
    this.#onTaken = onTaken;
  }

  /** Events received but not yet finished by the consumer. */
  get unconsumed(): number {
    return this.#buffer.length + (this.#delivering ? 1 : 0);
  }

  /** An event arrived. */
  deliver(event: TEvent): void {
    if (this.#onData) {
      this.#buffer.push(event);
      this.#pump();
      return;
    }
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = undefined;
      this.#onTaken();
      waiter.resolve({ done: false, value: event });
    } else {
      this.#buffer.push(event);
    }
  }

  /** Runs `end` now, or once `onData` has taken every event that arrived before it. */
  afterDelivery(end: () => void): void {
    if (this.#onData && (this.#delivering || this.#buffer.length > 0)) {
      this.#pendingEnd = end;
      return;
    }
    end();
  }

  /** No more events: a waiting `for await` ends, or throws `error` (once) if there is one. */
  end(error?: unknown): void {
    this.#ended = true;
    const waiter = this.#waiter;
    this.#waiter = undefined;
    if (error === undefined) waiter?.resolve({ done: true, value: undefined });
    else if (waiter) waiter.reject(error);
    else this.#error = error;
  }

  /** The next event for a `for await` loop. */
  next(): Promise<IteratorResult<TEvent>> {
    if (this.#buffer.length > 0) {
      const value = this.#buffer.shift() as TEvent;
      this.#onTaken();
      return Promise.resolve({ done: false, value });
    }
    if (this.#error !== undefined) {
      const error = this.#error;
      // The error is thrown once; later calls see the end of the stream.
      this.#error = undefined;
      return Promise.reject(error);
    }
    if (this.#ended) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }

  /** Hands waiting events to `onData`, one at a time, waiting for the promises it returns. */
  #pump(): void {
    const onData = this.#onData;
    if (!onData) return;
    while (!this.#delivering && this.#buffer.length > 0 && !this.#ended) {
      const event = this.#buffer.shift() as TEvent;
      let result: unknown;
      try {
        result = onData(event);
      } finally {
        if (!isPromiseLike(result)) this.#onTaken();
      }
      if (isPromiseLike(result)) {
        this.#delivering = true;
        const next = () => {
          this.#delivering = false;
          this.#onTaken();
          this.#pump();
        };
        result.then(next, (error: unknown) => {
          next();
          // An onData that rejects is the app's bug; surface it as an unhandled rejection would.
          queueMicrotask(() => {
            throw error;
          });
        });
        return;
      }
    }
    if (!this.#delivering && this.#buffer.length === 0) {
      const end = this.#pendingEnd;
      this.#pendingEnd = undefined;
      end?.();
    }
  }
}
