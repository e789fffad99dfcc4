import {
  type ClientMessage,
  type Codec,
  CloseCode,
  type Frame,
  parseServerMessage,
  type ServerMessage,
} from '@wirecall/core';
import { type ConnectionAction, type ConnectionState, reduceConnectionState } from './connectionState.js';
import { WS_OPEN, type WebSocketConstructor, type WebSocketLike } from './webSocketLike.js';

/** How a socket ended, as the client saw it. */
export interface CloseInfo {
  /** The WebSocket close code; 1006 when the connection dropped without one. */
  readonly code: number;
  readonly reason: string;
}

/** What {@link ClientConnection} needs to know and to tell. */
export interface ClientConnectionOptions {
  readonly url: () => string;
  readonly WebSocket: WebSocketConstructor;
  readonly codec: Codec;
  readonly params: () => unknown;
  readonly handshakeTimeoutMs: number;
  /** Every message but `welcome`, once the handshake is done. */
  readonly onMessage: (message: ServerMessage) => void;
  readonly onStateChange: (state: ConnectionState, previous: ConnectionState) => void;
  /** The socket closed (or never opened); `info` tells why. */
  readonly onDrop: (info: CloseInfo) => void;
  readonly onError: (error: Error) => void;
}

/**
 * Owns the client's one WebSocket at a time: opens it, shakes hands (`hello` → `welcome`), sends
 * and receives messages, and reports drops. Deciding what to do after a drop is the client's job.
 */
export class ClientConnection {
  readonly #options: ClientConnectionOptions;
  #state: ConnectionState = 'idle';
  #socket: WebSocketLike | undefined;
  #handshakeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: ClientConnectionOptions) {
    this.#options = options;
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** Bytes the current socket has queued but not yet sent. */
  get bufferedAmount(): number {
    return this.#socket?.bufferedAmount ?? 0;
  }

  /** Opens a socket unless one is open or opening. */
  connect(): void {
    if (this.#socket || this.#state === 'closed') return;
    this.#dispatch({ type: 'connect' });
    let socket: WebSocketLike;
    try {
      socket = new this.#options.WebSocket(this.#options.url(), [this.#options.codec.subprotocol]);
    } catch (error) {
      this.#options.onError(error instanceof Error ? error : new Error(String(error)));
      this.#dispatch({ type: 'dropped', retry: false });
      this.#options.onDrop({ code: CloseCode.ABNORMAL, reason: 'Could not create the WebSocket' });
      return;
    }
    this.#socket = socket;
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => this.#onOpen(socket);
    socket.onmessage = (event) => this.#onFrame(socket, event.data);
    socket.onerror = () => {
      // Browsers give no detail here; the close event that follows carries the code.
    };
    socket.onclose = (event) => this.#onClose(socket, { code: event.code, reason: event.reason });
  }

  /** Sends a message if the handshake is done; returns whether it was sent. */
  send(message: ClientMessage): boolean {
    const socket = this.#socket;
    if (this.#state !== 'open' || !socket || socket.readyState !== WS_OPEN) return false;
    socket.send(this.#options.codec.encode(message) as string);
    return true;
  }

  /** Closes the socket; with `final`, the connection never opens again. */
  close(code: number = CloseCode.NORMAL, reason = 'Client closed', final = true): void {
    const socket = this.#socket;
    if (final) this.#dispatch({ type: 'close' });
    if (socket) this.#drop(socket, { code, reason });
  }

  #dispatch(action: ConnectionAction): void {
    const previous = this.#state;
    this.#state = reduceConnectionState(previous, action);
    if (this.#state !== previous) this.#options.onStateChange(this.#state, previous);
  }

  async #onOpen(socket: WebSocketLike): Promise<void> {
    if (socket !== this.#socket) return;
    if (socket.protocol !== this.#options.codec.subprotocol) {
      this.#drop(socket, {
        code: CloseCode.UNSUPPORTED_PROTOCOL,
        reason: `Server did not agree to ${this.#options.codec.subprotocol}`,
      });
      return;
    }
    this.#handshakeTimer = setTimeout(
      () => this.#drop(socket, { code: CloseCode.HANDSHAKE_TIMEOUT, reason: 'No welcome within the handshake timeout' }),
      this.#options.handshakeTimeoutMs,
    );
    let params: unknown;
    try {
      params = await this.#options.params();
    } catch (error) {
      this.#options.onError(error instanceof Error ? error : new Error(String(error)));
      this.#drop(socket, { code: CloseCode.ABNORMAL, reason: 'Connection params could not be read' });
      return;
    }
    if (socket !== this.#socket || socket.readyState !== WS_OPEN) return;
    socket.send(this.#options.codec.encode(params === undefined ? { type: 'hello' } : { type: 'hello', params }) as string);
  }

  #onFrame(socket: WebSocketLike, data: unknown): void {
    if (socket !== this.#socket) return;
    let message: ServerMessage;
    try {
      const frame: Frame = typeof data === 'string' ? data : new Uint8Array(data as ArrayBuffer);
      message = parseServerMessage(this.#options.codec.decode(frame));
    } catch (error) {
      this.#options.onError(new Error(`Invalid message from server: ${(error as Error).message}`));
      this.#drop(socket, { code: CloseCode.PROTOCOL_ERROR, reason: 'Invalid message from server' });
      return;
    }
    if (message.type === 'welcome') {
      clearTimeout(this.#handshakeTimer);
      this.#dispatch({ type: 'welcomed' });
      return;
    }
    if (this.#state !== 'open') {
      this.#drop(socket, { code: CloseCode.PROTOCOL_ERROR, reason: 'Message before welcome' });
      return;
    }
    this.#options.onMessage(message);
  }

  #onClose(socket: WebSocketLike, info: CloseInfo): void {
    if (socket !== this.#socket) return;
    this.#drop(socket, info);
  }

  /** Forgets the socket, closes it if it is still up, and reports the drop once. */
  #drop(socket: WebSocketLike, info: CloseInfo): void {
    if (socket !== this.#socket) return;
    this.#socket = undefined;
    clearTimeout(this.#handshakeTimer);
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    // `ws` emits 'error' when a connecting socket is closed; it must have a listener.
    socket.onerror = () => {};
    if (socket.readyState <= WS_OPEN) {
      try {
        socket.close(info.code >= 4000 || info.code === CloseCode.NORMAL ? info.code : CloseCode.NORMAL, info.reason);
      } catch {
        // Closing a socket that is still connecting throws in some runtimes; it is gone either way.
      }
    }
    this.#dispatch({ type: 'dropped', retry: false });
    this.#options.onDrop(info);
  }
}
