import { ErrorCode, RpcError } from '@wirecall/core';
import { gcra } from '../middleware/rateLimitStore.js';

/** One second: the window of the per-second update limits. */
const SECOND = 1_000;

/**
 * How many state updates a presence takes on this instance: `perEntry` a second from each
 * connection's entry, `perRoom` a second into one room (all its local entries together), each a
 * GCRA bucket (the rate limits' one algorithm), so a burst up to the limit passes and a steady
 * flood is held to it. A refused update counts against neither.
 */
export class UpdateBudget {
  readonly #perEntry: number;
  readonly #perRoom: number;
  readonly #now: () => number;
  /** Theoretical arrival times by bucket; forgotten once past (an idle bucket is a full one). */
  readonly #entries = new Map<string, number>();
  readonly #rooms = new Map<string, number>();

  constructor(perEntry: number, perRoom: number, now: () => number = () => performance.now()) {
    this.#perEntry = perEntry;
    this.#perRoom = perRoom;
    this.#now = now;
  }

  /**
   * Counts one update of `entry` in `room`.
   * @throws RpcError `RATE_LIMITED` (with `retryAfterMs`) past either limit.
   */
  take(room: string, entry: string, path: string): void {
    const now = this.#now();
    const ofEntry = gcra(this.#entries.get(entry), now, {
      limit: this.#perEntry,
      windowMs: SECOND,
    });
    const ofRoom = gcra(this.#rooms.get(room), now, { limit: this.#perRoom, windowMs: SECOND });
    if (!ofEntry.check.success || !ofRoom.check.success) {
      const retryAfterMs = Math.max(ofEntry.check.retryAfterMs, ofRoom.check.retryAfterMs, 1);
      const which = ofEntry.check.success ? 'this room' : 'this connection';
      throw new RpcError(
        ErrorCode.RATE_LIMITED,
        { retryAfterMs },
        { message: `Too many presence updates for "${path}" from ${which}` },
      );
    }
    this.#entries.set(entry, ofEntry.tat as number);
    this.#rooms.set(room, ofRoom.tat as number);
    if (this.#entries.size + this.#rooms.size > 10_000) this.#forget(now);
  }

  /** Drops the entry's bucket (it left). */
  forget(entry: string): void {
    this.#entries.delete(entry);
  }

  #forget(now: number): void {
    for (const [key, tat] of this.#entries) if (tat < now) this.#entries.delete(key);
    for (const [key, tat] of this.#rooms) if (tat < now) this.#rooms.delete(key);
  }
}
