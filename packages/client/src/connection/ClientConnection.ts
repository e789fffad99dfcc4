import {
  type ClientMessage,
  CloseCode,
  type Codec,
  canBatch,
  DEFAULT_MAX_BATCH_SIZE,
  type Frame,
  FrameBatcher,
  isBatch,
  parseServerFrame,
  type ServerMessage,
  type WelcomeMessage,
} from '@wirecall/core';
import {
  type ConnectionAction,
  type ConnectionState,
  reduceConnectionState,
} from './connectionState.js';
import { Heartbeat } from './heartbeat.js';
import { type LifecycleSource, watchLifecycle } from './lifecycleEvents.js';
import { parseRetryAfter, type RetryPolicy, shouldRetryAfterClose } from './reconnect.js';
import type { Timers } from './timers.js';
import { type WebSocketConstructor, type WebSocketLike, WS_OPEN } from './webSocketLike.js';

/** How a socket ended, as the client saw it. */
export interface CloseInfo {
  /** The WebSocket close code; 1006 when the connection dropped without one. */
  readonly code: number;
  readonly reason: string;
}

/** What {@link ClientConnection} needs to know and to tell. */
export interface ClientConnectionOptions {
  /** Called before every attempt: the URL to connect to. */
  readonly url: () => string | PromiseLike<string>;
  readonly WebSocket: WebSocketConstructor;
  readonly codec: Codec;
  /** Called before every handshake: the params of `hello`. */
  readonly params: () => unknown;
  /** Sent in every `hello`: stable for the client's lifetime. */
  readonly session: string;
  readonly handshakeTimeoutMs: number;
  readonly retry: RetryPolicy;
  readonly heartbeat: { readonly intervalMs: number; readonly timeoutMs: number };
  readonly timers: Timers;
  readonly lifecycle: LifecycleSource | undefined;
  /** The handshake completed on a new socket; `welcome` carries the server's limits. */
  readonly onOpen: (welcome: WelcomeMessage) => void;
  /** Every message but `welcome`, once the handshake is done. */
  readonly onMessage: (message: ServerMessage) => void;
  readonly onStateChange: (state: ConnectionState, previous: ConnectionState) => void;
  /** A socket closed (or never opened); `willRetry` tells whether another attempt is coming. */
  readonly onDrop: (info: CloseInfo, willRetry: boolean) => void;
  readonly onError: (error: Error) => void;
}

/** The `ws` package's own event API, which Node's sockets have beside the browser-style one. */
interface NodeEvents {
  on(event: 'message', listener: (data: { toString(): string }, isBinary: boolean) => void): void;
}

/**
 * Hands each received frame to `onFrame`: through `ws`'s own 'message' event where there is one
 * (it skips the MessageEvent object the browser-style `onmessage` makes for every frame), else
 * through `onmessage`.
 */
function listenForFrames(socket: WebSocketLike, onFrame: (data: unknown) => void): void {
  const events = socket as unknown as Partial<NodeEvents>;
  if (typeof events.on === 'function') {
    // `ws` hands binary frames over as Buffers without a copy; 'arraybuffer' would copy each one
    // out of its receive buffer, which doubled the cost of decoding a small MessagePack frame.
    socket.binaryType = 'nodebuffer';
    events.on('message', (data, isBinary) => onFrame(isBinary ? data : data.toString()));
  } else {
    socket.binaryType = 'arraybuffer';
    socket.onmessage = (event) => onFrame(event.data);
  }
}

interface Terminable {
  terminate?: () => void;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Owns the client's one WebSocket at a time through its whole life: opens it, shakes hands
 * (`hello` → `welcome`), checks it with heartbeats, and after a drop reconnects with backoff
 * until it succeeds, the retry policy gives up, or the close code says not to.
 */
export class ClientConnection {
  readonly #options: ClientConnectionOptions;
  #state: ConnectionState = 'idle';
  #socket: WebSocketLike | undefined;
  /** Once the server's `welcome` said it takes batches: what is sent in one turn goes as one frame. */
  #batcher: FrameBatcher | undefined;
  #handshakeTimer: unknown;
  #retryTimer: unknown;
  /** Failed attempts since the last successful handshake. */
  #attempt = 0;
  readonly #heartbeat: Heartbeat;
  readonly #stopWatching: (() => void) | undefined;

