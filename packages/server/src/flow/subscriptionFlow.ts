import { MAX_CREDIT } from '@wirecall/core';

const noBacklog = () => 0;

/**
 * One subscription's flow control on the server: the credit its client has granted (events it
 * may still be sent) and the count of events dropped by the overflow policy since the last event
 * went out. The subscription pulls from its handler only while it has credit.
 */
export class SubscriptionFlow {
  #credit: number;
  #dropped = 0;
  #wake: (() => void) | undefined;
  /** Events waiting at the server for this subscriber, where a source queues them for it. */
  backlog: () => number = noBacklog;

  /** @param credit The initial window; undefined for a client that does no flow control. */
  constructor(credit: number | undefined) {
    this.#credit = credit ?? Number.POSITIVE_INFINITY;
  }

  /** Events the client may still be sent. */
  get credit(): number {
    return this.#credit;
  }

  /** The client took `count` events off its hands; the sum saturates at 2^31 - 1. */
  grant(count: number): void {
    this.#credit = Math.min(MAX_CREDIT, this.#credit + count);
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  /** Resolves when there is credit; undefined when there is some already. */
  whenCredit(): Promise<void> | undefined {
    if (this.#credit > 0) return undefined;
    return new Promise((resolve) => {
      this.#wake = resolve;
    });
  }

  /** One event is going out. */
  spend(): void {
    this.#credit--;
  }

  /** Counts events a push source dropped for this subscriber. */
  addDropped = (count: number): void => {
    this.#dropped += count;
  };

  /** The events dropped since the last call, to tell the client with the next event. */
  takeDropped(): number {
    const dropped = this.#dropped;
    this.#dropped = 0;
    return dropped;
  }
}
