import {
  type ClientMessage,
  ErrorCode,
  type Frame,
  type OperationId,
  RpcError,
  type SubscribeMessage,
} from '@wirecall/core';
import type { Operation, OperationMessage, OperationOwner } from './operation.js';

/**
 * Where a subscription is: `connecting` until the server confirms it, `live` while events flow,
 * `reconnecting` while the connection is down (it resumes by itself), then one of the final
 * states `complete` (the source ended), `error` or `unsubscribed`.
 */
export type SubscriptionStatus =
  | 'connecting'
  | 'live'
  | 'reconnecting'
  | 'complete'
  | 'error'
  | 'unsubscribed';

/** Callbacks and options of `subscribe`. */
export interface SubscribeOptions<TEvent, TError extends RpcError = RpcError> {
  /** Called for each event. Without it, iterate the subscription with `for await`. */
  onData?: (event: TEvent) => void;
  /** Called once when the subscription fails; no more events follow. */
  onError?: (error: TError) => void;
  /** Called once when the server's source ends normally. */
  onComplete?: () => void;
  /** Aborting unsubscribes. */
  signal?: AbortSignal;
  /** Called when `status` changes (but not on `unsubscribe()`), e.g. to show `live` or `reconnecting`. */
  onStatusChange?: (status: SubscriptionStatus) => void;
}

type Waiter<TEvent> = {
  resolve: (result: IteratorResult<TEvent>) => void;
  reject: (error: unknown) => void;
};

/**
 * A live subscription. Receive events through `onData`, or iterate it with `for await` (breaking
 * out of the loop unsubscribes). `unsubscribe()` stops it at once; the server's handler is told.
 */
export class Subscription<TEvent, TError extends RpcError = RpcError>
  implements Operation, AsyncIterable<TEvent>
{
  readonly id: OperationId;
  sent = false;
  readonly #owner: OperationOwner;
  readonly #path: string;
  readonly #input: unknown;
  readonly #options: SubscribeOptions<TEvent, TError>;
  #status: SubscriptionStatus = 'connecting';
  #error: TError | undefined;
  /** Events waiting for the iterator; only used when there is no `onData`. */
  readonly #buffer: TEvent[] = [];
  #waiter: Waiter<TEvent> | undefined;
  #iterating = false;
  #lastEventId: string | undefined;
  readonly #onAbort = () => this.unsubscribe();

  /** @internal Made by a subscription handle's `subscribe`. */
  constructor(
    owner: OperationOwner,
    id: OperationId,
    path: string,
    input: unknown,
    options: SubscribeOptions<TEvent, TError>,
  ) {
    this.#owner = owner;
    this.id = id;
    this.#path = path;
    this.#input = input;
    this.#options = options;
    if (options.signal?.aborted) this.#status = 'unsubscribed';
    else options.signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  /** Where the subscription is. */
  get status(): SubscriptionStatus {
    return this.#status;
  }

  /** The id of the last tracked event delivered (or the source's position when it started): where a resume starts. */
  get lastEventId(): string | undefined {
    return this.#lastEventId;
  }

  /** The error that ended the subscription, if one did. */
  get error(): TError | undefined {
    return this.#error;
  }

  /** Whether no more events will come. */
  get closed(): boolean {
    return (
      this.#status === 'complete' || this.#status === 'error' || this.#status === 'unsubscribed'
    );
  }

  /** Stops the subscription: the server's handler is aborted; no callback runs after this. */
  unsubscribe(): void {
    if (this.closed) return;
    if (this.sent) this.#owner.send({ type: 'unsubscribe', id: this.id });
    this.#finish('unsubscribed');
  }

  /** The encoded `subscribe`, with the resume cursor as it stands now. */
  startFrame(encode: (message: ClientMessage) => Frame): Frame {
    const message: { -readonly [K in keyof SubscribeMessage]: SubscribeMessage[K] } = {
      type: 'subscribe',
      id: this.id,
      path: this.#path,
    };
    if (this.#input !== undefined) message.input = this.#input;
    if (this.#lastEventId !== undefined) message.lastEventId = this.#lastEventId;
    return encode(message);
  }

  handle(message: OperationMessage): void {
    if (this.closed) return;
    switch (message.type) {
      case 'subscribed':
        this.#status = 'live';
        this.#options.onStatusChange?.('live');
        return;
      case 'event':
        if (message.eventId !== undefined) this.#lastEventId = message.eventId;
        this.#deliver(message.data as TEvent);
        return;
      case 'cursor':
        this.#lastEventId = message.lastEventId;
        return;
      case 'complete':
        this.#finish('complete');
        this.#options.onComplete?.();
        return;
      case 'error':
        this.#fail(RpcError.fromJSON(message.error) as TError);
        return;
      case 'result':
        this.#fail(
          new RpcError(ErrorCode.INTERNAL, undefined, {
            message: 'Server sent "result" for a subscription',
          }) as TError,
        );
        return;
      default: {
        message satisfies never;
        return;
      }
    }
  }

  connectionLost(error: RpcError, willRetry: boolean): void {
    if (this.closed) return;
    if (willRetry) {
      this.sent = false;
      this.#status = 'reconnecting';
      this.#options.onStatusChange?.('reconnecting');
    } else {
      this.#fail(error as TError);
    }
  }

  fail(error: RpcError): void {
    this.#fail(error as TError);
  }

  /** Iterates the events; leaving the loop early unsubscribes. */
  [Symbol.asyncIterator](): AsyncIterator<TEvent> {
    if (this.#options.onData) {
      throw new TypeError(
        'This subscription delivers to onData; subscribe without onData to iterate it',
      );
    }
    if (this.#iterating) throw new TypeError('A subscription can be iterated only once');
    this.#iterating = true;
    return {
      next: () => this.#next(),
      return: async () => {
        this.unsubscribe();
        return { done: true, value: undefined };
      },
    };
  }

  #next(): Promise<IteratorResult<TEvent>> {
    if (this.#buffer.length > 0)
      return Promise.resolve({ done: false, value: this.#buffer.shift() as TEvent });
    if (this.#status === 'error') {
      const error = this.#error;
      this.#error = undefined;
      // The error is thrown once; later calls see the end of the stream.
      if (error) return Promise.reject(error);
    }
    if (this.closed) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }

  #deliver(event: TEvent): void {
    if (this.#options.onData) {
      this.#options.onData(event);
      return;
    }
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = undefined;
      waiter.resolve({ done: false, value: event });
    } else {
      this.#buffer.push(event);
    }
  }

  #fail(error: TError): void {
    if (this.closed) return;
    this.#error = error;
    this.#finish('error');
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = undefined;
      this.#error = undefined;
      waiter.reject(error);
    }
    this.#options.onError?.(error);
  }

  #finish(status: 'complete' | 'error' | 'unsubscribed'): void {
    this.#status = status;
    if (status !== 'unsubscribed') this.#options.onStatusChange?.(status);
    this.#options.signal?.removeEventListener('abort', this.#onAbort);
    this.#owner.release(this);
    if (status !== 'error') {
      const waiter = this.#waiter;
      this.#waiter = undefined;
      waiter?.resolve({ done: true, value: undefined });
    }
  }
}
