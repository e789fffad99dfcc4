/**
 * Closes a connection that has run nothing for `timeoutMs` (the server's `idleTimeoutMs`; 0 turns
 * it off). One timer per connection, armed when the connection becomes idle and left running
 * while calls come and go: a call only notes the time, and a timer that fires before the
 * connection has been idle long enough waits for the rest. Re-arming it on every call cost a
 * `clearTimeout` and a `setTimeout` per call.
 */
export class IdleTimer {
  readonly #timeoutMs: number;
  readonly #onIdle: () => void;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** When the connection last became idle (`Date.now()`); undefined while something runs. */
  #idleSince: number | undefined;

  /** The timer for `timeoutMs`, or none when it is 0 (the default): most servers keep none. */
  static of(timeoutMs: number, onIdle: () => void): IdleTimer | undefined {
    return timeoutMs > 0 ? new IdleTimer(timeoutMs, onIdle) : undefined;
  }

  /** @param onIdle the connection ran nothing for `timeoutMs`: close it. */
  constructor(timeoutMs: number, onIdle: () => void) {
    this.#timeoutMs = timeoutMs;
    this.#onIdle = onIdle;
  }

  /** Something runs: no countdown until it ends. */
  busy(): void {
    this.#idleSince = undefined;
  }

  /** Nothing runs from now on: the countdown starts (again). */
  idle(): void {
    if (this.#timeoutMs === 0) return;
    this.#idleSince = Date.now();
    if (this.#timer === undefined) this.#arm(this.#timeoutMs);
  }

  /** The connection closed: no countdown any more. */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#idleSince = undefined;
  }

  #arm(delayMs: number): void {
    this.#timer = setTimeout(() => this.#fire(), delayMs);
  }

  #fire(): void {
    this.#timer = undefined;
    const since = this.#idleSince;
    // Busy: `idle` arms it again when the connection runs nothing.
    if (since === undefined) return;
    const left = since + this.#timeoutMs - Date.now();
    if (left > 0) this.#arm(left);
    else this.#onIdle();
  }
}
