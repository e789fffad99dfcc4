import {
  type ClientMessage,
  ErrorCode,
  type FlowOptions,
  type Frame,
  type OperationId,
  RpcError,
  type ServerMessage,
  type TraceContext,
  type WelcomeMessage,
} from '@wirecall/core';
import {
  assertFlowOptions,
  encodeMessage,
  errorCodeForClose,
  frameSize,
} from '@wirecall/core/internal';
import { EventEmitter } from 'eventemitter3';
import type { ClientEvents, ClientSettings, ClientStats } from './clientSettings.js';
import { ClientConnection, type CloseInfo } from './connection/ClientConnection.js';
import type { Timers } from './connection/timers.js';
import { CallAdmission } from './operations/CallAdmission.js';
import { CallDeadlines } from './operations/CallDeadlines.js';
import { Outbox } from './operations/Outbox.js';
import type { Operation, OperationOwner } from './operations/operation.js';
import { type CallOptions, PendingCall } from './operations/PendingCall.js';
import { type SubscribeOptions, Subscription } from './operations/Subscription.js';
import { unencodableInput } from './operations/sendErrors.js';

/** The options of a call made without any: one object for all of them, not one per call. */
const NO_CALL_OPTIONS: CallOptions = Object.freeze({});

/**
 * What a client does behind its public face: holds the connection and every operation, admits
 * calls within the client's bounds, routes the server's messages to their operations and
 * carries them across reconnects. `WirecallClient` shows only its controls; the typed handles
 * of `createClient` reach this through `runtimeOf`.
 */
export class ClientRuntime implements OperationOwner {
  /** The client's events; listeners take no `this` context (`undefined`, not eventemitter3's `any`). */
  readonly events = new EventEmitter<ClientEvents, undefined>();
  readonly #settings: ClientSettings;
  readonly connection: ClientConnection;
  readonly #operations = new Map<OperationId, Operation>();
  readonly #outbox: Outbox;
  readonly #admission: CallAdmission;
  #nextId = 1;
  #idleTimer: unknown;
  /** Times out calls, one timer per distinct timeout. */
  readonly deadlines: CallDeadlines;

