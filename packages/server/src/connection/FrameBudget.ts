/**
 * Counts a connection's incoming frames against `maxFramesPerSecond`, before any of them is
 * decoded: a token bucket refilled continuously that holds 20 ms' worth (at least 10 frames), so
 * a flood is cut off after a short burst (2,000 frames at the default rate) rather than a second of
 * work, while a client sending steadily at the rate is never refused. A client that
 * keeps sending faster than the rate (of any frames, valid or not) runs it dry and is closed, so
 * a flood costs the server one subtraction per frame, not a decode and a validation.
 */
export class FrameBudget {
  readonly #rate: number;
  readonly #burst: number;
  #tokens: number;
  #at: number;

  constructor(maxFramesPerSecond: number, now: number) {
    this.#rate = maxFramesPerSecond / 1_000;
    this.#burst = Math.max(10, maxFramesPerSecond / 50);
    this.#tokens = this.#burst;
    this.#at = now;
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
}
