import type { IncomingMessage } from 'node:http';
import {
  type ClientMessage,
  CloseCode,
  type Codec,
  ErrorCode,
  type Frame,
  type HelloMessage,
  isRpcError,
  type OperationId,
  ProtocolError,
  parseClientMessage,
  RpcError,
  type ServerMessage,
} from '@wirecall/core';
import type { DedupeStore } from '../dedupe/dedupeStore.js';
import { type ErrorReporter, toWireError } from '../errorBoundary.js';
import type { PubSub } from '../pubsub/pubsub.js';
import type { Route } from '../routes.js';
import type { ServerSocket } from '../transport.js';
import { LazyAbortController } from './lazyAbortController.js';
import type { OperationHost } from './operationHost.js';
import { dedupeKeyOf, runCall } from './runCall.js';
import { runSubscription } from './runSubscription.js';
import { ServerHeartbeat } from './serverHeartbeat.js';

/** What the server's `context` function receives for each new connection. */
export interface ConnectionInit {
  /** The HTTP upgrade request: headers, cookies, remote address. */
  readonly request: IncomingMessage;
  /** The params the client sent in its `hello` (untrusted: validate them). */
  readonly params: unknown;
}

/** The settings a connection shares with its server. */
export interface ConnectionSettings {
  readonly codec: Codec;
  readonly routes: ReadonlyMap<string, Route>;
  readonly createContext: (init: ConnectionInit) => object | PromiseLike<object>;
  readonly handshakeTimeoutMs: number;
  readonly validateOutput: boolean;
  readonly report: ErrorReporter;
  readonly pubsub: PubSub;
  readonly dedupe: DedupeStore;
  readonly heartbeat: { readonly intervalMs: number; readonly timeoutMs: number };
}

type ConnectionPhase = 'awaiting-hello' | 'authenticating' | 'ready' | 'closed';

interface RunningOperation {
  readonly kind: 'call' | 'subscription';
  readonly controller: LazyAbortController;
  /**
   * A mutation with an idempotency key: a disconnect does not abort it, because the client will
   * re-send it and must be answered with its outcome.
   */
  readonly keyed: boolean;
}

/** Close reasons are limited to 123 bytes by the WebSocket protocol. */
function closeReason(text: string): string {
  const bytes = new TextEncoder().encode(text);
  return bytes.length <= 123
    ? text
    : `${new TextDecoder().decode(bytes.slice(0, 120)).replace(/\uFFFD$/, '')}...`;
}

/**
 * One client's connection: runs its handshake, dispatches its messages to handlers and stops
 * everything it started when it closes. Knows nothing of the socket library underneath.
 */
export class ServerConnection implements OperationHost {
  readonly #socket: ServerSocket;
  /** Until the handshake is done: holding the upgrade request longer costs memory per connection. */
  #request: IncomingMessage | undefined;
  readonly #settings: ConnectionSettings;
  readonly #operations = new Map<OperationId, RunningOperation>();
  readonly #closedListeners: Array<() => void> = [];
  #phase: ConnectionPhase = 'awaiting-hello';
  #handshakeTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #heartbeat: ServerHeartbeat;
  context: object = {};
  session: string | undefined;

