import { CloseCode, type Frame } from '@wirecall/core';
import type { ServerSocket } from '../../transport.js';
import type { BunSocketEvents, BunWebSocketLike } from './bunTypes.js';

/** Bun's `readyState` of an open socket. */
const OPEN = 1;

/**
 * One of Bun's `ServerWebSocket`s as a {@link ServerSocket}, with Bun's own backpressure signals:
 * a send Bun queued (-1) returns a promise that settles at the next `drain`, `bufferedAmount` is
 * what Bun holds unwritten, and `pause`/`resume` stop and restart reading from the peer. A send
 * Bun dropped (0) closes the socket with 4429: the client reconnects and resumes from its
 * cursors rather than missing a message without knowing.
 */
export class BunServerSocket implements ServerSocket, BunSocketEvents {
  readonly #ws: BunWebSocketLike;
  #onMessage: ((frame: Frame) => void) | undefined;
  #onClose: ((code: number, reason: string) => void) | undefined;
  /** Settles the sends waiting for Bun's next `drain`; one promise for all of them. */
  #drain: { readonly promise: Promise<void>; readonly resolve: () => void } | undefined;

  constructor(ws: BunWebSocketLike) {
    this.#ws = ws;
    ws.data.events = this;
  }

  get protocol(): string {
    return this.#ws.data.protocol;
  }

  get bufferedAmount(): number {
    return this.#ws.getBufferedAmount();
  }

  send(frame: Frame): void | Promise<void> {
    const ws = this.#ws;
    if (ws.readyState !== OPEN) return;
    const sent = ws.send(frame);
    if (sent === -1) return this.#nextDrain();
    if (sent === 0) this.close(CloseCode.SLOW_CONSUMER, 'Message dropped under backpressure');
  }

  close(code: number, reason: string): void {
    if (this.#ws.readyState !== OPEN) return;
    this.#ws.close(code, reason);
  }

  terminate(): void {
    this.#ws.terminate();
  }

  pause(): void {
    this.#ws.pause();
  }

  resume(): void {
    this.#ws.resume();
  }

  onMessage(listener: (frame: Frame) => void): void {
    this.#onMessage = listener;
  }

  onClose(listener: (code: number, reason: string) => void): void {
    this.#onClose = listener;
  }

  receive(message: string | Uint8Array): void {
    // Bun hands binary messages over as Buffers: the core takes plain byte views.
    this.#onMessage?.(
      typeof message === 'string'
        ? message
        : new Uint8Array(message.buffer, message.byteOffset, message.byteLength),
    );
  }

  drained(): void {
    const drain = this.#drain;
    this.#drain = undefined;
    drain?.resolve();
  }

  closed(code: number, reason: string): void {
    // Waiting senders go on, to find the socket closed.
    this.drained();
    this.#onClose?.(code, reason);
  }

  #nextDrain(): Promise<void> {
    if (!this.#drain) {
      let resolve = () => {};
      const promise = new Promise<void>((settle) => {
        resolve = settle;
      });
      this.#drain = { promise, resolve };
    }
    return this.#drain.promise;
  }
}
