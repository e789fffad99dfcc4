/** One result of a live query as it goes to the client: its value and the version it has. */
export interface LiveResult {
  /** A hash of the value: equal values have equal versions. */
  readonly version: string;
  readonly value: unknown;
}

/** What a watcher reads of the evaluation it watches. */
export interface WatchedEvaluation {
  /** The newest result, once there is one. */
  readonly latest: LiveResult | undefined;
  /** Set when the query failed: every watcher's iteration then throws it. */
  readonly failure: { readonly error: unknown } | undefined;
  detach(watcher: LiveWatcher): void;
}

/**
 * One watch of a shared evaluation: an async iterator of its results that holds no queue, only
 * the version it gave out last. A consumer that pulls late (out of credit, a full socket) gets
 * the newest result and never the ones in between: a slow watcher costs no memory.
 */
export class LiveWatcher implements AsyncIterableIterator<LiveResult> {
  readonly #evaluation: WatchedEvaluation;
  #delivered: string | undefined;
  #wake: (() => void) | undefined;
  #done = false;

  constructor(evaluation: WatchedEvaluation) {
    this.#evaluation = evaluation;
  }

  /** The evaluation has a new result or failed: a waiting `next` looks again. */
  notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  async next(): Promise<IteratorResult<LiveResult>> {
    while (!this.#done) {
      const { failure, latest } = this.#evaluation;
      if (failure) throw failure.error;
      if (latest && latest.version !== this.#delivered) {
        this.#delivered = latest.version;
        return { done: false, value: latest };
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
    return { done: true, value: undefined };
  }

  async return(): Promise<IteratorResult<LiveResult>> {
    if (!this.#done) {
      this.#done = true;
      this.notify();
      this.#evaluation.detach(this);
    }
    return { done: true, value: undefined };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
