/** Options of the server's heartbeat. */
export interface ServerHeartbeatOptions {
  /**
   * Milliseconds of silence from a client before the server pings it. Any message from the
   * client (its own pings included) counts as a sign of life. @default 30_000
   */
  intervalMs?: number;
  /** Milliseconds the client has to answer a ping before it is dropped (close code 4410). @default 10_000 */
  timeoutMs?: number;
}

/**
 * Watches one connection for signs of life: after `intervalMs` of silence it pings, and when the
 * client stays silent for `timeoutMs` more it reports the client dead. A dead client is thus
 * dropped, and its subscriptions freed, at most `intervalMs + timeoutMs` after it went silent.
 */
export class ServerHeartbeat {
  readonly #intervalMs: number;
  readonly #timeoutMs: number;
  readonly #ping: () => void;
  readonly #onDead: () => void;
  #lastSeen = Date.now();
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: {
    intervalMs: number;
    timeoutMs: number;
    ping: () => void;
    onDead: () => void;
  }) {
    this.#intervalMs = options.intervalMs;
    this.#timeoutMs = options.timeoutMs;
    this.#ping = options.ping;
    this.#onDead = options.onDead;
  }

  /** Starts watching; a no-op when the interval is 0 or not finite. */
  start(): void {
    this.stop();
    if (!Number.isFinite(this.#intervalMs) || this.#intervalMs <= 0) return;
    this.#lastSeen = Date.now();
    this.#schedule(this.#intervalMs);
  }

  /** Something arrived from the client. Cheap: called for every message. */
  alive(): void {
    this.#lastSeen = Date.now();
  }

  /** Stops all timers. */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(delayMs: number): void {
    this.#timer = setTimeout(() => this.#check(), delayMs);
    // A heartbeat alone must not keep a process alive.
    this.#timer.unref?.();
  }

  #check(): void {
    const silentFor = Date.now() - this.#lastSeen;
    if (silentFor < this.#intervalMs) {
      this.#schedule(this.#intervalMs - silentFor);
      return;
    }
    const pingedAt = Date.now();
    this.#ping();
    this.#timer = setTimeout(() => {
      if (this.#lastSeen >= pingedAt) this.#check();
      else this.#onDead();
    }, this.#timeoutMs);
    this.#timer.unref?.();
  }
}
