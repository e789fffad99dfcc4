/** What a session reads of each of its watchers. */
export interface SessionWatcher {
  /**
   * The lowest invalidation sequence number its evaluation has not yet re-run for; undefined
   * when it is up to date (or failed, or has no result yet: neither holds the others back).
   */
  readonly behindFrom: number | undefined;
  /** The session's version moved on: results it held back may go now. */
  notify(): void;
}

/** How long a mutation's answer waits at most for the connection's live queries to catch up. */
export const READ_YOUR_WRITES_TIMEOUT_MS = 10_000;

/**
 * How long a slow (or stuck) re-run may hold back the other live queries of its connection:
 * after that, the session moves on to the newest invalidation and results go out as they come.
 */
export const MAX_HOLD_MS = 5_000;

interface Waiter {
  readonly sequence: number;
  readonly resolve: (liveVersion: number) => void;
}

/**
 * The live queries of one connection, moving together: each result a re-run produces is held
 * until every other query of the connection hit by the same invalidations has re-run too, then
 * all go out at once under one version, the connection's live version. It is the sequence number
 * of the newest invalidation the connection's live queries all reflect, so two queries never show
 * two different moments side by side. A mutation's answer waits for the version its own
 * invalidations got (read-your-own-writes).
 */
export class LiveSession {
  readonly #watchers = new Set<SessionWatcher>();
  readonly #current: () => number;
  readonly #onEmpty: (() => void) | undefined;
  #waiters: Waiter[] = [];
  /** Runs out when a re-run has held the session back for {@link MAX_HOLD_MS}. */
  #holdTimer: ReturnType<typeof setTimeout> | undefined;
  /** The session moves on without waiting for re-runs of invalidations up to this number. */
  #forcedTo = 0;
  /** The connection's live version: results whose invalidation is at most this may go out. */
  version: number;

  /**
   * @param current the registry's newest invalidation sequence number.
   * @param onEmpty called when its last watcher leaves.
   */
  constructor(current: () => number, onEmpty?: () => void) {
    this.#current = current;
    this.#onEmpty = onEmpty;
    this.version = current();
  }

  get size(): number {
    return this.#watchers.size;
  }

  add(watcher: SessionWatcher): void {
    this.#watchers.add(watcher);
  }

  delete(watcher: SessionWatcher): void {
    this.#watchers.delete(watcher);
    this.update();
    if (this.#watchers.size === 0) this.#onEmpty?.();
  }

  /** An evaluation of this session ran, or a watcher handed out a result: look again. */
  update(): void {
    const current = this.#current();
    let version = current;
    for (const watcher of this.#watchers) {
      const behind = watcher.behindFrom;
      if (behind !== undefined && behind > this.#forcedTo && behind - 1 < version)
        version = behind - 1;
    }
    this.#watchHold(version < current, current);
    if (version > this.version) {
      this.version = version;
      for (const watcher of this.#watchers) watcher.notify();
    }
    this.#settle();
  }

  /**
   * Resolves with the live version once the session's live queries reflect invalidation number
   * `sequence` and their results have been handed to the socket; undefined when there is nothing
   * to wait for. Gives up after {@link READ_YOUR_WRITES_TIMEOUT_MS} (a query that takes that
   * long): the answer must come, even if before the results.
   */
  settled(sequence: number): Promise<number> | undefined {
    if (this.#watchers.size === 0) return undefined;
    return new Promise((resolve) => {
      let done = false;
      const once = (liveVersion: number) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(liveVersion);
      };
      const timer = setTimeout(() => once(this.version), READ_YOUR_WRITES_TIMEOUT_MS);
      (timer as { unref?: () => void }).unref?.();
      this.#waiters.push({ sequence, resolve: once });
      this.update();
    });
  }

  /** Starts the hold timer when a re-run holds the session back, stops it when none does. */
  #watchHold(held: boolean, current: number): void {
    if (!held || this.#watchers.size === 0) {
      clearTimeout(this.#holdTimer);
      this.#holdTimer = undefined;
      return;
    }
    if (this.#holdTimer) return;
    this.#holdTimer = setTimeout(() => {
      this.#holdTimer = undefined;
      this.#forcedTo = Math.max(this.#forcedTo, current);
      this.update();
    }, MAX_HOLD_MS);
    (this.#holdTimer as { unref?: () => void }).unref?.();
  }

  #settle(): void {
    if (this.#waiters.length === 0) return;
    const ready = this.#waiters.filter((waiter) => waiter.sequence <= this.version);
    if (ready.length === 0) return;
    this.#waiters = this.#waiters.filter((waiter) => waiter.sequence > this.version);
    const version = this.version;
    // A turn later: the watchers were woken, and their subscriptions send the results in the
    // microtasks that follow; the answer must come after them on the socket. A watcher out of
    // credit is not waited for: its client has not taken the last result yet (and a client
    // that takes results as they come grants credit before it sends its next call).
    setTimeout(() => {
      for (const waiter of ready) waiter.resolve(version);
    }, 0);
  }
}
