import { type ConnectionLimits, ErrorCode, type Frame, RpcError } from '@wirecall/core';
import type { Timers } from '../connection/timers.js';
import type { Operation } from './operation.js';

/** What the outbox needs from the client. */
export interface OutboxOptions {
  /** An operation's encoded start message. */
  readonly frame: (operation: Operation) => Frame;
  /** Sends a frame on the current socket; false when not connected. */
  readonly send: (frame: Frame) => boolean;
  /** Bytes the socket has queued but not yet written. */
  readonly bufferedAmount: () => number;
  /** Above this many buffered bytes, nothing more is sent until the socket drains. */
  readonly highWaterMark: number;
  /** How often a full socket is checked for having drained (browsers have no drain event). */
  readonly drainCheckMs: number;
  readonly timers: Timers;
}

/**
 * Decides when operations go on the wire: calls stay queued while the server's advertised
 * `maxCallsInFlight` are running, and nothing is sent while the socket's own buffer is above its
 * high-water mark. Operations wait here in order until their turn; subscriptions are not held
 * back by calls.
 */
export class Outbox {
  readonly #options: OutboxOptions;
  readonly #subscriptions = new Set<Operation>();
  readonly #calls = new Set<Operation>();
  #callsOnWire = 0;
  #maxCallsInFlight = Number.POSITIVE_INFINITY;
  #maxMessageBytes = Number.POSITIVE_INFINITY;
  #drainTimer: unknown;
  #flushing = false;

  constructor(options: OutboxOptions) {
    this.#options = options;
  }

  /** Calls sent on the current socket that have not settled. */
  get callsOnWire(): number {
    return this.#callsOnWire;
  }

  /** Operations waiting for their turn. */
  get queued(): number {
    return this.#subscriptions.size + this.#calls.size;
  }

  /** Queues an operation and sends what may go now. */
  enqueue(operation: Operation): void {
    (operation.kind === 'call' ? this.#calls : this.#subscriptions).add(operation);
    this.flush();
  }

  /** Forgets a settled operation; a call that was on the wire makes room for the next. */
  remove(operation: Operation): void {
    if (operation.kind === 'subscription') {
      this.#subscriptions.delete(operation);
      return;
    }
    if (this.#calls.delete(operation)) return;
    if (operation.sent && this.#callsOnWire > 0) {
      this.#callsOnWire--;
      this.flush();
    }
  }

  /**
   * A new socket is open: adopts the server's limits and queues, in order, every operation that
   * is not on this socket yet.
   */
  opened(limits: ConnectionLimits | undefined, operations: Iterable<Operation>): void {
    this.#maxCallsInFlight = limits?.maxCallsInFlight ?? Number.POSITIVE_INFINITY;
    this.#maxMessageBytes = limits?.maxMessageBytes ?? Number.POSITIVE_INFINITY;
    this.#callsOnWire = 0;
    this.#subscriptions.clear();
    this.#calls.clear();
    for (const operation of operations) {
      if (operation.sent) continue;
      (operation.kind === 'call' ? this.#calls : this.#subscriptions).add(operation);
    }
    this.flush();
  }

  /** The socket dropped: nothing is on the wire any more; operations are queued again on open. */
  dropped(): void {
    this.#callsOnWire = 0;
    this.#options.timers.clearTimeout(this.#drainTimer);
    this.#drainTimer = undefined;
  }

  /** Sends queued operations while the socket and the server's limits allow. */
  flush(): void {
    // Failing an oversized operation settles it, which may queue another: one flush at a time.
    if (this.#flushing) return;
    this.#flushing = true;
    try {
      this.#flushOnce();
    } finally {
      this.#flushing = false;
    }
  }

  #flushOnce(): void {
    if (this.#drainTimer !== undefined) return;
    for (const operation of this.#subscriptions) {
      if (!this.#sendOne(operation)) return;
      this.#subscriptions.delete(operation);
    }
    for (const operation of this.#calls) {
      if (this.#callsOnWire >= this.#maxCallsInFlight) return;
      if (!this.#sendOne(operation)) return;
      this.#calls.delete(operation);
      if (operation.sent) this.#callsOnWire++;
    }
  }

  /** Sends one operation unless the socket is full or gone; false stops the flush. */
  #sendOne(operation: Operation): boolean {
    if (this.#options.bufferedAmount() > this.#options.highWaterMark) {
      this.#drainTimer = this.#options.timers.setTimeout(() => {
        this.#drainTimer = undefined;
        this.flush();
      }, this.#options.drainCheckMs);
      return false;
    }
    const frame = this.#options.frame(operation);
    const size = byteLength(frame, this.#maxMessageBytes);
    if (size > this.#maxMessageBytes) {
      // The server would close the whole connection (1009) and a re-send would do it again.
      operation.fail(
        new RpcError(
          ErrorCode.LIMIT_EXCEEDED,
          { limit: 'maxMessageBytes', max: this.#maxMessageBytes },
          {
            message: `A ${size}-byte message is over the server's ${this.#maxMessageBytes}-byte limit`,
          },
        ),
      );
      return true;
    }
    operation.sent = this.#options.send(frame);
    return operation.sent;
  }
}

/**
 * A frame's size in bytes, exact when it might be over `max`: a text frame is only encoded to
 * count it when its UTF-16 length (each unit 1 to 3 UTF-8 bytes) does not already settle it.
 */
function byteLength(frame: Frame, max: number): number {
  if (typeof frame !== 'string') return frame.byteLength;
  if (frame.length * 3 <= max) return frame.length;
  return new TextEncoder().encode(frame).byteLength;
}
