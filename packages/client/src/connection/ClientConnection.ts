import {
  type ClientMessage,
  CloseCode,
  type Frame,
  ProtocolError,
  type ServerMessage,
} from '@wirecall/core';
import { isBatch } from '@wirecall/core/internal';
import type { ClientConnectionOptions } from './clientConnectionOptions.js';
import type { CloseInfo } from './closeInfo.js';
import { closeSocket } from './closeSocket.js';
import {
  type ConnectionAction,
  type ConnectionState,
  reduceConnectionState,
} from './connectionState.js';
import { FrameWriter } from './FrameWriter.js';
import { listenForFrames, readServerFrame } from './frameReader.js';
import { Heartbeat } from './heartbeat.js';
import { helloFrame } from './hello.js';
import { watchLifecycle } from './lifecycleEvents.js';
import { type DropCause, decideReconnect } from './reconnect.js';
import { type WebSocketLike, WS_OPEN } from './webSocketLike.js';

export type { ClientConnectionOptions, CloseInfo };

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Owns the client's one WebSocket at a time through its whole life: opens it, shakes hands
 * (`hello` → `welcome`), checks it with heartbeats, and after a drop reconnects with backoff
 * as {@link decideReconnect} says.
 */
export class ClientConnection {
  readonly #options: ClientConnectionOptions;
  #state: ConnectionState = 'idle';
  #socket: WebSocketLike | undefined;
  #writer: FrameWriter | undefined;
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
      onDead: () => this.#fail(CloseCode.HEARTBEAT_TIMEOUT, 'No pong within the heartbeat timeout'),
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
    return this.#writer?.bufferedAmount ?? 0;
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
    return this.#state === 'open' && this.#writer !== undefined && this.#writer.write(frame);
  }

  /** Closes the socket on purpose and goes idle; `connect()` starts again. */
  disconnect(reason = 'Client idle'): void {
    if (this.#state === 'closed' || this.#state === 'idle') return;
    this.#options.timers.clearTimeout(this.#retryTimer);
    const socket = this.#socket;
    if (socket) this.#drop(socket, { code: CloseCode.NORMAL, reason }, 'disconnect');
    else this.#dispatch({ type: 'dropped', retry: false });
  }

  /** Closes for good: no socket will open again. */
  close(reason = 'Client closed'): void {
    if (this.#state === 'closed') return;
    this.#options.timers.clearTimeout(this.#retryTimer);
    this.#stopWatching?.();
    const socket = this.#socket;
    this.#dispatch({ type: 'close' });
    if (socket) this.#drop(socket, { code: CloseCode.NORMAL, reason }, 'close');
  }

  #dispatch(action: ConnectionAction): void {
    const previous = this.#state;
    this.#state = reduceConnectionState(previous, action);
    if (this.#state !== previous) this.#options.onStateChange(this.#state, previous);
  }

  /** Ends `socket` (the current one by default) with a client close code, if it is still current. */
  #fail(code: number, reason: string, socket = this.#socket): void {
    if (socket) this.#drop(socket, { code, reason });
  }

  async #open(): Promise<void> {
    let url: string;
    try {
      url = await this.#options.url();
    } catch (error) {
      this.#options.onError(asError(error));
      this.#afterDrop({ code: CloseCode.ABNORMAL, reason: 'Could not get the URL' }, 'lost');
      return;
    }
    if (this.#state !== 'connecting' && this.#state !== 'reconnecting') return;
    let socket: WebSocketLike;
    try {
      socket = new this.#options.WebSocket(url, [this.#options.codec.subprotocol]);
    } catch (error) {
      this.#options.onError(asError(error));
      this.#afterDrop(
        { code: CloseCode.ABNORMAL, reason: 'Could not create the WebSocket' },
        'lost',
      );
      return;
    }
    this.#socket = socket;
    this.#writer = new FrameWriter(socket, (error) => {
      // A batch that could not go out took calls with it: a new socket re-sends them.
      this.#options.onError(asError(error));
      this.#fail(CloseCode.INTERNAL_ERROR, 'A batch could not be written', socket);
    });
    socket.onopen = () => void this.#onSocketOpen(socket);
    listenForFrames(socket, (data) => this.#onFrame(socket, data));
    // Browsers give no detail on errors; the close event that follows carries the code.
    socket.onerror = () => {};
    socket.onclose = (event) => this.#drop(socket, { code: event.code, reason: event.reason });
    // The handshake timer covers the TCP connect, the upgrade and the hello/welcome exchange.
    this.#handshakeTimer = this.#options.timers.setTimeout(
      () =>
        this.#fail(CloseCode.HANDSHAKE_TIMEOUT, 'No welcome within the handshake timeout', socket),
      this.#options.handshakeTimeoutMs,
    );
  }

  async #onSocketOpen(socket: WebSocketLike): Promise<void> {
    if (socket !== this.#socket) return;
    const { codec } = this.#options;
    if (socket.protocol !== codec.subprotocol) {
      this.#fail(
        CloseCode.UNSUPPORTED_PROTOCOL,
        `Server did not agree to ${codec.subprotocol}`,
        socket,
      );
      return;
    }
    let params: unknown;
    try {
      params = await this.#options.params();
    } catch (error) {
      this.#options.onError(asError(error));
      this.#fail(CloseCode.ABNORMAL, 'Connection params could not be read', socket);
      return;
    }
    if (socket !== this.#socket || socket.readyState !== WS_OPEN) return;
    let frame: Frame;
    try {
      frame = helloFrame(codec, this.#options.session, params);
    } catch (error) {
      // Params the codec cannot encode would fail the same way on every attempt.
      this.#options.onError(asError(error));
      this.#drop(
        socket,
        { code: CloseCode.ABNORMAL, reason: 'Bad connection params' },
        'disconnect',
      );
      return;
    }
    socket.send(frame as string);
  }

  #onFrame(socket: WebSocketLike, data: unknown): void {
    if (socket !== this.#socket) return;
    let messages: ServerMessage | readonly ServerMessage[];
    try {
      messages = readServerFrame(this.#options.codec, data);
    } catch (error) {
      this.#options.onError(
        new ProtocolError(`Invalid message from server: ${asError(error).message}`),
      );
      this.#fail(CloseCode.PROTOCOL_ERROR, 'Invalid message from server', socket);
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
      if (message.batch === true)
        this.#writer?.startBatching(this.#options.codec, message.limits?.maxMessageBytes);
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
  #drop(socket: WebSocketLike, info: CloseInfo, cause: DropCause = 'lost'): void {
    if (socket !== this.#socket) return;
    this.#socket = undefined;
    // Closing on purpose: what was sent before goes first. A dead socket takes nothing more.
    this.#writer?.end(info.code !== CloseCode.HEARTBEAT_TIMEOUT);
    this.#writer = undefined;
    this.#options.timers.clearTimeout(this.#handshakeTimer);
    this.#heartbeat.stop();
    closeSocket(socket, info);
    this.#afterDrop(info, this.#state === 'closed' ? 'close' : cause);
  }

  /** After a failed or lost connection: schedule the next attempt, or give up. */
  #afterDrop(info: CloseInfo, cause: DropCause): void {
    const delay = decideReconnect({
      cause,
      close: info,
      attempt: this.#attempt,
      policy: this.#options.retry,
      idle: this.#options.isIdle?.() ?? false,
    });
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
