/**
 * Counts a connection's pings per second, so a flood of them costs the server no more than
 * `max` pongs a second: a client pings once per heartbeat interval, only a flood comes near it.
 */
export class PingLimiter {
  readonly #max: number;
  /** Start (`Date.now()`) of the second whose pings {@link #count} counts. */
  #window = 0;
  #count = 0;

  constructor(max: number) {
    this.#max = max;
  }

  /** Counts one ping; whether it may be answered. */
  allow(now = Date.now()): boolean {
    if (now - this.#window >= 1_000) {
      this.#window = now;
      this.#count = 0;
    }
    return ++this.#count <= this.#max;
  }
}