  constructor(socket: ServerSocket, request: IncomingMessage, settings: ConnectionSettings) {
    this.#socket = socket;
    this.#request = request;
    this.#settings = settings;
    this.#heartbeat = new ServerHeartbeat({
      ...settings.heartbeat,
      ping: () => void this.send({ type: 'ping' }),
      onDead: () => this.#onDead(),
    });
    socket.onClose(() => this.#onClosed(false));
    if (socket.protocol !== settings.codec.subprotocol) {
      this.close(
        CloseCode.UNSUPPORTED_PROTOCOL,
        `Unsupported subprotocol; this server speaks ${settings.codec.subprotocol}`,
      );
      return;
    }
    socket.onMessage((frame) => this.#onFrame(frame));
    this.#handshakeTimer = setTimeout(
      () => this.close(CloseCode.HANDSHAKE_TIMEOUT, 'No hello within the handshake timeout'),
      settings.handshakeTimeoutMs,
    );
  }

  get validateOutput(): boolean {
    return this.#settings.validateOutput;
  }

  get report(): ErrorReporter {
    return this.#settings.report;
  }

  get pubsub(): PubSub {
    return this.#settings.pubsub;
  }

  get dedupe(): DedupeStore {
    return this.#settings.dedupe;
  }

  /** Whether the handshake is done and the connection is not closed. */
  get isReady(): boolean {
    return this.#phase === 'ready';
  }

  /** How many calls and subscriptions are running, by kind. */
  countOperations(): { calls: number; subscriptions: number } {
    let calls = 0;
    for (const operation of this.#operations.values()) if (operation.kind === 'call') calls++;
    return { calls, subscriptions: this.#operations.size - calls };
  }

  /** Runs `listener` once the connection has closed and stopped all its operations. */
  onClosed(listener: () => void): void {
    if (this.#phase === 'closed') listener();
    else this.#closedListeners.push(listener);
  }

  send(message: ServerMessage): void | Promise<void> {
    if (this.#phase === 'closed') return;
    return this.#socket.send(this.#settings.codec.encode(message));
  }

  /**
   * Closes the socket and stops the connection's operations. `stopAll` also aborts mutations
   * that would otherwise finish for the sake of the client's retry (server shutdown).
   */
  close(code: number, reason: string, stopAll = false): void {
    if (this.#phase === 'closed') return;
    this.#socket.close(code, closeReason(reason));
    this.#onClosed(stopAll);
  }

  /** The client stopped answering: drop it without waiting for a close handshake it cannot do. */
  #onDead(): void {
    if (this.#phase === 'closed') return;
    if (this.#socket.terminate) this.#socket.terminate();
    else this.#socket.close(CloseCode.HEARTBEAT_TIMEOUT, 'No answer to ping');
    this.#onClosed(false);
  }

  #onFrame(frame: Frame): void {
    if (this.#phase === 'closed') return;
    this.#heartbeat.alive();
    let message: ClientMessage;
    try {
      message = parseClientMessage(this.#settings.codec.decode(frame));
    } catch (error) {
      const reason = error instanceof ProtocolError ? error.message : 'Frame could not be decoded';
      this.close(CloseCode.PROTOCOL_ERROR, reason);
      return;
    }
    this.#dispatch(message);
  }

  #dispatch(message: ClientMessage): void {
    switch (message.type) {
      case 'hello':
        this.#onHello(message);
        return;
      case 'ping':
        this.send({ type: 'pong' });
        return;
      case 'pong':
        return;
      case 'call':
      case 'subscribe': {
        if (!this.#requireReady()) return;
        if (this.#operations.has(message.id)) {
          this.close(CloseCode.CONFLICT, `Operation id ${message.id} is already running`);
          return;
        }
        this.#start(message);
        return;
      }
      case 'cancel':
      case 'unsubscribe': {
        if (!this.#requireReady()) return;
        this.#stop(message.id);
        return;
      }
      default: {
        const unexpected: never = message;
        throw new Error(`Unhandled message ${String(unexpected)}`);
      }
    }
  }

  #requireReady(): boolean {
    if (this.#phase === 'ready') return true;
    this.close(
      CloseCode.PROTOCOL_ERROR,
      'Send "hello" and wait for "welcome" before anything else',
    );
    return false;
  }

  #start(message: Extract<ClientMessage, { type: 'call' | 'subscribe' }>): void {
    const route = this.#settings.routes.get(message.path);
    const wantsSubscription = message.type === 'subscribe';
    if (!route || (route.procedure.kind === 'subscription') !== wantsSubscription) {
      const what = wantsSubscription ? 'subscription' : 'query or mutation';
      this.send({
        type: 'error',
        id: message.id,
        error: new RpcError(ErrorCode.NOT_FOUND, undefined, {
          message: `No ${what} named "${message.path.slice(0, 256)}"`,
        }).toJSON(),
      });
      return;
    }
    const controller = new LazyAbortController();
    const operation: RunningOperation = {
      kind: wantsSubscription ? 'subscription' : 'call',
      controller,
      keyed: message.type === 'call' && dedupeKeyOf(this, route, message) !== undefined,
    };
    this.#operations.set(message.id, operation);
    const run =
      message.type === 'subscribe'
        ? runSubscription(this, route, message, controller.signal)
        : runCall(this, route, message, controller);
    // One `then` rather than `catch().finally()`: two promises and closures fewer per call.
    const done = () => {
      if (this.#operations.get(message.id) === operation) this.#operations.delete(message.id);
    };
    run.then(done, (error: unknown) => {
      this.report(error, { path: route.path });
      done();
    });
  }

  #stop(id: OperationId): void {
    const operation = this.#operations.get(id);
    if (!operation) return; // Already settled: the client's cancel crossed our answer.
    this.#operations.delete(id);
    operation.controller.abort(new RpcError(ErrorCode.CANCELLED));
  }

  #onHello(message: HelloMessage): void {
    if (this.#phase !== 'awaiting-hello') {
      this.close(CloseCode.CONFLICT, 'Sent "hello" twice');
      return;
    }
    this.#phase = 'authenticating';
    this.session = message.session;
    let context: object | PromiseLike<object>;
    try {
      const request = this.#request as IncomingMessage;
      this.#request = undefined;
      context = this.#settings.createContext({ request, params: message.params });
    } catch (error) {
      this.#rejectHandshake(error);
      return;
    }
    Promise.resolve(context).then(
      (value) => this.#accept(value),
      (error: unknown) => this.#rejectHandshake(error),
    );
  }

  #accept(context: object): void {
    if (this.#phase !== 'authenticating') return;
    clearTimeout(this.#handshakeTimer);
    this.#handshakeTimer = undefined;
    if (typeof context !== 'object' || context === null) {
      this.#rejectHandshake(new Error("The server's context function must return an object"));
      return;
    }
    this.context = context;
    this.#phase = 'ready';
    this.send({ type: 'welcome' });
    this.#heartbeat.start();
  }

  #rejectHandshake(error: unknown): void {
    if (this.#phase === 'closed') return;
    if (isRpcError(error, ErrorCode.UNAUTHORIZED) || isRpcError(error, ErrorCode.FORBIDDEN)) {
      const code =
        error.code === ErrorCode.UNAUTHORIZED ? CloseCode.UNAUTHORIZED : CloseCode.FORBIDDEN;
      this.close(code, error.message);
      return;
    }
    const wire = toWireError(error, undefined, undefined, this.report);
    this.close(CloseCode.INTERNAL_ERROR, wire.message);
  }

  #onClosed(stopAll: boolean): void {
    if (this.#phase === 'closed') return;
    this.#phase = 'closed';
    this.#request = undefined;
    clearTimeout(this.#handshakeTimer);
    this.#heartbeat.stop();
    const reason = new RpcError(ErrorCode.CONNECTION_CLOSED);
    for (const operation of this.#operations.values()) {
      // A keyed mutation runs on: its outcome goes to the dedupe store for the client's retry.
      if (!operation.keyed || stopAll) operation.controller.abort(reason);
    }
    this.#operations.clear();
    for (const listener of this.#closedListeners.splice(0)) listener();
  }
}
