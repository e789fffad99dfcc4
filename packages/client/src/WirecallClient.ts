import {
  assertFlowOptions,
  type ClientMessage,
  CloseCode,
  ErrorCode,
  type FlowOptions,
  frameSize,
  type OperationId,
  RpcError,
  type ServerMessage,
  type WelcomeMessage,
} from '@wirecall/core';
import { EventEmitter } from 'eventemitter3';
import {
  ClientConnection,
  type ClientConnectionOptions,
  type CloseInfo,
} from './connection/ClientConnection.js';
import type { ConnectionState } from './connection/connectionState.js';
import type { Timers } from './connection/timers.js';
import { CallDeadlines } from './operations/callDeadlines.js';
import type { Operation, OperationOwner } from './operations/operation.js';
import { Outbox } from './operations/outbox.js';
import { type CallOptions, PendingCall } from './operations/PendingCall.js';
import { type SubscribeOptions, Subscription } from './operations/Subscription.js';

/** Events a client emits, for connection banners and logging. */
export interface ClientEvents {
  /** The connection state changed. */
  state: [state: ConnectionState, previous: ConnectionState];
  /** The handshake completed; calls flow (again). */
  open: [];
  /** A socket closed (or failed to open). */
  close: [info: CloseInfo];
  /** Something went wrong that no call owns (a bad frame from the server, failing params). */
  error: [error: Error];
}

/** Settings the client runs with, after defaults. */
export interface ClientSettings
  extends Omit<
    ClientConnectionOptions,
    'onOpen' | 'onMessage' | 'onStateChange' | 'onDrop' | 'onError'
  > {
  readonly timeoutMs: number;
  readonly waitForConnection: boolean;
  /** Connect on first use and disconnect after `idleTimeoutMs` with nothing running. */
  readonly lazy: boolean;
  readonly idleTimeoutMs: number;
  readonly maxPendingCalls: number;
  readonly maxPendingBytes: number;
  readonly whenQueueFull: 'wait' | 'fail';
  readonly highWaterMark: number;
  readonly timers: Timers;
}

/** A call waiting for room in the client's bounded queue. */
interface AdmissionWaiter {
  readonly call: Operation;
  readonly size: number;
}

/** Live counts of what a client holds, for monitoring and tests. */
export interface ClientStats {
  /** Calls admitted to the queue and not settled (queued or in flight). */
  readonly calls: number;
  readonly subscriptions: number;
  /** Encoded bytes of the admitted calls. */
  readonly pendingBytes: number;
  /** Calls on the wire, within the server's `maxCallsInFlight`. */
  readonly callsInFlight: number;
  /** Operations admitted but not sent yet (offline, at the in-flight limit, or socket full). */
  readonly queued: number;
  /** Calls waiting for room in the queue (`whenQueueFull: 'wait'`). */
  readonly waiting: number;
  /** Bytes the socket has buffered but not written yet. */
  readonly bufferedAmount: number;
}

/**
 * The connection and operations behind a typed client: owns the one WebSocket all calls and
 * subscriptions share, and carries them across reconnects. The typed procedure handles of
 * `createClient` sit on top of it.
 */
export class WirecallClient implements OperationOwner {
  readonly #events = new EventEmitter<ClientEvents>();
  readonly #settings: ClientSettings;
  readonly #connection: ClientConnection;
  readonly #operations = new Map<OperationId, Operation>();
  readonly #callSizes = new Map<OperationId, number>();
  readonly #outbox: Outbox;
  /** Calls waiting for room in the queue, in order; at most `maxPendingCalls` of them. */
  readonly #waiting = new Map<OperationId, AdmissionWaiter>();
  #pendingBytes = 0;
  #nextId = 1;
  #idleTimer: unknown;
  /** Made once: every call's frame is encoded through it. */
  readonly #encode = (message: ClientMessage) => this.#connection.encode(message);
  /** @internal Times out calls, one timer per distinct timeout. */
  readonly deadlines: CallDeadlines;

