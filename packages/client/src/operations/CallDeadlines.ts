import type { Timers } from '../connection/timers.js';

/** Something that times out: a call waiting for its answer. */
export interface Expiring {
  /** When it times out, on the deadlines' clock; set by {@link CallDeadlines.add}. */
  expiresAt: number;
  /** Its time is up. */
  expire(): void;
  /** The lane it waits in, and its neighbours there: kept by {@link CallDeadlines}. */
  deadlineLane?: Lane | undefined;
  previousDeadline?: Expiring | undefined;
  nextDeadline?: Expiring | undefined;
}

/** The timer handle of a lane whose timer is firing: additions meanwhile do not arm another. */
const FIRING = Symbol('firing');

/**
 * The calls that share one timeout value, in the order their deadlines come: a list linked
 * through the calls themselves, so adding and removing one costs no set entry.
 */
export interface Lane {
  first: Expiring | undefined;
  last: Expiring | undefined;
  timer: unknown;
}

/**
 * Times out calls with one timer per distinct timeout instead of one per call. Calls with the
 * same timeout expire in the order they were made, so each timeout value keeps its calls in a
 * list in that order and one timer armed for the first of them. A call that settles leaves
 * the list and the timer stays: when it fires, it expires what is due and re-arms for the next
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
      lane = { first: undefined, last: undefined, timer: undefined };
      this.#lanes.set(timeoutMs, lane);
    }
    entry.deadlineLane = lane;
    entry.previousDeadline = lane.last;
    entry.nextDeadline = undefined;
    if (lane.last) lane.last.nextDeadline = entry;
    else lane.first = entry;
    lane.last = entry;
    if (lane.timer === undefined) this.#arm(lane, timeoutMs, entry.expiresAt, timeoutMs);
  }

  /** Forgets an entry that settled in time. */
  remove(entry: Expiring): void {
    // Undefined once it expired or was removed; a cleared lane is unlinked from harmlessly.
    const lane = entry.deadlineLane;
    if (lane !== undefined) unlink(lane, entry);
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
    // Always the first: expiring one call may settle others, which leave the list.
    for (let entry = lane.first; entry !== undefined; entry = lane.first) {
      if (entry.expiresAt > due) {
        this.#arm(lane, timeoutMs, entry.expiresAt, Math.max(0, entry.expiresAt - this.#now()));
        return;
      }
      unlink(lane, entry);
      entry.expire();
    }
    lane.timer = undefined;
    if (this.#lanes.get(timeoutMs) === lane && lane.first === undefined) {
      this.#lanes.delete(timeoutMs);
    }
  }
}

/** Takes `entry` out of its lane's list. */
function unlink(lane: Lane, entry: Expiring): void {
  const { previousDeadline: previous, nextDeadline: next } = entry;
  if (previous) previous.nextDeadline = next;
  else lane.first = next;
  if (next) next.previousDeadline = previous;
  else lane.last = previous;
  entry.deadlineLane = undefined;
  entry.previousDeadline = undefined;
  entry.nextDeadline = undefined;
}