  constructor(settings: ClientSettings) {
    this.#settings = settings;
    const { timers, codec } = settings;
    this.deadlines = new CallDeadlines(
      timers,
      timers.now ? () => (timers as Required<Timers>).now() : () => globalThis.performance.now(),
    );
    this.#admission = new CallAdmission(settings, (call) => this.#start(call));
    this.#outbox = new Outbox({
      encode: (message) => encodeMessage(codec, message),
      send: (frame) => this.connection.sendFrame(frame),
      bufferedAmount: () => this.connection.bufferedAmount,
      highWaterMark: settings.highWaterMark,
      drainCheckMs: 10,
      timers,
    });
    this.connection = new ClientConnection({
      ...settings,
      isIdle: () => this.#operations.size === 0,
      onOpen: (welcome) => this.#onOpen(welcome),
      onMessage: (message) => this.#onMessage(message),
      onStateChange: (state, previous) => this.events.emit('state', state, previous),
      onDrop: (info, willRetry) => this.#onDrop(info, willRetry),
      onError: (error) => this.events.emit('error', error),
    });
    if (!settings.lazy) this.connection.connect();
  }

  /** The client's timers (injectable), for the schedules of its operations and rooms. */
  get timers(): Timers {
    return this.#settings.timers;
  }

  stats(): ClientStats {
    const calls = this.#admission.calls;
    return {
      calls,
      subscriptions: this.#operations.size - calls,
      pendingBytes: this.#admission.bytes,
      callsInFlight: this.#outbox.callsOnWire,
      queued: this.#outbox.queued,
      waiting: this.#admission.waiting,
      bufferedAmount: this.connection.bufferedAmount,
    };
  }

  close(): void {
    this.#settings.timers.clearTimeout(this.#idleTimer);
    this.connection.close();
    this.#failAll(
      new RpcError(ErrorCode.CONNECTION_CLOSED, undefined, { message: 'Client closed' }),
    );
    this.deadlines.clear();
  }

  /** Runs a query or mutation; with the client's telemetry, in a span of its own. */
  call<TOutput>(
    path: string,
    input: unknown,
    options: CallOptions & { mutation?: boolean } = NO_CALL_OPTIONS,
  ): Promise<TOutput> {
    const telemetry = this.#settings.telemetry;
    if (telemetry === undefined) return this.#call(path, input, options, undefined);
    const span = telemetry.start({ path, kind: options.mutation === true ? 'mutation' : 'query' });
    const promise = this.#call<TOutput>(path, input, options, span.trace);
    promise.then(
      () => span.end(undefined),
      (error: RpcError) => span.end(error),
    );
    return promise;
  }

  #call<TOutput>(
    path: string,
    input: unknown,
    options: CallOptions & { mutation?: boolean },
    trace: TraceContext | undefined,
  ): Promise<TOutput> {
    // Only what the call keeps, not a spread of the options: a copy of an object of unknown shape
    // is one of the slower things a call did.
    const call = new PendingCall<TOutput>(this, this.#nextId++, path, input, {
      signal: options.signal,
      timeoutMs: options.timeoutMs ?? this.#settings.timeoutMs,
      idempotent: options.mutation === true,
      trace,
    });
    if (call.settled) return call.promise;
    const refusal = this.#refuse(options.waitForConnection ?? this.#settings.waitForConnection);
    if (refusal) {
      call.fail(refusal);
      return call.promise;
    }
    const whenFull = options.whenQueueFull ?? this.#settings.whenQueueFull;
    const full = this.#admission.refuseEarly(whenFull);
    if (full) {
      call.fail(full);
      return call.promise;
    }
    // Encoded once now, to refuse what cannot be encoded at once and to know its size; the frame
    // is kept only if the call goes out straight away.
    const encoded = encodeMessage(this.#settings.codec, call.startMessage());
    if (!encoded.ok) {
      call.fail(unencodableInput(path, encoded.problem));
      return call.promise;
    }
    const admission = this.#admission.offer(call, frameSize(encoded.frame), whenFull);
    if (admission === 'admitted') this.#start(call, encoded.frame);
    else if (admission !== 'waiting') call.fail(admission);
    return call.promise;
  }

  /** Starts a subscription. */
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
    if (this.connection.state === 'closed') {
      subscription.fail(
        new RpcError(ErrorCode.CONNECTION_CLOSED, undefined, { message: 'Client is closed' }),
      );
      return subscription;
    }
    const encoded = encodeMessage(this.#settings.codec, subscription.startMessage());
    if (!encoded.ok) subscription.fail(unencodableInput(path, encoded.problem));
    else this.#start(subscription, encoded.frame);
    return subscription;
  }

  send(message: ClientMessage): boolean {
    return this.connection.send(message);
  }

  release(operation: Operation): void {
    const held = this.#operations.get(operation.id) === operation;
    if (held) {
      this.#operations.delete(operation.id);
      this.#outbox.remove(operation);
    }
    // An admitted call makes room for the calls waiting; a waiting one leaves the line.
    if (operation.kind === 'call') this.#admission.release(operation);
    if (held && this.#settings.lazy && this.#operations.size === 0) this.#scheduleIdle();
  }

  /** Why a new call cannot be accepted now, if it cannot. */
  #refuse(waitForConnection: boolean): RpcError | undefined {
    const state = this.connection.state;
    if (state === 'closed')
      return new RpcError(ErrorCode.CONNECTION_CLOSED, undefined, { message: 'Client is closed' });
    if (!waitForConnection && state !== 'open') {
      return new RpcError(ErrorCode.OFFLINE, undefined, { message: `Not connected (${state})` });
    }
    return undefined;
  }

  #start(operation: Operation, frame?: Frame): void {
    if (this.#idleTimer !== undefined) {
      this.#settings.timers.clearTimeout(this.#idleTimer);
      this.#idleTimer = undefined;
    }
    this.#operations.set(operation.id, operation);
    this.#outbox.enqueue(operation, frame);
    if (!operation.sent) this.connection.connect();
  }

  #scheduleIdle(): void {
    this.#settings.timers.clearTimeout(this.#idleTimer);
    this.#idleTimer = this.#settings.timers.setTimeout(() => {
      if (this.#operations.size === 0) this.connection.disconnect('Client idle');
    }, this.#settings.idleTimeoutMs);
  }

  #onOpen(welcome: WelcomeMessage): void {
    this.events.emit('open');
    // Operations started while disconnected, and those interrupted by a drop, go out in order,
    // within the limits this server advertised.
    this.#outbox.opened(welcome.limits, this.#operations.values());
    if (this.#settings.lazy && this.#operations.size === 0) this.#scheduleIdle();
  }

  #onMessage(message: ServerMessage): void {
    switch (message.type) {
      case 'ping':
        this.connection.send({ type: 'pong' });
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
    this.events.emit('close', info);
    if (!willRetry) {
      this.#failAll(errorForClose(info));
      return;
    }
    const error = errorForClose(info);
    for (const operation of [...this.#operations.values()]) operation.connectionLost(error, true);
  }

  #failAll(error: RpcError): void {
    for (const call of this.#admission.waitingCalls()) call.fail(error);
    for (const operation of [...this.#operations.values()]) operation.connectionLost(error, false);
  }
}

/** The error operations get when the socket closes with `info` and the client gives up. */
function errorForClose(info: CloseInfo): RpcError {
  const detail = {
    message: `Connection closed (${info.code}${info.reason ? `: ${info.reason}` : ''})`,
  };
  const code = errorCodeForClose(info.code);
  if (code !== ErrorCode.CONNECTION_CLOSED) return new RpcError(code, undefined, detail);
  return new RpcError(code, { closeCode: info.code, reason: info.reason }, detail);
}
