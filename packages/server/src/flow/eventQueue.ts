import { DEFAULT_BUFFER_SIZE, ErrorCode, type OverflowPolicy, RpcError } from '@wirecall/core';

/** Events an {@link EventQueue} holds when neither the contract nor the client says (defined in core for both ends). */
export { DEFAULT_BUFFER_SIZE };

/** Options of {@link EventQueue}. */
export interface EventQueueOptions {
  /** What happens to an event that finds the queue full. @default 'buffer' */
  readonly overflow?: OverflowPolicy;
  /** Events held before the policy applies (`latest` always holds one). @default 1_000 */
  readonly bufferSize?: number;
  /** Ends iteration (without error) when aborted. */
  readonly signal?: AbortSignal;
  /** Told how many events were dropped, each time some are. */
  readonly onDrop?: (count: number) => void;
}

/**
 * A bounded queue between a push source that cannot be paused (an emitter, a pub/sub topic) and a
 * subscription that pulls events only as fast as its client takes them. When the client falls
 * behind and the queue is full, the overflow policy decides: `buffer` ends the subscription with
 * `SLOW_CONSUMER`; `drop-oldest` and `drop-newest` drop events (and count them); `latest` keeps
 * only the newest value. Memory stays bounded whatever the source does.
 * @example
 * async *prices(_input, ctx) {
 *   const queue = ctx.queue<Price>();
 *   const stop = feed.onPrice((price) => queue.push(price));
 *   try { yield* queue; } finally { stop(); }
 * }
 */
export class EventQueue<T> implements AsyncIterable<T> {
  readonly #overflow: OverflowPolicy;
  readonly #bufferSize: number;
  readonly #onDrop: ((count: number) => void) | undefined;
  readonly #items: T[] = [];
  #head = 0;
  #dropped = 0;
  #ended = false;
  #endError: unknown;
  #error: RpcError | undefined;
  #wake: (() => void) | undefined;

  constructor(options: EventQueueOptions = {}) {
    this.#overflow = options.overflow ?? 'buffer';
    this.#bufferSize =
      this.#overflow === 'latest' ? 1 : (options.bufferSize ?? DEFAULT_BUFFER_SIZE);
    this.#onDrop = options.onDrop;
    if (!(this.#bufferSize >= 1)) throw new RangeError('bufferSize must be at least 1');
    const { signal } = options;
    if (signal?.aborted) this.end();
    else signal?.addEventListener('abort', () => this.end(), { once: true });
  }

  /** Events waiting to be pulled. */
  get size(): number {
    return this.#items.length - this.#head;
  }

  /** Events dropped so far by the overflow policy. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Adds an event; never blocks. Ignored once the queue has ended or failed. */
  push = (event: T): void => {
    if (this.#ended || this.#error) return;
    if (this.size >= this.#bufferSize) {
      switch (this.#overflow) {
        case 'buffer':
          this.#fail(
            new RpcError(
              ErrorCode.SLOW_CONSUMER,
              { bufferSize: this.#bufferSize },
              { message: `The subscriber fell more than ${this.#bufferSize} events behind` },
            ),
          );
          return;
        case 'drop-newest':
          this.#drop(1);
          return;
        case 'drop-oldest':
        case 'latest':
          this.#items[this.#head++] = undefined as T;
          this.#drop(1);
          this.#compact();
          break;
        default:
          this.#overflow satisfies never;
      }
    }
    this.#items.push(event);
    this.#wakeUp();
  };

  /**
   * Ends the queue: iteration finishes after the events already queued, then throws `error` if
   * one is given (the source failed).
   */
  end(error?: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#endError = error;
    this.#wakeUp();
  }

  /**
   * Takes the next queued event without waiting; undefined when none is queued (or the queue has
   * ended and its events are taken).
   * @throws the queue's `SLOW_CONSUMER` error once the `buffer` policy failed it, and the error
   * the queue ended with once its events are taken.
   */
  take(): T | undefined {
    if (this.#error) throw this.#error;
    if (this.size === 0) {
      if (this.#ended && this.#endError !== undefined) throw this.#endError;
      return undefined;
    }
    return this.#shift();
  }

  /** Takes the oldest queued event (the queue holds at least one). */
  #shift(): T {
    const event = this.#items[this.#head] as T;
    this.#items[this.#head++] = undefined as T;
    this.#compact();
    return event;
  }

  /** Yields the queued events in order, waiting for more, until the queue ends or fails. */
  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    while (true) {
      if (this.#error) throw this.#error;
      if (this.size > 0) {
        yield this.#shift();
        continue;
      }
      if (this.#ended) {
        if (this.#endError !== undefined) throw this.#endError;
        return;
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  #fail(error: RpcError): void {
    this.#error = error;
    this.#items.length = 0;
    this.#head = 0;
    this.#wakeUp();
  }

  #drop(count: number): void {
    this.#dropped += count;
    this.#onDrop?.(count);
  }

  /** Reclaims the slots of pulled events once they are the larger part of the array. */
  #compact(): void {
    if (this.#head > 64 && this.#head * 2 > this.#items.length) {
      this.#items.splice(0, this.#head);
      this.#head = 0;
    }
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}

/**
 * Re-queues a source's events through an {@link EventQueue}: the source is drained as fast as it
 * yields, so whatever buffer it keeps stays small, and the queue's overflow policy bounds the rest.
 */
export function throughQueue<T>(
  source: AsyncIterable<T>,
  options: EventQueueOptions,
): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]() {
      const queue = new EventQueue<T>(options);
      const iterator = source[Symbol.asyncIterator]();
      void (async () => {
        try {
          while (true) {
            const step = await iterator.next();
            if (step.done) break;
            queue.push(step.value);
          }
          queue.end();
        } catch (error) {
          queue.end(error);
        }
      })();
      const events = queue[Symbol.asyncIterator]();
      return {
        next: () => events.next(),
        return: async () => {
          queue.end();
          void Promise.resolve(iterator.return?.()).catch(() => {});
          return { done: true, value: undefined };
        },
      };
    },
  };
}
