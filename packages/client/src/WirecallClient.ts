import {
  type Codec,
  CloseCode,
  type ClientMessage,
  ErrorCode,
  type OperationId,
  RpcError,
  type ServerMessage,
} from '@wirecall/core';
import { EventEmitter } from 'eventemitter3';
import { type CloseInfo, ClientConnection } from './connection/ClientConnection.js';
import type { ConnectionState } from './connection/connectionState.js';
import type { WebSocketConstructor } from './connection/webSocketLike.js';
import type { Operation, OperationOwner } from './operations/operation.js';
import { type CallOptions, PendingCall } from './operations/PendingCall.js';
import { type SubscribeOptions, Subscription } from './operations/Subscription.js';

/** Events a client emits, for connection banners and logging. */
export interface ClientEvents {
  /** The connection state changed. */
  state: [state: ConnectionState, previous: ConnectionState];
  /** The handshake completed; calls flow. */
  open: [];
  /** A socket closed (or failed to open). */
  close: [info: CloseInfo];
  /** Something went wrong that no call owns (a bad frame from the server, failing params). */
  error: [error: Error];
}

/** Settings the client runs with, after defaults. */
export interface ClientSettings {
  readonly url: () => string;
  readonly WebSocket: WebSocketConstructor;
  readonly codec: Codec;
  readonly params: () => unknown;
  readonly timeoutMs: number;
  readonly handshakeTimeoutMs: number;
}

/**
 * The connection and operations behind a typed client: owns the one WebSocket all calls and
 * subscriptions share. The typed procedure handles of {@link createClient} sit on top of it.
 */
export class WirecallClient implements OperationOwner {
  readonly #events = new EventEmitter<ClientEvents>();
  readonly #settings: ClientSettings;
  readonly #connection: ClientConnection;
  readonly #operations = new Map<OperationId, Operation>();
  #nextId = 1;

  /** @internal Use `createClient`. */
  constructor(settings: ClientSettings) {
    this.#settings = settings;
    this.#connection = new ClientConnection({
      url: settings.url,
      WebSocket: settings.WebSocket,
      codec: settings.codec,
      params: settings.params,
      handshakeTimeoutMs: settings.handshakeTimeoutMs,
      onMessage: (message) => this.#onMessage(message),
      onStateChange: (state, previous) => this.#onStateChange(state, previous),
      onDrop: (info) => this.#onDrop(info),
      onError: (error) => this.#events.emit('error', error),
    });
  }

  /** Where the connection is: `idle`, `connecting`, `open`, `reconnecting` or `closed`. */
  get state(): ConnectionState {
    return this.#connection.state;
  }

  /** Listens to a client event. Returns a function that stops listening. */
  on<TEvent extends keyof ClientEvents>(event: TEvent, listener: (...args: ClientEvents[TEvent]) => void): () => void {
    this.#events.on(event, listener as never);
    return () => this.#events.off(event, listener as never);
  }

  /** Stops listening to a client event. */
  off<TEvent extends keyof ClientEvents>(event: TEvent, listener: (...args: ClientEvents[TEvent]) => void): void {
    this.#events.off(event, listener as never);
  }

  /** Opens the connection now instead of on first use. */
  connect(): void {
    this.#connection.connect();
  }

  /**
   * Closes the connection for good: pending calls reject and subscriptions end with
   * `CONNECTION_CLOSED`; later calls reject at once.
   */
  close(): void {
    this.#connection.close(CloseCode.NORMAL, 'Client closed');
    this.#failAll(new RpcError(ErrorCode.CONNECTION_CLOSED, undefined, { message: 'Client closed' }));
  }

  /** @internal Runs a query or mutation; used by the typed handles. */
  call<TOutput>(path: string, input: unknown, options: CallOptions = {}): Promise<TOutput> {
    const call = new PendingCall<TOutput>(this, this.#nextId++, path, input, {
      ...options,
      timeoutMs: options.timeoutMs ?? this.#settings.timeoutMs,
    });
    if (!call.settled) this.#start(call);
    return call.promise;
  }

  /** @internal Starts a subscription; used by the typed handles. */
  subscribe<TEvent, TError extends RpcError>(
    path: string,
    input: unknown,
    options: SubscribeOptions<TEvent, TError> = {},
  ): Subscription<TEvent, TError> {
    const subscription = new Subscription<TEvent, TError>(this, this.#nextId++, path, input, options);
    if (!subscription.closed) this.#start(subscription);
    return subscription;
  }

  /** @internal */
  send(message: ClientMessage): boolean {
    return this.#connection.send(message);
  }

  /** @internal */
  release(operation: Operation): void {
    if (this.#operations.get(operation.id) === operation) this.#operations.delete(operation.id);
  }

  #start(operation: Operation): void {
    if (this.#connection.state === 'closed') {
      operation.connectionLost(new RpcError(ErrorCode.CONNECTION_CLOSED, undefined, { message: 'Client is closed' }));
      return;
    }
    this.#operations.set(operation.id, operation);
    operation.sent = this.#connection.send(operation.startMessage());
    if (!operation.sent) this.#connection.connect();
  }

  #onStateChange(state: ConnectionState, previous: ConnectionState): void {
    this.#events.emit('state', state, previous);
    if (state !== 'open') return;
    this.#events.emit('open');
    for (const operation of this.#operations.values()) {
      if (!operation.sent) operation.sent = this.#connection.send(operation.startMessage());
    }
  }

  #onMessage(message: ServerMessage): void {
    switch (message.type) {
      case 'ping':
        this.#connection.send({ type: 'pong' });
        return;
      case 'pong':
      case 'welcome':
        return;
      case 'result':
      case 'error':
      case 'subscribed':
      case 'event':
      case 'complete':
        // Messages for operations we no longer hold (cancelled, unsubscribed) are dropped.
        this.#operations.get(message.id)?.handle(message);
        return;
      default: {
        const unexpected: never = message;
        return unexpected;
      }
    }
  }

  #onDrop(info: CloseInfo): void {
    this.#events.emit('close', info);
    this.#failAll(errorForClose(info));
  }

  #failAll(error: RpcError): void {
    const operations = [...this.#operations.values()];
    this.#operations.clear();
    for (const operation of operations) operation.connectionLost(error);
  }
}

/** The error pending operations get when the socket closes with `info`. */
function errorForClose(info: CloseInfo): RpcError {
  const detail = { message: `Connection closed (${info.code}${info.reason ? `: ${info.reason}` : ''})` };
  if (info.code === CloseCode.UNAUTHORIZED) return new RpcError(ErrorCode.UNAUTHORIZED, undefined, detail);
  if (info.code === CloseCode.FORBIDDEN) return new RpcError(ErrorCode.FORBIDDEN, undefined, detail);
  return new RpcError(ErrorCode.CONNECTION_CLOSED, { closeCode: info.code, reason: info.reason }, detail);
}
