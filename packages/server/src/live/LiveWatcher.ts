import type { LiveEvent, LivePatch } from '@wirecall/core/internal';
import type { LiveSession, SessionWatcher } from './LiveSession.js';

/** One result of a live query as an evaluation keeps it. */
export interface LiveResult {
  /** A hash of the value: equal values have equal versions. */
  readonly version: string;
  readonly value: unknown;
  /**
   * The invalidation (its sequence number) this result is the re-run for; 0 for a first run.
   * Its connection holds it back until all its live queries have caught up with that one.
   */
  readonly cause: number;
  /** The way from the previous result, when it is much smaller than the value. */
  readonly patch?: { readonly base: string; readonly operations: LivePatch };
}

/** What a watcher reads of the evaluation it watches. */
export interface WatchedEvaluation {
  /** The newest result, once there is one. */
  readonly latest: LiveResult | undefined;
  /** Set when the query failed: every watcher's iteration then throws it. */
  readonly failure: { readonly error: unknown } | undefined;
  /** The lowest invalidation the evaluation has not yet re-run for, if any. */
  readonly behindFrom: number | undefined;
  detach(watcher: LiveWatcher): void;
}

/**
 * One watch of a shared evaluation: an async iterator of its results that holds no queue, only
 * the version it gave out last. A consumer that pulls late (out of credit, a full socket) gets
 * the newest result and never the ones in between: a slow watcher costs no memory. A re-run's
 * result waits for the watcher's session (its connection) to reach the invalidation it answers.
 */
export class LiveWatcher implements AsyncIterableIterator<LiveEvent>, SessionWatcher {
  readonly #evaluation: WatchedEvaluation;
  readonly #session: LiveSession;
  #delivered: string | undefined;
  #wake: (() => void) | undefined;
  #done = false;

  constructor(evaluation: WatchedEvaluation, session: LiveSession) {
    this.#evaluation = evaluation;
    this.#session = session;
    session.add(this);
  }

  get session(): LiveSession {
    return this.#session;
  }

  get behindFrom(): number | undefined {
    const evaluation = this.#evaluation;
    return this.#done || evaluation.failure || !evaluation.latest
      ? undefined
      : evaluation.behindFrom;
  }

  /** The evaluation has a new result or failed, or the session moved on: a waiting `next` looks again. */
  notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  async next(): Promise<IteratorResult<LiveEvent>> {
    while (!this.#done) {
      const failure = this.#evaluation.failure;
      if (failure) throw failure.error;
      const latest = this.#deliverable();
      if (latest) {
        const base = this.#delivered;
        this.#delivered = latest.version;
        const liveVersion = this.#session.version;
        const { patch } = latest;
        const event: LiveEvent =
          patch && patch.base === base
            ? { version: latest.version, base: patch.base, patch: patch.operations, liveVersion }
            : { version: latest.version, value: latest.value, liveVersion };
        return { done: false, value: event };
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
    return { done: true, value: undefined };
  }

  async return(): Promise<IteratorResult<LiveEvent>> {
    if (!this.#done) {
      this.#done = true;
      this.notify();
      this.#evaluation.detach(this);
      this.#session.delete(this);
    }
    return { done: true, value: undefined };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** The result to hand out next: a new one, unless the session holds it back. The first always goes. */
  #deliverable(): LiveResult | undefined {
    const latest = this.#evaluation.latest;
    if (!latest || latest.version === this.#delivered) return undefined;
    if (this.#delivered !== undefined && latest.cause > this.#session.version) return undefined;
    return latest;
  }
}