  constructor(options: ClientConnectionOptions) {
    this.#options = options;
    this.#heartbeat = new Heartbeat({
      timers: options.timers,
      intervalMs: options.heartbeat.intervalMs,
      timeoutMs: options.heartbeat.timeoutMs,
      ping: () => this.send({ type: 'ping' }),
      onDead: () => {
        const socket = this.#socket;
        if (socket)
          this.#drop(socket, {
            code: CloseCode.HEARTBEAT_TIMEOUT,
            reason: 'No pong within the heartbeat timeout',
          });
      },
    });
    this.#stopWatching =
      options.lifecycle &&
      watchLifecycle(options.lifecycle, {
        onWake: () => this.#onWake(),
        onOffline: () => this.#onOffline(),
      });
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** Bytes the current socket has queued but not yet sent, with what waits for the end of the turn. */
  get bufferedAmount(): number {
    return (this.#socket?.bufferedAmount ?? 0) + (this.#batcher?.pendingSize ?? 0);
  }

  /** Opens a socket unless one is open, opening or scheduled. */
  connect(): void {
    if (this.#state !== 'idle') return;
    this.#dispatch({ type: 'connect' });
    void this.#open();
  }

  /** Sends a message if the handshake is done; returns whether it was sent. */
  send(message: ClientMessage): boolean {
    return this.sendFrame(this.#options.codec.encode(message));
  }

  /** Sends an encoded message if the handshake is done; returns whether it was sent. */
  sendFrame(frame: Frame): boolean {
    const socket = this.#socket;
    if (this.#state !== 'open' || !socket || socket.readyState !== WS_OPEN) return false;
    if (this.#batcher) this.#batcher.push(frame);
    else socket.send(frame as string);
    return true;
  }

  /** Encodes a message with the connection's codec. */
  encode(message: ClientMessage): Frame {
    return this.#options.codec.encode(message);
  }

  /** Closes the socket on purpose and goes idle; `connect()` starts again. */
  disconnect(reason = 'Client idle'): void {
    if (this.#state === 'closed' || this.#state === 'idle') return;
    this.#options.timers.clearTimeout(this.#retryTimer);
    const socket = this.#socket;
    if (socket) this.#drop(socket, { code: CloseCode.NORMAL, reason }, false);
    else this.#dispatch({ type: 'dropped', retry: false });
  }

  /** Closes for good: no socket will open again. */
  close(reason = 'Client closed'): void {
    if (this.#state === 'closed') return;
    this.#options.timers.clearTimeout(this.#retryTimer);
    this.#stopWatching?.();
    const socket = this.#socket;
    this.#dispatch({ type: 'close' });
    if (socket) this.#drop(socket, { code: CloseCode.NORMAL, reason }, false);
  }

  #dispatch(action: ConnectionAction): void {
    const previous = this.#state;
    this.#state = reduceConnectionState(previous, action);
    if (this.#state !== previous) this.#options.onStateChange(this.#state, previous);
  }

  async #open(): Promise<void> {
    let url: string;
    try {
      url = await this.#options.url();
    } catch (error) {
      this.#options.onError(asError(error));
      this.#afterFailure({ code: CloseCode.ABNORMAL, reason: 'Could not get the URL' });
      return;
    }
    if (this.#state !== 'connecting' && this.#state !== 'reconnecting') return;
    let socket: WebSocketLike;
    try {
      socket = new this.#options.WebSocket(url, [this.#options.codec.subprotocol]);
    } catch (error) {
      this.#options.onError(asError(error));
      this.#afterFailure({ code: CloseCode.ABNORMAL, reason: 'Could not create the WebSocket' });
      return;
    }
    this.#socket = socket;
    socket.onopen = () => void this.#onSocketOpen(socket);
    listenForFrames(socket, (data) => this.#onFrame(socket, data));
    // Browsers give no detail on errors; the close event that follows carries the code.
    socket.onerror = () => {};
    socket.onclose = (event) => this.#drop(socket, { code: event.code, reason: event.reason });
    // The handshake timer covers the TCP connect, the upgrade and the hello/welcome exchange.
    this.#handshakeTimer = this.#options.timers.setTimeout(
      () =>
        this.#drop(socket, {
          code: CloseCode.HANDSHAKE_TIMEOUT,
          reason: 'No welcome within the handshake timeout',
        }),
      this.#options.handshakeTimeoutMs,
    );
  }

  async #onSocketOpen(socket: WebSocketLike): Promise<void> {
    if (socket !== this.#socket) return;
    if (socket.protocol !== this.#options.codec.subprotocol) {
      this.#drop(socket, {
        code: CloseCode.UNSUPPORTED_PROTOCOL,
        reason: `Server did not agree to ${this.#options.codec.subprotocol}`,
      });
      return;
    }
    let params: unknown;
    try {
      params = await this.#options.params();
    } catch (error) {
      this.#options.onError(asError(error));
      this.#drop(socket, {
        code: CloseCode.ABNORMAL,
        reason: 'Connection params could not be read',
      });
      return;
    }
    if (socket !== this.#socket || socket.readyState !== WS_OPEN) return;
    const hello = {
      type: 'hello',
      session: this.#options.session,
      ...(canBatch(this.#options.codec) ? { batch: true } : {}),
    } as const;
    socket.send(
      this.#options.codec.encode(params === undefined ? hello : { ...hello, params }) as string,
    );
  }

  #onFrame(socket: WebSocketLike, data: unknown): void {
    if (socket !== this.#socket) return;
    let messages: ServerMessage | readonly ServerMessage[];
    try {
      const frame: Frame =
        typeof data === 'string' || data instanceof Uint8Array
          ? data
          : new Uint8Array(data as ArrayBuffer);
      messages = parseServerFrame(this.#options.codec.decode(frame));
    } catch (error) {
      this.#options.onError(new Error(`Invalid message from server: ${asError(error).message}`));
      this.#drop(socket, { code: CloseCode.PROTOCOL_ERROR, reason: 'Invalid message from server' });
      return;
    }
    this.#heartbeat.alive();
    if (!isBatch(messages)) {
      this.#onMessage(socket, messages);
      return;
    }
    for (const message of messages) {
      // A message of the batch may have ended this socket: the rest was for it alone.
      if (socket !== this.#socket) return;
      this.#onMessage(socket, message);
    }
  }

  #onMessage(socket: WebSocketLike, message: ServerMessage): void {
    if (message.type === 'welcome') {
      if (this.#state === 'open') return;
      this.#options.timers.clearTimeout(this.#handshakeTimer);
      this.#attempt = 0;
      const { codec } = this.#options;
      if (message.batch === true && canBatch(codec)) {
        const maxMessageBytes = message.limits?.maxMessageBytes ?? Number.POSITIVE_INFINITY;
        this.#batcher = new FrameBatcher(
          {
            send: (frame) => {
              if (socket.readyState === WS_OPEN) socket.send(frame as string);
            },
          },
          codec,
          // A character is at most 3 bytes in UTF-8: a batch never crosses the server's limit.
          Math.min(DEFAULT_MAX_BATCH_SIZE, Math.floor(maxMessageBytes / 3)),
        );
      }
      this.#dispatch({ type: 'welcomed' });
      this.#heartbeat.start();
      this.#options.onOpen(message);
      return;
    }
    if (this.#state !== 'open') {
      if (message.type === 'pong') return;
      this.#drop(socket, { code: CloseCode.PROTOCOL_ERROR, reason: 'Message before welcome' });
      return;
    }
    this.#options.onMessage(message);
  }

  /** Forgets the socket, closes it if it is still up, and decides what comes next. */
  #drop(socket: WebSocketLike, info: CloseInfo, mayRetry = true): void {
    if (socket !== this.#socket) return;
    this.#socket = undefined;
    const batcher = this.#batcher;
    this.#batcher = undefined;
    // Closing on purpose: what was sent before goes first. A dead socket takes nothing more.
    if (info.code !== CloseCode.HEARTBEAT_TIMEOUT) batcher?.flush();
    batcher?.discard();
    this.#options.timers.clearTimeout(this.#handshakeTimer);
    this.#heartbeat.stop();
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    // `ws` emits 'error' when a connecting socket is closed; it must keep a listener.
    socket.onerror = () => {};
    if (socket.readyState <= WS_OPEN) {
      const terminate = (socket as Terminable).terminate;
      try {
        // A dead peer would never answer a close handshake: drop such sockets at once where we can.
        if (info.code === CloseCode.HEARTBEAT_TIMEOUT && typeof terminate === 'function')
          terminate.call(socket);
        else
          socket.close(
            info.code >= 4000 && info.code < 5000 ? info.code : CloseCode.NORMAL,
            info.reason,
          );
      } catch {
        // Closing a socket that is still connecting throws in some runtimes; it is gone either way.
      }
    }
    if (this.#state === 'closed') {
      this.#options.onDrop(info, false);
      return;
    }
    if (!mayRetry) {
      this.#dispatch({ type: 'dropped', retry: false });
      this.#options.onDrop(info, false);
      return;
    }
    this.#afterFailure(info);
  }

  /** After a failed or lost connection: schedule the next attempt, or give up. */
  #afterFailure(info: CloseInfo): void {
    const delay = shouldRetryAfterClose(info)
      ? this.#options.retry({
          attempt: this.#attempt,
          close: info,
          retryAfterMs: parseRetryAfter(info.reason),
        })
      : false;
    if (delay === false) {
      this.#dispatch({ type: 'dropped', retry: false });
      this.#options.onDrop(info, false);
      return;
    }
    this.#attempt++;
    this.#dispatch({ type: 'dropped', retry: true });
    this.#options.onDrop(info, true);
    this.#scheduleAttempt(delay);
  }

  #scheduleAttempt(delayMs: number): void {
    this.#options.timers.clearTimeout(this.#retryTimer);
    if (this.#options.lifecycle && !this.#options.lifecycle.isOnline()) {
      return; // `online` will wake us.
    }
    this.#retryTimer = this.#options.timers.setTimeout(() => {
      this.#retryTimer = undefined;
      if (this.#state === 'reconnecting' && !this.#socket) void this.#open();
    }, delayMs);
  }

  #onWake(): void {
    if (this.#state === 'open') {
      // Back from sleep or a hidden tab: make sure the connection is really alive.
      this.#heartbeat.checkNow();
      return;
    }
    if (this.#state !== 'reconnecting' || this.#socket) return;
    this.#options.timers.clearTimeout(this.#retryTimer);
    void this.#open();
  }

  #onOffline(): void {
    if (this.#state !== 'reconnecting' || this.#socket) return;
    this.#options.timers.clearTimeout(this.#retryTimer);
  }
}