  /** @internal Use `createClient`. */
  constructor(settings: ClientSettings) {
    this.#settings = settings;
    const { timers } = settings;
    this.deadlines = new CallDeadlines(
      timers,
      timers.now ? () => (timers as Required<Timers>).now() : () => globalThis.performance.now(),
    );
    this.#outbox = new Outbox({
      frame: (operation) => operation.startFrame((message) => this.#connection.encode(message)),
      send: (frame) => this.#connection.sendFrame(frame),
      bufferedAmount: () => this.#connection.bufferedAmount,
      highWaterMark: settings.highWaterMark,
      drainCheckMs: 10,
      timers: settings.timers,
    });
    this.#connection = new ClientConnection({
      ...settings,
      onOpen: (welcome) => this.#onOpen(welcome),
      onMessage: (message) => this.#onMessage(message),
      onStateChange: (state, previous) => this.#events.emit('state', state, previous),
      onDrop: (info, willRetry) => this.#onDrop(info, willRetry),
      onError: (error) => this.#events.emit('error', error),
    });
    if (!settings.lazy) this.#connection.connect();
  }

  /** Where the connection is: `idle`, `connecting`, `open`, `reconnecting` or `closed`. */
  get state(): ConnectionState {
    return this.#connection.state;
  }

  /** Live counts of what the client holds, for monitoring and tests. */
  stats(): ClientStats {
    return {
      calls: this.#callSizes.size,
      subscriptions: this.#operations.size - this.#callSizes.size,
      pendingBytes: this.#pendingBytes,
      callsInFlight: this.#outbox.callsOnWire,
      queued: this.#outbox.queued,
      waiting: this.#waiting.size,
      bufferedAmount: this.#connection.bufferedAmount,
    };
  }

  /** Listens to a client event. Returns a function that stops listening. */
  on<TEvent extends keyof ClientEvents>(
    event: TEvent,
    listener: (...args: ClientEvents[TEvent]) => void,
  ): () => void {
    this.#events.on(event, listener as never);
    return () => this.#events.off(event, listener as never);
  }

  /** Stops listening to a client event. */
  off<TEvent extends keyof ClientEvents>(
    event: TEvent,
    listener: (...args: ClientEvents[TEvent]) => void,
  ): void {
    this.#events.off(event, listener as never);
  }

  /** Opens the connection now (in lazy mode, or after the client went idle). */
  connect(): void {
    this.#connection.connect();
  }

  /**
   * Closes the connection for good: pending calls reject and subscriptions end with
   * `CONNECTION_CLOSED`; later calls reject at once.
   */
  close(): void {
    this.#settings.timers.clearTimeout(this.#idleTimer);
    this.#connection.close();
    this.#failAll(
      new RpcError(ErrorCode.CONNECTION_CLOSED, undefined, { message: 'Client closed' }),
    );
    this.deadlines.clear();
  }

  /** @internal Runs a query or mutation; used by the typed handles. */
  call<TOutput>(
    path: string,
    input: unknown,
    options: CallOptions & { mutation?: boolean } = {},
  ): Promise<TOutput> {
    const call = new PendingCall<TOutput>(this, this.#nextId++, path, input, {
      ...options,
      timeoutMs: options.timeoutMs ?? this.#settings.timeoutMs,
      idempotent: options.mutation === true,
    });
    if (call.settled) return call.promise;
    const refusal = this.#refuse(options.waitForConnection ?? this.#settings.waitForConnection);
    if (refusal) {
      call.fail(refusal);
      return call.promise;
    }
    const size = frameSize(call.startFrame(this.#encode));
    if (this.#waiting.size === 0 && this.#hasRoomFor(size)) {
      this.#admit(call, size);
      return call.promise;
    }
    const whenFull = options.whenQueueFull ?? this.#settings.whenQueueFull;
    if (
      whenFull === 'fail' ||
      this.#waiting.size >= this.#settings.maxPendingCalls ||
      size > this.#settings.maxPendingBytes
    ) {
      call.fail(
        new RpcError(
          ErrorCode.BACKPRESSURE,
          // Roughly one round of the calls ahead of it; a hint, not a promise.
          { retryAfterMs: 100 },
          {
            message: `Too many calls pending (${this.#callSizes.size} calls, ${this.#pendingBytes} bytes)`,
          },
        ),
      );
      return call.promise;
    }
    this.#waiting.set(call.id, { call, size });
    return call.promise;
  }

  #hasRoomFor(size: number): boolean {
    return (
      this.#callSizes.size < this.#settings.maxPendingCalls &&
      this.#pendingBytes + size <= this.#settings.maxPendingBytes
    );
  }

  #admit(call: Operation, size: number): void {
    this.#callSizes.set(call.id, size);
    this.#pendingBytes += size;
    this.#start(call);
  }

  /** Lets waiting calls into the queue, in order, while there is room. */
  #admitWaiting(): void {
    for (const [id, waiter] of this.#waiting) {
      if (!this.#hasRoomFor(waiter.size)) return;
      this.#waiting.delete(id);
      this.#admit(waiter.call, waiter.size);
    }
  }

  /** @internal Starts a subscription; used by the typed handles. */
  subscribe<TEvent, TError extends RpcError>(
    path: string,
    input: unknown,
    options: SubscribeOptions<TEvent, TError> = {},
    defaults?: FlowOptions,
  ): Subscription<TEvent, TError> {
    assertFlowOptions(options, `subscribe("${path}")`);
    const subscription = new Subscription<TEvent, TError>(
      this,
      this.#nextId++,
      path,
      input,
      options,
      defaults,
    );
    if (subscription.closed) return subscription;
    if (this.#connection.state === 'closed') {
      subscription.fail(
        new RpcError(ErrorCode.CONNECTION_CLOSED, undefined, { message: 'Client is closed' }),
      );
      return subscription;
    }
    this.#start(subscription);
    return subscription;
  }

  /** @internal */
  send(message: ClientMessage): boolean {
    return this.#connection.send(message);
  }

  /** @internal */
  release(operation: Operation): void {
    if (this.#waiting.get(operation.id)?.call === operation) {
      this.#waiting.delete(operation.id);
      return;
    }
    if (this.#operations.get(operation.id) !== operation) return;
    this.#operations.delete(operation.id);
    this.#outbox.remove(operation);
    const size = this.#callSizes.get(operation.id);
    if (size !== undefined) {
      this.#callSizes.delete(operation.id);
      this.#pendingBytes -= size;
      this.#admitWaiting();
    }
    if (this.#settings.lazy && this.#operations.size === 0) this.#scheduleIdle();
  }

  /** Why a new call cannot be accepted now, if it cannot. */
  #refuse(waitForConnection: boolean): RpcError | undefined {
    const state = this.#connection.state;
    if (state === 'closed')
      return new RpcError(ErrorCode.CONNECTION_CLOSED, undefined, { message: 'Client is closed' });
    if (!waitForConnection && state !== 'open') {
      return new RpcError(ErrorCode.OFFLINE, undefined, { message: `Not connected (${state})` });
    }
    return undefined;
  }

  #start(operation: Operation): void {
    this.#settings.timers.clearTimeout(this.#idleTimer);
    this.#operations.set(operation.id, operation);
    this.#outbox.enqueue(operation);
    if (!operation.sent) this.#connection.connect();
  }

  #scheduleIdle(): void {
    this.#settings.timers.clearTimeout(this.#idleTimer);
    this.#idleTimer = this.#settings.timers.setTimeout(() => {
      if (this.#operations.size === 0) this.#connection.disconnect('Client idle');
    }, this.#settings.idleTimeoutMs);
  }

  #onOpen(welcome: WelcomeMessage): void {
    this.#events.emit('open');
    // Operations started while disconnected, and those interrupted by a drop, go out in order,
    // within the limits this server advertised.
    this.#outbox.opened(welcome.limits, this.#operations.values());
    if (this.#settings.lazy && this.#operations.size === 0) this.#scheduleIdle();
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
      case 'cursor':
      case 'complete':
        // Messages for operations we no longer hold (cancelled, unsubscribed) are dropped.
        this.#operations.get(message.id)?.handle(message);
        return;
      default: {
        message satisfies never;
        return;
      }
    }
  }

  #onDrop(info: CloseInfo, willRetry: boolean): void {
    this.#outbox.dropped();
    this.#events.emit('close', info);
    const error = errorForClose(info);
    if (!willRetry) {
      this.#failAll(error);
      return;
    }
    if (info.code === CloseCode.IDLE_TIMEOUT && this.#operations.size === 0) {
      // The server does not want idle connections: come back when there is something to do.
      this.#connection.disconnect('Server closed the idle connection');
      return;
    }
    for (const operation of [...this.#operations.values()]) operation.connectionLost(error, true);
  }

  #failAll(error: RpcError): void {
    for (const { call } of [...this.#waiting.values()]) call.fail(error);
    for (const operation of [...this.#operations.values()]) operation.connectionLost(error, false);
  }
}

/** The error operations get when the socket closes with `info` and the client gives up. */
function errorForClose(info: CloseInfo): RpcError {
  const detail = {
    message: `Connection closed (${info.code}${info.reason ? `: ${info.reason}` : ''})`,
  };
  if (info.code === CloseCode.UNAUTHORIZED)
    return new RpcError(ErrorCode.UNAUTHORIZED, undefined, detail);
  if (info.code === CloseCode.FORBIDDEN)
    return new RpcError(ErrorCode.FORBIDDEN, undefined, detail);
  return new RpcError(
    ErrorCode.CONNECTION_CLOSED,
    { closeCode: info.code, reason: info.reason },
    detail,
  );
}
