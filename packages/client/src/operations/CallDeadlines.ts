import type { Timers } from '../connection/timers.js';

/** Something that times out: a call waiting for its answer. */
export interface Expiring {
  /** When it times out, on the deadlines' clock; set by {@link CallDeadlines.add}. */
  expiresAt: number;
  /** Its time is up. */
  expire(): void;
}

/** The timer handle of a lane whose timer is firing: additions meanwhile do not arm another. */
const FIRING = Symbol('firing');

/** The calls that share one timeout value, in the order their deadlines come. */
interface Lane {
  readonly entries: Set<Expiring>;
  timer: unknown;
}

/**
 * Times out calls with one timer per distinct timeout instead of one per call. Calls with the
 * same timeout expire in the order they were made, so each timeout value keeps its calls in a
 * set in insertion order and one timer armed for the first of them. A call that settles leaves
 * the set and the timer stays: when it fires, it expires what is due and re-arms for the next
 * call. A timer per call would cost more than the rest of the client's work for a small call.
 */
export class CallDeadlines {
  readonly #timers: Timers;
  readonly #now: () => number;
  readonly #lanes = new Map<number, Lane>();

  constructor(timers: Timers, now: () => number) {
    this.#timers = timers;
    this.#now = now;
  }

  /** Calls `entry.expire()` once `timeoutMs` have passed, unless it is removed first. */
  add(entry: Expiring, timeoutMs: number): void {
    entry.expiresAt = this.#now() + timeoutMs;
    let lane = this.#lanes.get(timeoutMs);
    if (!lane) {
      lane = { entries: new Set(), timer: undefined };
      this.#lanes.set(timeoutMs, lane);
    }
    lane.entries.add(entry);
    if (lane.timer === undefined) this.#arm(lane, timeoutMs, entry.expiresAt, timeoutMs);
  }

  /** Forgets an entry that settled in time. */
  remove(entry: Expiring, timeoutMs: number): void {
    this.#lanes.get(timeoutMs)?.entries.delete(entry);
  }

  /** Stops every timer; entries are forgotten without expiring. */
  clear(): void {
    for (const lane of this.#lanes.values()) {
      if (lane.timer !== FIRING) this.#timers.clearTimeout(lane.timer);
    }
    this.#lanes.clear();
  }

  #arm(lane: Lane, timeoutMs: number, due: number, delayMs: number): void {
    lane.timer = this.#timers.setTimeout(() => this.#fire(lane, timeoutMs, due), delayMs);
    // Pending calls keep a socket or a reconnect timer alive; this timer alone must not hold a
    // process open after its calls settled.
    (lane.timer as { unref?: () => void } | undefined)?.unref?.();
  }

  /**
   * The timer armed for deadline `due` fired: everything due by then expires. The timer, not
   * the clock, decides what is due, so timers driven by hand in tests expire calls as they would
   * real ones.
   */
  #fire(lane: Lane, timeoutMs: number, due: number): void {
    lane.timer = FIRING;
    for (const entry of lane.entries) {
      if (entry.expiresAt > due) {
        this.#arm(lane, timeoutMs, entry.expiresAt, Math.max(0, entry.expiresAt - this.#now()));
        return;
      }
      lane.entries.delete(entry);
      entry.expire();
    }
    lane.timer = undefined;
    if (this.#lanes.get(timeoutMs) === lane && lane.entries.size === 0) {
      this.#lanes.delete(timeoutMs);
    }
  }
}
