import type { Frame } from '@wirecall/core';
import type { WebSocket } from 'ws';
import type { ServerSocket } from '../transport.js';

const ignore = () => {};

/**
 * A `ws` WebSocket as a {@link ServerSocket}. A class, so the methods live once on the prototype
 * rather than as closures in every connection: idle connections are most of a server's memory.
 */
class WsServerSocket implements ServerSocket {
  readonly #ws: WebSocket;

  constructor(ws: WebSocket) {
    this.#ws = ws;
    // `ws` emits 'error' for bad frames (oversized, invalid UTF-8) and then closes the socket;
    // without a listener the error would crash the process.
    ws.on('error', ignore);
  }

  get protocol(): string {
    return this.#ws.protocol;
  }

  get bufferedAmount(): number {
    return this.#ws.bufferedAmount;
  }

  send(frame: Frame): void {
    const ws = this.#ws;
    if (ws.readyState !== ws.OPEN) return;
    ws.send(frame);
  }

  close(code: number, reason: string): void {
    const ws = this.#ws;
    if (ws.readyState === ws.CLOSED || ws.readyState === ws.CLOSING) return;
    ws.close(code, reason);
  }

  terminate(): void {
    this.#ws.terminate();
  }

  onMessage(listener: (frame: Frame) => void): void {
    this.#ws.on('message', (data, isBinary) => {
      // `ws` hands over a Buffer unless its binaryType was changed; copy only what is not one.
      const bytes = Buffer.isBuffer(data)
        ? data
        : Array.isArray(data)
          ? Buffer.concat(data)
          : Buffer.from(data);
      listener(
        isBinary
          ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
          : bytes.toString('utf8'),
      );
    });
  }

  onClose(listener: (code: number, reason: string) => void): void {
    this.#ws.on('close', (code, reason) => listener(code, reason.toString('utf8')));
  }
}

/** Adapts a `ws` WebSocket to the server's transport interface. */
export function fromWsSocket(ws: WebSocket): ServerSocket {
  return new WsServerSocket(ws);
}
