import type { Codec, Frame } from '@wirecall/core';
import { canBatch, DEFAULT_MAX_BATCH_SIZE, FrameBatcher } from '@wirecall/core/internal';
import { type WebSocketLike, WS_OPEN } from './webSocketLike.js';

/**
 * Writes frames to one socket: straight through until the server's `welcome` says it takes
 * batches, then what is sent in one turn goes as one frame.
 */
export class FrameWriter {
  readonly #socket: WebSocketLike;
  readonly #onError: (error: unknown) => void;
  #batcher: FrameBatcher | undefined;

  /** `onError` hears of a batch that failed to go out at the end of a turn. */
  constructor(socket: WebSocketLike, onError: (error: unknown) => void) {
    this.#socket = socket;
    this.#onError = onError;
  }

  /** Batches from now on, never past the server's largest message. */
  startBatching(codec: Codec, maxMessageBytes: number | null | undefined): void {
    if (!canBatch(codec) || this.#batcher) return;
    const socket = this.#socket;
    this.#batcher = new FrameBatcher(
      {
        send: (frame) => {
          if (socket.readyState === WS_OPEN) socket.send(frame as string);
        },
        onError: this.#onError,
      },
      codec,
      // A character is at most 3 bytes in UTF-8: a batch never crosses the server's limit.
      Math.min(
        DEFAULT_MAX_BATCH_SIZE,
        Math.floor((maxMessageBytes ?? Number.POSITIVE_INFINITY) / 3),
      ),
    );
  }

  /** Bytes the socket has queued but not yet sent, with what waits for the end of the turn. */
  get bufferedAmount(): number {
    return this.#socket.bufferedAmount + (this.#batcher?.pendingSize ?? 0);
  }

  /** Writes a frame, or queues it for the turn's batch; false when the socket is not open. */
  write(frame: Frame): boolean {
    if (this.#socket.readyState !== WS_OPEN) return false;
    if (this.#batcher) this.#batcher.push(frame);
    else this.#socket.send(frame as string);
    return true;
  }

  /** The socket ends: what waits goes out first if `flush`, else it is dropped with the socket. */
  end(flush: boolean): void {
    const batcher = this.#batcher;
    this.#batcher = undefined;
    if (flush) batcher?.flush();
    batcher?.discard();
  }
}
