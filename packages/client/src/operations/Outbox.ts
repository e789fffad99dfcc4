import type { ClientMessage, ConnectionLimits, Frame } from '@wirecall/core';
import { type EncodeResult, frameSize } from '@wirecall/core/internal';
import type { Timers } from '../connection/timers.js';
import type { Operation } from './operation.js';
import { overMessageLimit, unencodableInput } from './sendErrors.js';

/** What the outbox needs from the client. */
export interface OutboxOptions {
  /** Encodes a message with the connection's codec, reporting what cannot be encoded. */
  readonly encode: (message: ClientMessage) => EncodeResult;
  /** Sends a frame on the current socket; false when not connected. */
  readonly send: (frame: Frame) => boolean;
  /** Bytes encoded and not yet written: the socket's buffer and the batcher's. */
  readonly bufferedAmount: () => number;
  /** What is encoded and not yet written stays at or under this many bytes. */
  readonly highWaterMark: number;
  /** How often a full socket is checked for having drained (browsers have no drain event). */
  readonly drainCheckMs: number;
  readonly timers: Timers;
}

/** The one frame the outbox keeps: for the operation whose turn it is, made before it fit. */
interface HeldFrame {
  readonly operation: Operation;
  readonly frame: Frame;
}

/**
 * Decides when operations go on the wire: calls stay queued while the server's advertised
 * `maxCallsInFlight` are running, and a frame is written only when what is encoded and not yet
 * written (socket and batcher) stays under the high-water mark with it, so even a synchronous
 * burst of calls never holds more than that in frames. Operations wait here in order, as their
 * input, and are encoded when their turn comes; subscriptions are not held back by calls.
 */
export class Outbox {
  readonly #options: OutboxOptions;
  readonly #subscriptions = new Set<Operation>();
  readonly #calls = new Set<Operation>();
  #callsOnWire = 0;
  #maxCallsInFlight = Number.POSITIVE_INFINITY;
  #maxMessageBytes = Number.POSITIVE_INFINITY;
  #open = false;
  #held: HeldFrame | undefined;
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

  /**
   * Queues an operation and sends what may go now. `frame`, its start message encoded already,
   * is used if the operation goes out at once or is the next to go; else it is dropped, and the
   * message encoded again when its turn comes.
   */
  enqueue(operation: Operation, frame?: Frame): void {
    // Nothing waits ahead of it (the common case, one call at a time): straight to the socket,
    // with the same checks a flush makes, without queueing and iterating it.
    if (frame !== undefined && this.#sendsAtOnce(operation)) {
      if (this.#sendOne(operation, frame)) {
        if (operation.kind === 'call' && operation.sent) this.#callsOnWire++;
        return;
      }
      // Over the high-water mark (it is held) or not sent: it waits its turn like any other.
      (operation.kind === 'call' ? this.#calls : this.#subscriptions).add(operation);
      return;
    }
    const queue = operation.kind === 'call' ? this.#calls : this.#subscriptions;
    queue.add(operation);
    if (frame !== undefined && this.#held === undefined && queue.size === 1)
      this.#held = { operation, frame };
    this.flush();
  }

  /** Forgets a settled operation; a call that was on the wire makes room for the next. */
  remove(operation: Operation): void {
    if (this.#held?.operation === operation) this.#held = undefined;
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
    this.#open = true;
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
    this.#open = false;
    this.#callsOnWire = 0;
    // A subscription's frame carries its credit and cursor as they stood: made again on open.
    this.#held = undefined;
    this.#options.timers.clearTimeout(this.#drainTimer);
    this.#drainTimer = undefined;
  }

  /** Sends queued operations while the socket and the server's limits allow. */
  flush(): void {
    // Failing an operation settles it, which may queue another: one flush at a time.
    if (this.#flushing || !this.#open || this.#drainTimer !== undefined) return;
    this.#flushing = true;
    try {
      this.#flushOnce();
    } finally {
      this.#flushing = false;
    }
  }

  /** Whether `operation` may go out now, with nothing queued before it and room on the wire. */
  #sendsAtOnce(operation: Operation): boolean {
    if (!this.#open || this.#flushing || this.#drainTimer !== undefined) return false;
    if (this.#held !== undefined || this.#subscriptions.size > 0 || this.#calls.size > 0)
      return false;
    return operation.kind === 'subscription' || this.#callsOnWire < this.#maxCallsInFlight;
  }

  #flushOnce(): void {
    // Iterating an empty set still makes an iterator: a settled call flushes every time.
    if (this.#subscriptions.size > 0) {
      for (const operation of this.#subscriptions) {
        if (!this.#sendOne(operation)) return;
        this.#subscriptions.delete(operation);
      }
    }
    if (this.#calls.size === 0) return;
    for (const operation of this.#calls) {
      if (this.#callsOnWire >= this.#maxCallsInFlight) return;
      if (!this.#sendOne(operation)) return;
      this.#calls.delete(operation);
      if (operation.sent) this.#callsOnWire++;
    }
  }

  /**
   * Sends one operation, or fails it when it cannot be sent at all; false stops the flush (no
   * room under the high-water mark, or no socket).
   */
  #sendOne(operation: Operation, encoded?: Frame): boolean {
    const frame = encoded ?? this.#frameOf(operation);
    if (frame === undefined) return true;
    const size = byteLength(frame, this.#maxMessageBytes);
    if (size > this.#maxMessageBytes) {
      operation.fail(overMessageLimit(size, this.#maxMessageBytes));
      return true;
    }
    const buffered = this.#options.bufferedAmount();
    // A frame larger than the mark alone still goes, once nothing else is buffered.
    if (buffered > 0 && buffered + frameSize(frame) > this.#options.highWaterMark) {
      this.#held ??= { operation, frame };
      this.#drainTimer = this.#options.timers.setTimeout(() => {
        this.#drainTimer = undefined;
        this.flush();
      }, this.#options.drainCheckMs);
      return false;
    }
    if (this.#held?.operation === operation) this.#held = undefined;
    operation.sent = this.#options.send(frame);
    return operation.sent;
  }

  /** The operation's start frame: the one held for it, or encoded now. Fails it if it cannot be. */
  #frameOf(operation: Operation): Frame | undefined {
    if (this.#held?.operation === operation) return this.#held.frame;
    const message = operation.startMessage();
    const encoded = this.#options.encode(message);
    if (encoded.ok) return encoded.frame;
    operation.fail(unencodableInput(message.path, encoded.problem));
    return undefined;
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
