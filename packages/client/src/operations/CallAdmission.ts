import type { OperationId, RpcError } from '@wirecall/core';
import type { Operation } from './operation.js';
import { queueFull } from './sendErrors.js';

/** The bounds of {@link CallAdmission}. */
export interface AdmissionLimits {
  /** Calls admitted at once (queued or in flight); as many more may wait for room. */
  readonly maxPendingCalls: number;
  /** Bytes of the admitted calls' encoded messages. */
  readonly maxPendingBytes: number;
}

/** What became of a call offered to {@link CallAdmission}. */
export type Admission = 'admitted' | 'waiting' | RpcError;

/** A call waiting for room, with the size of its encoded message. */
interface Waiter {
  readonly call: Operation;
  readonly size: number;
}

/**
 * Bounds the client's calls: at most `maxPendingCalls` calls and `maxPendingBytes` bytes are
 * admitted at once; past that a call waits for room, at most `maxPendingCalls` of them, or is
 * refused with `BACKPRESSURE`. A waiting call holds its input and its size, never a frame.
 */
export class CallAdmission {
  readonly #limits: AdmissionLimits;
  readonly #onAdmit: (call: Operation) => void;
  /** Admitted calls; each holds its size in `admittedSize` (no map to keep per call). */
  #calls = 0;
  /** Calls waiting for room, in order. */
  readonly #waiting = new Map<OperationId, Waiter>();
  #bytes = 0;

  /** `onAdmit` starts a call that waited, once it has room. */
  constructor(limits: AdmissionLimits, onAdmit: (call: Operation) => void) {
    this.#limits = limits;
    this.#onAdmit = onAdmit;
  }

  /** Calls admitted and not settled. */
  get calls(): number {
    return this.#calls;
  }

  /** Encoded bytes of the admitted calls. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Calls waiting for room. */
  get waiting(): number {
    return this.#waiting.size;
  }

  /**
   * Refuses a new call before it is even encoded when the count alone says there is no room for
   * it, now or in the line: a burst past the bounds then costs no encoding.
   */
  refuseEarly(whenFull: 'wait' | 'fail'): RpcError | undefined {
    if (this.#waiting.size === 0 && this.#calls < this.#limits.maxPendingCalls) return undefined;
    if (whenFull === 'fail' || this.#waiting.size >= this.#limits.maxPendingCalls)
      return queueFull(this.#calls, this.#bytes);
    return undefined;
  }

  /**
   * Admits a new call of `size` bytes if there is room and nothing waits ahead of it; else it
   * waits (`wait`, while fewer than `maxPendingCalls` wait) or is refused.
   */
  offer(call: Operation, size: number, whenFull: 'wait' | 'fail'): Admission {
    if (this.#waiting.size === 0 && this.#hasRoomFor(size)) {
      this.#admit(call, size);
      return 'admitted';
    }
    if (
      whenFull === 'fail' ||
      this.#waiting.size >= this.#limits.maxPendingCalls ||
      size > this.#limits.maxPendingBytes
    ) {
      return queueFull(this.#calls, this.#bytes);
    }
    this.#waiting.set(call.id, { call, size });
    return 'waiting';
  }

  /** Forgets a settled call; returns whether it was admitted (not waiting, not unknown). */
  release(call: Operation): boolean {
    if (this.#waiting.size > 0 && this.#waiting.get(call.id)?.call === call) {
      this.#waiting.delete(call.id);
      return false;
    }
    const size = call.admittedSize;
    if (size === undefined) return false;
    call.admittedSize = undefined;
    this.#calls--;
    this.#bytes -= size;
    this.#admitWaiting();
    return true;
  }

  /** The calls still waiting, in order. */
  waitingCalls(): Operation[] {
    return [...this.#waiting.values()].map((waiter) => waiter.call);
  }

  #hasRoomFor(size: number): boolean {
    return (
      this.#calls < this.#limits.maxPendingCalls &&
      this.#bytes + size <= this.#limits.maxPendingBytes
    );
  }

  #admit(call: Operation, size: number): void {
    call.admittedSize = size;
    this.#calls++;
    this.#bytes += size;
  }

  /** Lets waiting calls in, in order, while there is room. */
  #admitWaiting(): void {
    // Iterating an empty map still makes an iterator, and every settled call comes here.
    if (this.#waiting.size === 0) return;
    for (const [id, waiter] of this.#waiting) {
      if (!this.#hasRoomFor(waiter.size)) return;
      this.#waiting.delete(id);
      this.#admit(waiter.call, waiter.size);
      this.#onAdmit(waiter.call);
    }
  }
}
