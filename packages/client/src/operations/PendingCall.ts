import {
  type CallMessage,
  ErrorCode,
  type OperationId,
  RpcError,
  type TraceContext,
} from '@wirecall/core';
import type { Expiring, Lane } from './CallDeadlines.js';
import type { Operation, OperationMessage, OperationOwner } from './operation.js';

/** Per-call options of queries and mutations. */
export interface CallOptions {
  /** Aborting rejects the call with `CANCELLED` and tells the server to stop. */
  signal?: AbortSignal;
  /**
   * Milliseconds before the call rejects with `TIMEOUT` (the server is told to stop); `Infinity`
   * waits forever. The time spent waiting for a connection counts.
   * @default the client's `timeoutMs`
   */
  timeoutMs?: number;
  /**
   * Whether a call made while disconnected waits for the connection (`true`) or rejects at once
   * with `OFFLINE` (`false`).
   * @default the client's `waitForConnection`
   */
  waitForConnection?: boolean;
  /**
   * What a call does when the client's queue is full: wait for room (under its timeout and
   * signal) or reject at once with `BACKPRESSURE`.
   * @default the client's `whenQueueFull`
   */
  whenQueueFull?: 'wait' | 'fail';
}

/** What the client tells a call about itself. */
export interface PendingCallInit {
  /** Aborting rejects the call with `CANCELLED` and tells the server to stop. */
  readonly signal: AbortSignal | undefined;
  /** The call's timeout, the client's when the call has none (`Infinity`: none). */
  readonly timeoutMs: number;
  /** Mutations carry an idempotency key, so a re-send after a reconnect runs at most once. */
  readonly idempotent: boolean;
  /** The trace context of the call's span, sent with it. */
  readonly trace?: TraceContext | undefined;
}

/** setTimeout fires at once for delays past 2^31 - 1 ms; longer waits are treated as forever. */
const MAX_TIMER_MS = 2_147_483_647;

/** A query or mutation waiting for its result. */
export class PendingCall<TOutput> implements Operation, Expiring {
  readonly id: OperationId;
  readonly kind = 'call';
  sent = false;
  admittedSize: number | undefined = undefined;
  readonly promise: Promise<TOutput>;
  readonly #owner: OperationOwner;
  readonly #path: string;
  readonly #input: unknown;
  readonly #signal: AbortSignal | undefined;
  readonly #idempotent: boolean;
  readonly #trace: TraceContext | undefined;
  #resolve!: (value: TOutput) => void;
  #reject!: (error: RpcError) => void;
  /** The call's timeout while it has one, for removing it from the deadlines when it settles. */
  #timeoutMs: number | undefined;
  #settled = false;
  /** Set and linked by the deadlines. */
  expiresAt = 0;
  deadlineLane: Lane | undefined = undefined;
  previousDeadline: Expiring | undefined = undefined;
  nextDeadline: Expiring | undefined = undefined;
  /** Only made for calls with a signal: most calls have none. */
  #onAbort: (() => void) | undefined;

  constructor(
    owner: OperationOwner,
    id: OperationId,
    path: string,
    input: unknown,
    options: PendingCallInit,
  ) {
    this.#owner = owner;
    this.id = id;
    this.#path = path;
    this.#input = input;
    this.#signal = options.signal;
    this.#idempotent = options.idempotent;
    this.#trace = options.trace;
    this.promise = new Promise<TOutput>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    const { signal } = options;
    if (signal) {
      const onAbort = () =>
        this.#cancel(
          new RpcError(ErrorCode.CANCELLED, undefined, {
            message: 'Call aborted',
            cause: signal.reason,
          }),
        );
      if (signal.aborted) {
        onAbort();
        return;
      }
      this.#onAbort = onAbort;
      signal.addEventListener('abort', onAbort, { once: true });
    }
    if (Number.isFinite(options.timeoutMs) && options.timeoutMs <= MAX_TIMER_MS) {
      this.#timeoutMs = Math.max(0, options.timeoutMs);
      owner.deadlines.add(this, this.#timeoutMs);
    }
  }

  /** The call's timeout ran out: rejects it with `TIMEOUT` and tells the server to stop. */
  expire(): void {
    const timeoutMs = this.#timeoutMs;
    // The deadlines forgot the call already.
    this.#timeoutMs = undefined;
    this.#cancel(
      new RpcError(ErrorCode.TIMEOUT, undefined, {
        message: `"${this.#path}" timed out after ${timeoutMs} ms`,
      }),
    );
  }

  /** Whether the call has resolved or rejected. */
  get settled(): boolean {
    return this.#settled;
  }

  /**
   * The `call`, made afresh for each send: the input is encoded only when the call goes out, and
   * a mutation keeps its key, so a re-send after a reconnect runs at most once.
   */
  startMessage(): CallMessage {
    const message: { -readonly [K in keyof CallMessage]: CallMessage[K] } = {
      type: 'call',
      id: this.id,
      path: this.#path,
    };
    if (this.#input !== undefined) message.input = this.#input;
    // The operation id is unique for the client's lifetime, and so within its session.
    if (this.#idempotent) message.key = String(this.id);
    if (this.#trace !== undefined) message.trace = this.#trace;
    return message;
  }

  handle(message: OperationMessage): void {
    switch (message.type) {
      case 'result':
        this.#settle();
        this.#resolve(message.output as TOutput);
        return;
      case 'error':
        this.#settle();
        this.#reject(RpcError.fromJSON(message.error));
        return;
      case 'subscribed':
      case 'event':
      case 'cursor':
      case 'complete':
        // Not ours to receive: a confused server. Fail the call rather than hang it.
        this.fail(
          new RpcError(ErrorCode.INTERNAL, undefined, {
            message: `Server sent "${message.type}" for a call`,
          }),
        );
        return;
      default: {
        message satisfies never;
        return;
      }
    }
  }

  connectionLost(error: RpcError, willRetry: boolean): void {
    if (willRetry) this.sent = false;
    else this.fail(error);
  }

  fail(error: RpcError): void {
    if (this.#settled) return;
    this.#settle();
    this.#reject(error);
  }

  /** Rejects the call now and tells the server to stop it. */
  #cancel(error: RpcError): void {
    if (this.#settled) return;
    if (this.sent) this.#owner.send({ type: 'cancel', id: this.id });
    this.#settle();
    this.#reject(error);
  }

  #settle(): void {
    this.#settled = true;
    if (this.#timeoutMs !== undefined) this.#owner.deadlines.remove(this);
    if (this.#onAbort) this.#signal?.removeEventListener('abort', this.#onAbort);
    this.#owner.release(this);
  }
}
