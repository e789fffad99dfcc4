import {
  type CallMessage,
  CloseCode,
  type Codec,
  type Frame,
  type OperationId,
  type ServerMessage,
  type SubscribeMessage,
} from '@wirecall/core';
import type { RateLimitCheck } from '../middleware/rateLimitStore.js';
import type { ServerSocket } from '../transport.js';
import type { ConnectionSettings } from './connectionSettings.js';
import type { OperationBook } from './OperationBook.js';
import { SharedServices } from './SharedServices.js';
import { SocketOutbox } from './SocketOutbox.js';

/**
 * The sending side of a connection: what its operations send goes through its outbox (made at
 * the first send: an idle connection has none), and what its transport wants to hear of (rate
 * limits, admitted calls) goes to its socket. The connection adds the rest: handshake, dispatch,
 * operations, closing.
 */
export abstract class ConnectionOutput extends SharedServices {
  /** The connection's socket; one slot, which the connection uses too. */
  protected readonly socket: ServerSocket;
  #outbox: SocketOutbox | undefined;
  /** Whether the client said in `hello` that it takes batches. */
  protected takesBatches = false;
  /** While an operation that came alone in its frame starts: its first message may go at once. */
  #answersAtOnce = false;

  constructor(socket: ServerSocket, settings: ConnectionSettings) {
    super(settings);
    this.socket = socket;
  }

  /** Whether the connection has closed: nothing more is sent. */
  abstract get isClosed(): boolean;

  /** Closes the connection (here: a client too slow to read its messages). */
  abstract close(code: number, reason: string, stopAll?: boolean): void;

  get codec(): Codec {
    return this.settings.codec;
  }

  /**
   * Only where the transport listens (HTTP): elsewhere middleware has no one to tell. Getters
   * rather than fields: a WebSocket connection then keeps two slots fewer.
   */
  get rateLimited(): ((check: RateLimitCheck) => void) | undefined {
    const socket = this.socket;
    return socket.rateLimited && ((check) => socket.rateLimited?.(check));
  }

  get callAdmitted(): ((id: OperationId) => void) | undefined {
    const socket = this.socket;
    return socket.callAdmitted && ((id) => socket.callAdmitted?.(id));
  }

  send(message: ServerMessage): void | Promise<void> {
    if (this.isClosed) return;
    const atOnce = this.#answersAtOnce;
    this.#answersAtOnce = false;
    return this.#outboxNow().send(message, atOnce);
  }

  /** Sends a frame encoded with {@link codec}: a broadcast event encoded once for many sockets. */
  sendFrame(frame: Frame): void | Promise<void> {
    if (this.isClosed) return;
    return this.#outboxNow().sendFrame(frame);
  }

  writable(): Promise<void> | undefined {
    return this.isClosed ? undefined : this.#outbox?.writable();
  }

  /**
   * Starts an operation in `book`; with `alone`, it came alone in its frame and the first message
   * it sends meanwhile may leave at once (see `SocketOutbox.send`).
   */
  protected startIn(
    book: OperationBook,
    message: CallMessage | SubscribeMessage,
    alone: boolean,
  ): void {
    this.#answersAtOnce = alone;
    try {
      book.start(message);
    } finally {
      this.#answersAtOnce = false;
    }
  }

  /** Writes what waits in the outbox now: what was sent before a close goes first. */
  protected flushOutbox(): void {
    this.#outbox?.flush();
  }

  /** The connection closed: nothing waiting is sent, and waiting writers are released. */
  protected discardOutbox(): void {
    this.#outbox?.discard();
  }

  #outboxNow(): SocketOutbox {
    this.#outbox ??= new SocketOutbox(this.socket, this.settings, this.takesBatches, () =>
      this.close(CloseCode.SLOW_CONSUMER, 'The client read too slowly for too long'),
    );
    return this.#outbox;
  }
}
