import type { Codec, Frame, ServerMessage } from '@wirecall/core';
import { canBatch, DEFAULT_MAX_BATCH_SIZE, FrameBatcher } from '@wirecall/core/internal';
import type { ServerLimits } from '../limits.js';
import type { ServerSocket } from '../transport.js';

/** How often a socket above its high-water mark is checked for having drained. */
const DRAIN_POLL_MS = 10;

/** What an outbox needs of its connection's settings. */
export interface SocketOutboxSettings {
  readonly codec: Codec;
  readonly limits: Pick<ServerLimits, 'highWaterMark' | 'slowSocketTimeoutMs'>;
}

/**
 * Everything a connection sends after its welcome: encodes messages, batches those of one turn
 * for a client that takes batches, and measures what waits (the socket's buffer plus the
 * batcher's) against the high-water mark. Every byte counts, whatever the message: a socket kept
 * over the mark by answers or pongs is as slow as one kept there by events. While over it, the
 * client's frames are not read (where the transport can pause).
 */
export class SocketOutbox {
  readonly #socket: ServerSocket;
  readonly #settings: SocketOutboxSettings;
  readonly #batch: boolean;
  readonly #onSlow: () => void;
  /** Made at the first send: a client that takes batches but gets nothing costs none. */
  #batcher: FrameBatcher | undefined;
  /** Set while the socket is above its high-water mark: resolves when it has drained. */
  #drained: Promise<void> | undefined;
  #discarded = false;

  /**
   * @param batch whether the client said in `hello` that it takes batches.
   * @param onSlow the socket stayed above its high-water mark for `slowSocketTimeoutMs`: close
   * it (4429).
   */
  constructor(
    socket: ServerSocket,
    settings: SocketOutboxSettings,
    batch: boolean,
    onSlow: () => void,
  ) {
    this.#socket = socket;
    this.#settings = settings;
    this.#batch = batch;
    this.#onSlow = onSlow;
  }

  /**
   * Sends one message; a promise asks the caller to wait before sending more. `atOnce`: the
   * answer to a call that came alone in its frame. When it is the first frame of the turn, it
   * goes out now instead of at the turn's end (see `FrameBatcher.sendNow`): a client making one call at a time is waiting for it and
   * nothing else, and the rest of the turn (unwinding the socket library's stack) no longer
   * delays it. Order holds: it goes out only when nothing is queued before it, and what follows
   * in the same turn is batched as before. Calls that came in a batch are answered in one, too.
   */
  send(message: ServerMessage, atOnce = false): void | Promise<void> {
    if (this.#discarded) return;
    return this.sendFrame(this.#settings.codec.encode(message), atOnce);
  }

  /** Sends one frame encoded with the connection's codec, as {@link send} sends a message. */
  sendFrame(frame: Frame, atOnce = false): void | Promise<void> {
    if (this.#discarded) return;
    const batcher = this.#batcher ?? (this.#batch ? this.#startBatching() : undefined);
    const sent = !batcher
      ? this.#socket.send(frame)
      : atOnce
        ? batcher.sendNow(frame)
        : batcher.push(frame);
    // Past the mark the slow-consumer countdown starts, whoever waits for the socket.
    if (this.#queuedBytes() > this.#settings.limits.highWaterMark) void this.writable();
    return sent;
  }

  /**
   * Resolves when the socket has drained below its high-water mark (or the connection closed);
   * undefined when it is below already. A socket that stays above it for `slowSocketTimeoutMs`
   * is given to `onSlow`.
   */
  writable(): Promise<void> | undefined {
    const { highWaterMark, slowSocketTimeoutMs } = this.#settings.limits;
    if (this.#discarded || this.#queuedBytes() <= highWaterMark) return undefined;
    if (!this.#drained) {
      // One poll per connection while it is full, however many operations wait: browsers' and
      // most runtimes' sockets have no drain event to wait on.
      const fullSince = Date.now();
      // Meanwhile nothing more is read from the client: what it sends would only add answers.
      this.#socket.pause?.();
      this.#drained = new Promise<void>((resolve) => {
        const check = () => {
          if (this.#discarded || this.#queuedBytes() <= highWaterMark) {
            if (!this.#discarded) this.#socket.resume?.();
            this.#drained = undefined;
            resolve();
          } else if (Date.now() - fullSince > slowSocketTimeoutMs) {
            this.#onSlow();
            this.#drained = undefined;
            resolve();
          } else {
            setTimeout(check, DRAIN_POLL_MS);
          }
        };
        setTimeout(check, DRAIN_POLL_MS);
      });
    }
    return this.#drained;
  }

  /** Writes what waits for the end of the turn now: what was sent before a close goes first. */
  flush(): void {
    this.#batcher?.flush();
  }

  /** The connection closed: nothing more is sent, and waiting writers are released. */
  discard(): void {
    this.#discarded = true;
    this.#batcher?.discard();
    // Read again, if only to finish the closing handshake: what comes is ignored.
    if (this.#drained) this.#socket.resume?.();
  }

  /** What the socket holds plus what waits for the end of the turn (counted in characters). */
  #queuedBytes(): number {
    return this.#socket.bufferedAmount + (this.#batcher?.pendingSize ?? 0);
  }

  #startBatching(): FrameBatcher | undefined {
    const { codec } = this.#settings;
    if (!canBatch(codec)) return undefined;
    this.#batcher = new FrameBatcher(this.#socket, codec, DEFAULT_MAX_BATCH_SIZE);
    return this.#batcher;
  }
}
