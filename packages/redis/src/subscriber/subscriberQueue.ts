/** One event waiting for a subscriber. */
export interface QueuedEvent {
  readonly id: string;
  readonly data: unknown;
}

/**
 * The events of one local subscriber that its consumer has not pulled yet, bounded: past
 * `capacity` it stops queueing and marks itself overflowed, so a slow consumer cannot exhaust the
 * server's memory. `next()` waits for an event, an overflow, a failure or an abort.
 */
export class SubscriberQueue {
  readonly #capacity: number;
  #items: QueuedEvent[] = [];
  #head = 0;
  #wake: (() => void) | undefined;
  /** More events arrived than fit; the ones after the queued ones were dropped. */
  overflowed = false;
  /** Why the source stopped, when it did. */
  failure: Error | undefined;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#items.length - this.#head;
  }

  push(id: string, data: unknown): void {
    if (this.overflowed) return;
    if (this.size >= this.#capacity) this.overflowed = true;
    else this.#items.push({ id, data });
    this.#signal();
  }

  fail(error: Error): void {
    this.failure = error;
    this.#signal();
  }

  /** The oldest queued event, if any. */
  shift(): QueuedEvent | undefined {
    if (this.#head >= this.#items.length) return undefined;
    const item = this.#items[this.#head++];
    // Compact now and then rather than shifting the array on every event.
    if (this.#head > 1_024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }

  /** Forgets everything queued and the overflow. */
  clear(): void {
    this.#items = [];
    this.#head = 0;
    this.overflowed = false;
  }

  /** Resolves when something happens: an event, an overflow, a failure, or {@link wake}. */
  wait(): Promise<void> {
    if (this.size > 0 || this.overflowed || this.failure) return Promise.resolve();
    return new Promise((resolve) => {
      this.#wake = resolve;
    });
  }

  /** Ends a pending {@link wait}, e.g. on abort. */
  wake(): void {
    this.#signal();
  }

  #signal(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
