/** The longest a flooding socket is paused at a time, in ms: a slowed client is never stalled long. */
const MAX_PAUSE_MS = 100;

/** Pauses within {@link PAUSE_WINDOW_MS} past which a client keeps flooding and is closed. */
const MAX_PAUSES = 3;

/** The window {@link MAX_PAUSES} counts in, in ms. */
const PAUSE_WINDOW_MS = 1_000;

/**
 * Counts a connection's incoming frames against `maxFramesPerSecond`, before any of them is
 * decoded: a token bucket refilled continuously that holds 20 ms' worth (at least 10 frames), so
 * a client sending steadily at the rate is never held up, and one over it runs the bucket dry
 * after a short burst (2,000 frames at the default rate). Then the connection pauses its socket
 * (TCP pushes back on the client) for the time half the bucket takes to refill, at most
 * {@link MAX_PAUSE_MS}: a burst is slowed to the rate, not refused. A client that runs it dry
 * more than {@link MAX_PAUSES} times within a second keeps flooding and is closed (4430): over
 * budget for about a second, not for one burst. Either way a flood costs one subtraction per frame, not a decode and a validation.
 */
export class FrameBudget {
  readonly #rate: number;
  readonly #burst: number;
  #tokens: number;
  #at: number;
  /** Times the bucket ran dry since {@link #windowAt}. */
  #pauses = 0;
  #windowAt: number;

  constructor(maxFramesPerSecond: number, now: number) {
    this.#rate = maxFramesPerSecond / 1_000;
    this.#burst = Math.max(10, maxFramesPerSecond / 50);
    this.#tokens = this.#burst;
    this.#at = now;
    this.#windowAt = now;
  }

  /** The most frames a paused socket may still deliver before it counts as flooding: half a burst. */
  get held(): number {
    return Math.max(10, Math.floor(this.#burst / 2));
  }

  /** Counts one frame arriving at `now` (ms); whether it is within the budget. */
  take(now: number): boolean {
    const elapsed = now - this.#at;
    if (elapsed > 0) {
      this.#tokens = Math.min(this.#burst, this.#tokens + elapsed * this.#rate);
      this.#at = now;
    }
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /**
   * The bucket ran dry at `now` (ms): how long to pause the socket, in ms, or undefined when the
   * client was paused more than {@link MAX_PAUSES} times within a second and is to be closed.
   */
  pause(now: number): number | undefined {
    if (now - this.#windowAt > PAUSE_WINDOW_MS) {
      this.#windowAt = now;
      this.#pauses = 0;
    }
    this.#pauses++;
    if (this.#pauses > MAX_PAUSES) return undefined;
    const refill = (this.#burst / 2 - this.#tokens) / this.#rate;
    return Math.min(MAX_PAUSE_MS, Math.max(1, Math.ceil(refill)));
  }
}
