import { pacedPublish } from './pacedPublish.js';
import type { TickEvent } from './types.js';

/** A subscriber's queue above this many events makes the publisher wait. */
const HIGH_WATER = 1_024;

interface Subscriber {
  queue: TickEvent[];
  head: number;
  wake: (() => void) | undefined;
}

/**
 * An in-process publisher whose subscribers are async generators, the shape both wirecall and
 * tRPC subscription handlers take: each subscriber has its own queue, drained by its generator as
 * fast as the RPC system pulls from it.
 */
export class Publisher {
  readonly #subscribers = new Set<Subscriber>();

  /** Subscribers currently attached. */
  get size(): number {
    return this.#subscribers.size;
  }

  /** One subscriber's stream; it detaches when `signal` aborts or the consumer stops iterating. */
  async *stream(signal: AbortSignal): AsyncGenerator<TickEvent> {
    const subscriber: Subscriber = { queue: [], head: 0, wake: undefined };
    const onAbort = () => subscriber.wake?.();
    signal.addEventListener('abort', onAbort, { once: true });
    this.#subscribers.add(subscriber);
    try {
      while (!signal.aborted) {
        if (subscriber.head === subscriber.queue.length) {
          subscriber.queue = [];
          subscriber.head = 0;
          await new Promise<void>((resolve) => {
            subscriber.wake = resolve;
          });
          subscriber.wake = undefined;
          continue;
        }
        const event = subscriber.queue[subscriber.head++] as TickEvent;
        yield event;
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.#subscribers.delete(subscriber);
    }
  }

  /** Publishes `count` events to every subscriber, pausing while a subscriber lags behind. */
  publish(count: number): Promise<void> {
    return pacedPublish(
      count,
      (seq) => {
        const event: TickEvent = { seq };
        for (const subscriber of this.#subscribers) {
          subscriber.queue.push(event);
          subscriber.wake?.();
        }
      },
      () => {
        for (const subscriber of this.#subscribers) {
          if (subscriber.queue.length - subscriber.head > HIGH_WATER) return true;
        }
        return false;
      },
    );
  }
}
