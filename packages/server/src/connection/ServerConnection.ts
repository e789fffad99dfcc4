import type { IncomingMessage } from 'node:http';
import {
  type ClientMessage,
  CloseCode,
  type Codec,
  canBatch,
  DEFAULT_MAX_BATCH_SIZE,
  ErrorCode,
  type Frame,
  FrameBatcher,
  type HelloMessage,
  isBatch,
  isRpcError,
  type OperationId,
  ProtocolError,
  parseClientFrame,
  RpcError,
  type ServerMessage,
} from '@wirecall/core';
import type { DedupeStore } from '../dedupe/dedupeStore.js';
import { type ErrorReporter, toWireError } from '../errorBoundary.js';
import { SubscriptionFlow } from '../flow/subscriptionFlow.js';
import type { ServerLimits } from '../limits.js';
import type { PubSub } from '../pubsub/pubsub.js';
import type { Route } from '../routes.js';
import type { ServerSocket } from '../transport.js';
import type { HandshakeBudget } from './handshakeBudget.js';
import { LazyAbortController } from './lazyAbortController.js';
import type { OperationHost } from './operationHost.js';
import { dedupeKeyOf, runCall } from './runCall.js';
import { runSubscription } from './runSubscription.js';
import type { HeartbeatPeer, ServerHeartbeat } from './serverHeartbeat.js';

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
  readonly limits: ServerLimits;
  readonly validateOutput: boolean;
  readonly report: ErrorReporter;
  readonly pubsub: PubSub;
  readonly dedupe: DedupeStore;
  /** The server's one heartbeat, which watches all its connections. */
  readonly heartbeat: ServerHeartbeat;
  /** The server's open connections: each adds itself when created and removes itself once closed. */
  readonly connections: Set<ServerConnection>;
  /** Slots of connections still in the handshake; a connection gives its slot back when it ends. */
  readonly handshakes: HandshakeBudget;
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
  /** A subscription's credit, when its client does flow control. */
  readonly flow: SubscriptionFlow | undefined;
}

/** How often a socket above its high-water mark is checked for having drained. */
const DRAIN_POLL_MS = 10;

/** The context of connections before the handshake and of servers without a `context` option. */
export const emptyContext: object = Object.freeze({});

/** The close reason of a connection refused for the server's connection limit (with 1013). */
export const atConnectionLimit = 'Server is at its connection limit; retry-after=1000';

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
export class ServerConnection implements OperationHost, HeartbeatPeer {
  readonly #socket: ServerSocket;
  /** Until the handshake is done: holding the upgrade request longer costs memory per connection. */
  #request: IncomingMessage | undefined;
  readonly #settings: ConnectionSettings;
  /** Created by the first operation: most connections sit idle most of the time. */
  #operations: Map<OperationId, RunningOperation> | undefined;
  #closedListeners: Array<() => void> | undefined;
  #phase: ConnectionPhase = 'awaiting-hello';
  #handshakeTimer: ReturnType<typeof setTimeout> | undefined;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  #calls = 0;
  /** Set while the socket is above its high-water mark: resolves when it has drained. */
  #drained: Promise<void> | undefined;
  #socketClosed = false;
  /** The remote address whose handshake slot this connection holds, until the handshake ends. */
  #handshakeSlot: string | undefined;
  /** Start (`Date.now()`) of the second whose pings {@link #pings} counts. */
  #pingWindow = 0;
  #pings = 0;
  #socketClosedListeners: Array<() => void> | undefined;
  /** Set while the server shuts down: no new operations start, the socket closes when calls end. */
  #draining: { readonly done: () => void } | undefined;
  /** Whether the client said in `hello` that it takes batches. */
  #takesBatches = false;
  /**
   * What is sent in one turn goes as one frame, to a client that takes batches. Made at the first
   * send after the welcome: a connection that never gets more than its welcome has none.
   */
  #batcher: FrameBatcher | undefined;
  context: object = emptyContext;
  session: string | undefined;
  /** When the client was last heard from (`Date.now()`): the server's heartbeat reads it. */
  lastSeen = Date.now();

