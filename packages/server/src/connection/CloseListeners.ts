/**
 * What waits for a connection to close (presence, a drain, the HTTP transport): run once, in
 * order, when it does; one added after it closed runs at once. None kept while none wait, as most
 * connections have none.
 */
export class CloseListeners {
  /**
   * Listeners of a connection that closed while none waited: each runs at once. Shared, so a
   * connection makes its own only when a listener comes before it closes.
   */
  static readonly runAtOnce = new CloseListeners(true);

  #waiting: Array<() => void> | undefined;
  #closed: boolean;

  constructor(closed = false) {
    this.#closed = closed;
  }

  /** Runs `listener` once the connection has closed: now, if it has. */
  add(listener: () => void): void {
    if (this.#closed) {
      listener();
      return;
    }
    this.#waiting ??= [];
    this.#waiting.push(listener);
  }

  /** The connection closed and stopped its operations: every listener runs, once. */
  closed(): void {
    this.#closed = true;
    const waiting = this.#waiting;
    this.#waiting = undefined;
    if (waiting) for (const listener of waiting) listener();
  }
}
