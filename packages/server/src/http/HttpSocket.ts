import type { Frame, OperationId } from '@wirecall/core';
import type { RateLimitCheck } from '../middleware/rateLimitStore.js';
import type { ServerSocket } from '../transport.js';

/** Where an {@link HttpSocket} hands what the server sends, and how the server closed it. */
export interface HttpSocketSink {
  /**
   * One frame from the server. A returned promise asks the server to wait before sending more:
   * how the pace of an HTTP response body reaches the connection core.
   */
  send(frame: string): void | Promise<void>;
  /** The server closed the connection (refused it, ended it, shut down). */
  close(code: number, reason: string): void;
  /** A rate limit checked one of the requests; for the response's `RateLimit-*` headers. */
  rateLimited?(check: RateLimitCheck): void;
  /** A call passed its middleware; its handler runs. */
  callAdmitted?(id: OperationId): void;
}

/**
 * A {@link ServerSocket} over HTTP: the connection core runs one connection per stream or per
 * batch of calls exactly as over a WebSocket, while the HTTP side feeds it frames and carries what
 * it sends into a response body.
 */
export class HttpSocket implements ServerSocket {
  readonly protocol: string;
  readonly #sink: HttpSocketSink;
  #onMessage: ((frame: Frame) => void) | undefined;
  #onClose: ((code: number, reason: string) => void) | undefined;
  #closed = false;
  /** Bytes the response has queued and the peer has not read; kept by the HTTP side. */
  bufferedAmount = 0;

  constructor(protocol: string, sink: HttpSocketSink) {
    this.protocol = protocol;
    this.#sink = sink;
  }

  get closed(): boolean {
    return this.#closed;
  }

  send(frame: Frame): void | Promise<void> {
    if (this.#closed) return;
    // HTTP carries JSON text only (the hub picks the JSON codec's subprotocol for it).
    return this.#sink.send(typeof frame === 'string' ? frame : new TextDecoder().decode(frame));
  }

  close(code: number, reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#sink.close(code, reason);
    this.#onClose?.(code, reason);
  }

  rateLimited(check: RateLimitCheck): void {
    this.#sink.rateLimited?.(check);
  }

  callAdmitted(id: OperationId): void {
    this.#sink.callAdmitted?.(id);
  }

  onMessage(listener: (frame: Frame) => void): void {
    this.#onMessage = listener;
  }

  onClose(listener: (code: number, reason: string) => void): void {
    this.#onClose = listener;
  }

  /** A frame from the client (the body of a request). */
  deliver(frame: string): void {
    if (!this.#closed) this.#onMessage?.(frame);
  }

  /** The client went away (the request was aborted, the response cancelled). */
  peerClosed(code: number, reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#onClose?.(code, reason);
  }
}
