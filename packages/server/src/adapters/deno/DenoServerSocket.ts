import { CloseCode, type Frame } from '@wirecall/core';
import type { ServerSocket } from '../../transport.js';
import type { DenoWebSocketLike } from './denoTypes.js';

/** `readyState` of an open WebSocket. */
const OPEN = 1;

const encoder = new TextEncoder();

/** The UTF-8 size of a text frame, computed only where its length leaves it in doubt. */
function exceeds(frame: string, maxBytes: number): boolean {
  // A UTF-16 unit takes 1 to 3 bytes in UTF-8 (a surrogate pair: 4 for 2 units).
  if (frame.length > maxBytes) return true;
  if (frame.length * 3 <= maxBytes) return false;
  return encoder.encode(frame).byteLength > maxBytes;
}

/**
 * A WebSocket of `Deno.upgradeWebSocket` as a {@link ServerSocket}. Deno's `bufferedAmount` is
 * real, but there is no drain event: the server's outbox polls it while the socket is above its
 * high-water mark, as it does for every transport. Deno cannot pause reading nor drop a socket
 * without a close handshake, so neither is offered (the core then reads on, and closes a dead
 * peer with 4410). Deno has no limit on frame sizes: frames over `maxMessageBytes` close the
 * socket with 1009 here, as `ws` and Bun do.
 */
export class DenoServerSocket implements ServerSocket {
  readonly protocol: string;
  readonly #socket: DenoWebSocketLike;
  readonly #maxMessageBytes: number;
  #onMessage: ((frame: Frame) => void) | undefined;
  #onClose: ((code: number, reason: string) => void) | undefined;

  /** @param protocol the subprotocol agreed to (Deno's server socket reports none). */
  constructor(socket: DenoWebSocketLike, protocol: string, maxMessageBytes: number) {
    this.protocol = protocol;
    this.#socket = socket;
    this.#maxMessageBytes = maxMessageBytes;
    socket.binaryType = 'arraybuffer';
    socket.addEventListener('message', (event) => this.#receive(event.data));
    socket.addEventListener('close', (event) => this.#onClose?.(event.code, event.reason));
  }

  get bufferedAmount(): number {
    return this.#socket.bufferedAmount;
  }

  send(frame: Frame): void {
    if (this.#socket.readyState === OPEN) this.#socket.send(frame);
  }

  close(code: number, reason: string): void {
    if (this.#socket.readyState === OPEN) this.#socket.close(code, reason);
  }

  onMessage(listener: (frame: Frame) => void): void {
    this.#onMessage = listener;
  }

  onClose(listener: (code: number, reason: string) => void): void {
    this.#onClose = listener;
  }

  #receive(data: unknown): void {
    if (this.#socket.readyState !== OPEN) return;
    const max = this.#maxMessageBytes;
    if (typeof data === 'string') {
      if (exceeds(data, max)) this.close(CloseCode.MESSAGE_TOO_BIG, 'Message too big');
      else this.#onMessage?.(data);
    } else if (data instanceof ArrayBuffer) {
      if (data.byteLength > max) this.close(CloseCode.MESSAGE_TOO_BIG, 'Message too big');
      else this.#onMessage?.(new Uint8Array(data));
    }
  }
}
