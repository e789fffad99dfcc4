import type { Duplex } from 'node:stream';
import type { Frame } from '@wirecall/core';
import type { RawData, WebSocket } from 'ws';
import type { ServerSocket, SocketListener } from '../transport.js';
import { corkForTurn } from './turnCork.js';

const ignore = () => {};

/** The listener of a socket nobody listens to yet: what it hears is dropped. */
const unheard: SocketListener = { received: ignore, ended: ignore };

/** Where a `ws` WebSocket keeps its adapter, for listeners shared by every socket. */
const adapterOf = Symbol('wirecall.adapter');

type AdaptedWs = WebSocket & { [adapterOf]?: WsServerSocket };

// Listeners shared by all sockets (`ws` calls them with the socket as `this`), rather than
// closures per connection and event.
function onWsMessage(this: AdaptedWs, data: RawData, isBinary: boolean): void {
  this[adapterOf]?.receive(data, isBinary);
}

function onWsClose(this: AdaptedWs, code: number, reason: Buffer): void {
  this[adapterOf]?.closed(code, reason);
}

/**
 * A `ws` WebSocket as a {@link ServerSocket}. A class, so the methods live once on the prototype
 * rather than as closures in every connection: idle connections are most of a server's memory.
 */
class WsServerSocket implements ServerSocket {
  readonly #ws: AdaptedWs;
  /** The connection under the WebSocket, when the upgrade handed it over: corked per turn. */
  readonly #transport: Duplex | undefined;
  /** Who hears of frames and the close: one slot, whether given by `listen` or the two `on…`. */
  #listener: SocketListener = unheard;

  constructor(ws: WebSocket, transport: Duplex | undefined) {
    this.#ws = ws;
    this.#transport = transport;
    this.#ws[adapterOf] = this;
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
    if (this.#transport) corkForTurn(this.#transport);
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

  pause(): void {
    this.#ws.pause();
  }

  resume(): void {
    this.#ws.resume();
  }

  listen(listener: SocketListener): void {
    this.#listener = listener;
    this.#wire();
  }

  onMessage(listener: (frame: Frame) => void): void {
    const previous = this.#listener;
    this.#listener = { received: listener, ended: (code, reason) => previous.ended(code, reason) };
    this.#wire();
  }

  onClose(listener: (code: number, reason: string) => void): void {
    const previous = this.#listener;
    this.#listener = { received: (frame) => previous.received(frame), ended: listener };
    this.#wire();
  }

  /** Hears the socket's messages and close once, however many listeners were given. */
  #wire(): void {
    const ws = this.#ws;
    if (ws.listeners('message').includes(onWsMessage)) return;
    ws.on('message', onWsMessage);
    ws.on('close', onWsClose);
  }

  /** A message arrived: hands it to the listener as a frame. */
  receive(data: RawData, isBinary: boolean): void {
    // `ws` hands over a Buffer unless its binaryType was changed; copy only what is not one.
    const bytes = Buffer.isBuffer(data)
      ? data
      : Array.isArray(data)
        ? Buffer.concat(data)
        : Buffer.from(data);
    this.#listener.received(
      isBinary
        ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
        : bytes.toString('utf8'),
    );
  }

  /** The socket closed. */
  closed(code: number, reason: Buffer): void {
    this.#listener.ended(code, reason.toString('utf8'));
  }
}

/**
 * Adapts a `ws` WebSocket to the server's transport interface. Given the connection the upgrade
 * came on, it holds the frames of one turn for one write (see {@link corkForTurn}).
 */
export function fromWsSocket(ws: WebSocket, transport?: Duplex): ServerSocket {
  return new WsServerSocket(ws, transport);
}
