import type { Timers } from './timers.js';

/** Options of the client's heartbeat. */
export interface HeartbeatOptions {
  /** Milliseconds between pings. @default 10_000 */
  intervalMs?: number;
  /** Milliseconds to wait for the pong before the connection counts as dead. @default 5_000 */
  timeoutMs?: number;
}

/**
 * Pings `intervalMs` after the last sign of life and reports the connection dead when nothing
 * answers within `timeoutMs`, so a half-open TCP connection is replaced within
 * `intervalMs + timeoutMs` (at most twice the interval). Any message from the server also
 * counts as an answer.
 */
export class Heartbeat {
  readonly #timers: Timers;
  readonly #intervalMs: number;
  readonly #timeoutMs: number;
  readonly #ping: () => void;
  readonly #onDead: () => void;
  #timer: unknown;
  #awaitingPong = false;

  constructor(options: {
    timers: Timers;
    intervalMs: number;
    timeoutMs: number;
    ping: () => void;
    onDead: () => void;
  }) {
    this.#timers = options.timers;
    this.#intervalMs = options.intervalMs;
    this.#timeoutMs = Math.min(options.timeoutMs, options.intervalMs);
    this.#ping = options.ping;
    this.#onDead = options.onDead;
  }

  /** Starts pinging; call when the connection opens. */
  start(): void {
    this.stop();
    if (!Number.isFinite(this.#intervalMs) || this.#intervalMs <= 0) return;
    this.#schedulePing();
  }

  /** Something arrived from the server: the connection is alive. */
  alive(): void {
    if (!this.#awaitingPong) return;
    this.#awaitingPong = false;
    this.#timers.clearTimeout(this.#timer);
    this.#schedulePing();
  }

  /** Pings now instead of at the next interval (after sleep, or when a tab becomes visible). */
  checkNow(): void {
    if (this.#awaitingPong || this.#timer === undefined) return;
    this.#timers.clearTimeout(this.#timer);
    this.#awaitingPong = true;
    this.#ping();
    this.#timer = this.#timers.setTimeout(() => {
      this.#awaitingPong = false;
      this.#onDead();
    }, this.#timeoutMs);
  }

  /** Stops all timers; call when the connection closes. */
  stop(): void {
    this.#timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#awaitingPong = false;
  }

  #schedulePing(): void {
    this.#timer = this.#timers.setTimeout(() => {
      this.#awaitingPong = true;
      this.#ping();
      this.#timer = this.#timers.setTimeout(() => {
        this.#awaitingPong = false;
        this.#onDead();
      }, this.#timeoutMs);
    }, this.#intervalMs);
  }
}
