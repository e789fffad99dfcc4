import type { Timers } from '@wirecall/core';

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

/** The heartbeat of a server without a `heartbeat` option. */
export const defaultHeartbeat: Required<ServerHeartbeatOptions> = {
  intervalMs: 30_000,
  timeoutMs: 10_000,
};

/** A connection as the heartbeat sees it. */
export interface HeartbeatPeer {
  /** When the client was last heard from, as `Date.now()`. */
  readonly lastSeen: number;
  /** Sends the client a ping. */
  ping(): void;
  /** The client left a ping unanswered for `timeoutMs`: drop it. */
  drop(): void;
}

const systemTimers: Timers = {
  setTimeout(callback, ms) {
    const timer = setTimeout(callback, ms);
    // A heartbeat alone must not keep a process alive.
    timer.unref?.();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Fraction of the shorter of `intervalMs` and `timeoutMs` that sweeps are at least apart: how
 * late a ping or a drop may come, in exchange for not walking every peer each time one is due.
 */
const SWEEP_GRANULARITY = 1 / 10;

/**
 * Watches every connection of a server for signs of life: after `intervalMs` of silence a peer
 * is pinged, and when it stays silent for `timeoutMs` more it is dropped. A dead client is thus
 * dropped, and its subscriptions freed, `intervalMs + timeoutMs` after it went silent (plus at
 * most a tenth of the shorter of the two).
 *
 * One timer and one sweep over all peers serve the whole server, instead of a timer (and its
 * closures) per connection: idle connections are most of a server's memory. Each peer costs an
 * entry in a set and its own `lastSeen`; peers waiting for an answer also an entry in a map.
 * With no peers, no timer runs.
 */
export class ServerHeartbeat {
  readonly #intervalMs: number;
  readonly #timeoutMs: number;
  readonly #granularityMs: number;
  readonly #timers: Timers;
  readonly #peers = new Set<HeartbeatPeer>();
  /** When each peer that has not answered yet was pinged. */
  readonly #pinged = new Map<HeartbeatPeer, number>();
  #timer: unknown;
  /** When the timer fires; Infinity when none is set. */
  #sweepAt = Number.POSITIVE_INFINITY;
  readonly #sweep = () => this.#onSweep();

  /**
   * @param options `intervalMs` of 0 or not finite turns the heartbeat off; `timers` defaults to
   * the platform's (unref'd, so they never keep a process alive).
   */
  constructor(options: { intervalMs: number; timeoutMs: number; timers?: Timers }) {
    this.#intervalMs = options.intervalMs;
    this.#timeoutMs = options.timeoutMs;
    this.#granularityMs = Math.min(options.intervalMs, options.timeoutMs) * SWEEP_GRANULARITY;
    this.#timers = options.timers ?? systemTimers;
  }

  /** Whether the heartbeat pings at all. */
  get enabled(): boolean {
    return Number.isFinite(this.#intervalMs) && this.#intervalMs > 0;
  }

  /** How many peers are watched. */
  get size(): number {
    return this.#peers.size;
  }

  /** Starts watching `peer`, whose `lastSeen` is now; a no-op when the heartbeat is off. */
  watch(peer: HeartbeatPeer): void {
    if (!this.enabled) return;
    this.#peers.add(peer);
    this.#scheduleBy(peer.lastSeen + this.#intervalMs);
  }

  /** Stops watching `peer`; the timer stops with the last peer. */
  unwatch(peer: HeartbeatPeer): void {
    if (!this.#peers.delete(peer)) return;
    this.#pinged.delete(peer);
    if (this.#peers.size === 0) this.#cancel();
  }

  /** Makes sure a sweep runs by `at` (or within the granularity after it). */
  #scheduleBy(at: number): void {
    if (this.#sweepAt <= at) return;
    this.#cancel();
    this.#sweepAt = at;
    this.#timer = this.#timers.setTimeout(this.#sweep, Math.max(0, at - Date.now()));
  }

  #cancel(): void {
    if (this.#timer === undefined) return;
    this.#timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#sweepAt = Number.POSITIVE_INFINITY;
  }

  #onSweep(): void {
    this.#timer = undefined;
    this.#sweepAt = Number.POSITIVE_INFINITY;
    const now = Date.now();
    let next = Number.POSITIVE_INFINITY;
    // Deleting the current entry of a Set or Map while iterating it is safe: dropped peers
    // unwatch themselves.
    for (const peer of this.#peers) {
      const pingedAt = this.#pinged.size === 0 ? undefined : this.#pinged.get(peer);
      if (pingedAt !== undefined) {
        if (peer.lastSeen < pingedAt) {
          if (now - pingedAt >= this.#timeoutMs) {
            this.#pinged.delete(peer);
            peer.drop();
          } else {
            next = Math.min(next, pingedAt + this.#timeoutMs);
          }
          continue;
        }
        this.#pinged.delete(peer); // It answered (or said anything at all).
      }
      const quietUntil = peer.lastSeen + this.#intervalMs;
      if (now >= quietUntil) {
        this.#pinged.set(peer, now);
        peer.ping();
        next = Math.min(next, now + this.#timeoutMs);
      } else {
        next = Math.min(next, quietUntil);
      }
    }
    // Deadlines only move later (peers are heard from), so the earliest one found is never late;
    // sweeps stay a granularity apart however the deadlines spread.
    if (this.#peers.size > 0) this.#scheduleBy(Math.max(next, now + this.#granularityMs));
  }
}