  /**
   * @param handshakeSlot the remote address of the slot taken from `settings.handshakes` for this
   * connection, which it gives back when its handshake ends.
   */
  constructor(
    socket: ServerSocket,
    request: IncomingMessage,
    settings: ConnectionSettings,
    handshakeSlot?: string,
  ) {
    this.#socket = socket;
    this.#request = request;
    this.#settings = settings;
    this.#handshakeSlot = handshakeSlot;
    settings.connections.add(this);
    socket.onClose(() => {
      this.#socketClosed = true;
      this.#onClosed(false);
      const listeners = this.#socketClosedListeners;
      this.#socketClosedListeners = undefined;
      if (listeners) for (const listener of listeners) listener();
    });
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
      settings.limits.handshakeTimeoutMs,
    );
  }

  writable(): Promise<void> | undefined {
    const { highWaterMark, slowSocketTimeoutMs } = this.#settings.limits;
    if (this.#phase === 'closed' || this.#queuedBytes() <= highWaterMark) return undefined;
    if (!this.#drained) {
      // One poll per connection while it is full, however many subscriptions wait: browsers'
      // and most runtimes' sockets have no drain event to wait on.
      const fullSince = Date.now();
      this.#drained = new Promise<void>((resolve) => {
        const check = () => {
          if (this.#phase === 'closed' || this.#queuedBytes() <= highWaterMark) {
            this.#drained = undefined;
            resolve();
          } else if (Date.now() - fullSince > slowSocketTimeoutMs) {
            this.close(CloseCode.SLOW_CONSUMER, 'The client read too slowly for too long');
            this.#drained = undefined;
            resolve();
          } else {
            setTimeout(check, DRAIN_POLL_MS);
          }
        };
        setTimeout(check, DRAIN_POLL_MS);
      });
    }
    return this.#drained;
  }

  /** What the socket holds plus what waits for the end of the turn (counted in characters). */
  #queuedBytes(): number {
    return this.#socket.bufferedAmount + (this.#batcher?.pendingSize ?? 0);
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
    return { calls: this.#calls, subscriptions: (this.#operations?.size ?? 0) - this.#calls };
  }

  /**
   * Stops starting operations, waits for running calls to settle (at most `timeoutMs`), then
   * closes with 1001 and `reason` so the client reconnects elsewhere; resolves once closed. Operations the
   * client sends meanwhile are not started: its reconnect re-sends them to another server.
   */
  drain(timeoutMs: number, reason = 'Server shutting down'): Promise<void> {
    return new Promise((resolve) => {
      // Resolves when the closing handshake is over, or a moment after asking for it: a peer
      // that never answers is the transport's to time out, not a reason to hang shutdown.
      const settle = () => {
        if (this.#socketClosed) return resolve();
        this.#socketClosedListeners ??= [];
        this.#socketClosedListeners.push(resolve);
        setTimeout(resolve, 1_000).unref?.();
      };
      this.onClosed(settle);
      if (this.#phase === 'closed') return;
      const closeNow = () => this.close(CloseCode.GOING_AWAY, reason, true);
      if (this.#calls === 0 || timeoutMs <= 0) {
        closeNow();
        return;
      }
      const deadline = setTimeout(closeNow, timeoutMs);
      this.onClosed(() => clearTimeout(deadline));
      this.#draining = { done: closeNow };
    });
  }

  /** Runs `listener` once the connection has closed and stopped all its operations. */
  onClosed(listener: () => void): void {
    if (this.#phase === 'closed') listener();
    else {
      this.#closedListeners ??= [];
      this.#closedListeners.push(listener);
    }
  }

  send(message: ServerMessage): void | Promise<void> {
    if (this.#phase === 'closed') return;
    const frame = this.#settings.codec.encode(message);
    const batcher = this.#batcher ?? (this.#takesBatches ? this.#startBatching() : undefined);
    const sent = batcher ? batcher.push(frame) : this.#socket.send(frame);
    // Whatever was sent counts: a socket kept over the mark by pongs or answers is as slow as one
    // kept there by events, and is closed the same way once `slowSocketTimeoutMs` has passed.
    if (this.#queuedBytes() > this.#settings.limits.highWaterMark) void this.writable();
    return sent;
  }

  #startBatching(): FrameBatcher | undefined {
    const { codec } = this.#settings;
    if (!canBatch(codec)) return undefined;
    this.#batcher = new FrameBatcher(this.#socket, codec, DEFAULT_MAX_BATCH_SIZE);
    return this.#batcher;
  }

  /**
   * Closes the socket and stops the connection's operations. `stopAll` also aborts mutations
   * that would otherwise finish for the sake of the client's retry (server shutdown).
   */
  close(code: number, reason: string, stopAll = false): void {
    if (this.#phase === 'closed') return;
    // What was sent before closing goes first: an error, say, that explains the close.
    this.#batcher?.flush();
    this.#socket.close(code, closeReason(reason));
    this.#onClosed(stopAll);
  }

  /** Asks the client for a sign of life (the heartbeat found it silent). */
  ping(): void {
    void this.send({ type: 'ping' });
  }

  /** The client stopped answering: drop it without waiting for a close handshake it cannot do. */
  drop(): void {
    if (this.#phase === 'closed') return;
    if (this.#socket.terminate) this.#socket.terminate();
    else this.#socket.close(CloseCode.HEARTBEAT_TIMEOUT, 'No answer to ping');
    this.#onClosed(false);
  }

  #onFrame(frame: Frame): void {
    if (this.#phase === 'closed') return;
    this.lastSeen = Date.now();
    let messages: ClientMessage | readonly ClientMessage[];
    try {
      messages = parseClientFrame(this.#settings.codec.decode(frame));
    } catch (error) {
      const reason = error instanceof ProtocolError ? error.message : 'Frame could not be decoded';
      this.close(CloseCode.PROTOCOL_ERROR, reason);
      return;
    }
    if (!isBatch(messages)) {
      this.#dispatch(messages);
      return;
    }
    // The messages of a batch in order, as if each had come in its own frame.
    for (const message of messages) {
      if ((this.#phase as ConnectionPhase) === 'closed') return;
      this.#dispatch(message);
    }
  }

  #dispatch(message: ClientMessage): void {
    // Before the welcome only `hello` is taken: a socket without credentials gets no work done,
    // not even a pong (docs/protocol.md, "Handshake").
    if (message.type !== 'hello' && this.#phase !== 'ready') {
      this.close(
        CloseCode.PROTOCOL_ERROR,
        'Send "hello" and wait for "welcome" before anything else',
      );
      return;
    }
    switch (message.type) {
      case 'hello':
        this.#onHello(message);
        return;
      case 'ping':
        if (this.#mayPong()) void this.send({ type: 'pong' });
        return;
      case 'pong':
        return;
      case 'call':
      case 'subscribe': {
        if (this.#operations?.has(message.id)) {
          this.close(CloseCode.CONFLICT, `Operation id ${message.id} is already running`);
          return;
        }
        if (this.#draining) return;
        const refusal = this.#overLimit(message.type);
        if (refusal) {
          this.send({ type: 'error', id: message.id, error: refusal.toJSON() });
          return;
        }
        this.#start(message);
        return;
      }
      case 'credit':
        // A grant may cross the subscription's end; it is then for nothing and ignored.
        this.#operations?.get(message.id)?.flow?.grant(message.credit);
        return;
      case 'cancel':
      case 'unsubscribe': {
        this.#stop(message.id);
        return;
      }
      default: {
        const unexpected: never = message;
        throw new Error(`Unhandled message ${String(unexpected)}`);
      }
    }
  }

  /** Whether a ping may be answered: at most `maxPingsPerSecond` are, in each second. */
  #mayPong(): boolean {
    const now = Date.now();
    if (now - this.#pingWindow >= 1_000) {
      this.#pingWindow = now;
      this.#pings = 0;
    }
    return ++this.#pings <= this.#settings.limits.maxPingsPerSecond;
  }

  /** The handshake is over, one way or the other: its slot is free for another connection. */
  #releaseHandshakeSlot(): void {
    if (this.#handshakeSlot === undefined) return;
    this.#settings.handshakes.release(this.#handshakeSlot);
    this.#handshakeSlot = undefined;
  }

  /** The error for an operation that would exceed this connection's limits, if it would. */
  #overLimit(type: 'call' | 'subscribe'): RpcError | undefined {
    const { maxCallsInFlight, maxSubscriptions } = this.#settings.limits;
    if (type === 'call' && this.#calls >= maxCallsInFlight) {
      return new RpcError(
        ErrorCode.BACKPRESSURE,
        { retryAfterMs: undefined },
        { message: `More than ${maxCallsInFlight} calls in flight on one connection` },
      );
    }
    const running = this.#operations?.size ?? 0;
    if (type === 'subscribe' && running - this.#calls >= maxSubscriptions) {
      return new RpcError(
        ErrorCode.LIMIT_EXCEEDED,
        { limit: 'maxSubscriptions', max: maxSubscriptions },
        { message: `More than ${maxSubscriptions} subscriptions on one connection` },
      );
    }
    return undefined;
  }

  /** Restarts the idle countdown when nothing runs; a running operation stops it. */
  #watchIdle(): void {
    const { idleTimeoutMs } = this.#settings.limits;
    if (idleTimeoutMs === 0) return;
    clearTimeout(this.#idleTimer);
    if (this.#operations?.size || this.#phase !== 'ready') return;
    this.#idleTimer = setTimeout(
      () => this.close(CloseCode.IDLE_TIMEOUT, 'Idle timeout'),
      idleTimeoutMs,
    );
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
    const flow = message.type === 'subscribe' ? new SubscriptionFlow(message.credit) : undefined;
    const key = message.type === 'call' ? dedupeKeyOf(this, route, message) : undefined;
    const operation: RunningOperation = {
      kind: wantsSubscription ? 'subscription' : 'call',
      controller,
      keyed: key !== undefined,
      flow,
    };
    this.#operations ??= new Map();
    this.#operations.set(message.id, operation);
    if (operation.kind === 'call') this.#calls++;
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    const run =
      message.type === 'subscribe'
        ? runSubscription(this, route, message, controller.signal, flow as SubscriptionFlow)
        : runCall(this, route, message, controller, key);
    // A call that finished synchronously has been answered already.
    if (!run) {
      this.#forget(message.id, operation);
      return;
    }
    // One `then` rather than `catch().finally()`: two promises and closures fewer per call.
    const done = () => this.#forget(message.id, operation);
    run.then(done, (error: unknown) => {
      this.report(error, { path: route.path });
      done();
    });
  }

  /** Removes a settled or stopped operation from the books. */
  #forget(id: OperationId, operation: RunningOperation): void {
    if (this.#operations?.get(id) !== operation) return;
    this.#operations.delete(id);
    if (operation.kind === 'call') {
      this.#calls--;
      if (this.#calls === 0) this.#draining?.done();
    }
    this.#watchIdle();
  }

  #stop(id: OperationId): void {
    const operation = this.#operations?.get(id);
    if (!operation) return; // Already settled: the client's cancel crossed our answer.
    this.#forget(id, operation);
    operation.controller.abort(new RpcError(ErrorCode.CANCELLED));
  }

  #onHello(message: HelloMessage): void {
    if (this.#phase !== 'awaiting-hello') {
      this.close(CloseCode.CONFLICT, 'Sent "hello" twice');
      return;
    }
    this.#phase = 'authenticating';
    this.session = message.session;
    this.#takesBatches = message.batch === true && canBatch(this.#settings.codec);
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
    // Authenticated connections are counted apart from handshakes, so the limit is checked again
    // here: others may have been accepted since this socket came in.
    const { connections, handshakes, limits } = this.#settings;
    if (connections.size - handshakes.pending >= limits.maxConnections) {
      this.close(CloseCode.TRY_AGAIN_LATER, atConnectionLimit);
      return;
    }
    this.#releaseHandshakeSlot();
    this.context = context;
    this.#phase = 'ready';
    const { maxCallsInFlight, maxSubscriptions, maxMessageBytes } = this.#settings.limits;
    const welcome = this.#settings.codec.encode({
      type: 'welcome',
      limits: { maxCallsInFlight, maxSubscriptions, maxMessageBytes },
      ...(canBatch(this.#settings.codec) ? { batch: true } : {}),
    });
    // Straight to the socket: nothing is sent before it, and a client that stays idle after its
    // welcome then never costs a batcher.
    this.#socket.send(welcome);
    this.lastSeen = Date.now();
    this.#settings.heartbeat.watch(this);
    this.#watchIdle();
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
    this.#releaseHandshakeSlot();
    clearTimeout(this.#handshakeTimer);
    clearTimeout(this.#idleTimer);
    this.#calls = 0;
    this.#settings.heartbeat.unwatch(this);
    this.#settings.connections.delete(this);
    this.#batcher?.discard();
    const operations = this.#operations;
    this.#operations = undefined;
    if (operations) {
      const reason = new RpcError(ErrorCode.CONNECTION_CLOSED);
      for (const operation of operations.values()) {
        // A keyed mutation runs on: its outcome goes to the dedupe store for the client's retry.
        if (!operation.keyed || stopAll) operation.controller.abort(reason);
      }
    }
    const listeners = this.#closedListeners;
    this.#closedListeners = undefined;
    if (listeners) for (const listener of listeners) listener();
  }
}
