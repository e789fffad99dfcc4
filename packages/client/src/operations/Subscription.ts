import {
  type ClientMessage,
  DEFAULT_WINDOW,
  ErrorCode,
  type FlowOptions,
  type Frame,
  type OperationId,
  type OverflowPolicy,
  RpcError,
  type SubscribeMessage,
} from '@wirecall/core';
import { EventInbox } from './EventInbox.js';
import type { Operation, OperationMessage, OperationOwner } from './operation.js';

/**
 * Windows below this grant credit at most once per {@link GRANT_GATHER_MS}: a window of 2
 * consumed event by event would otherwise answer every event with a credit frame, tens of
 * thousands a second on a fast link, which the server's frame budget takes for a flood.
 */
const SMALL_WINDOW = 8;
const GRANT_GATHER_MS = 1;

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
  /**
   * Called for each event, one at a time: when it returns a promise, the next event waits for it,
   * and the server sends more only as events are taken (see `window`). Without it, iterate the
   * subscription with `for await`.
   */
  onData?: (event: TEvent) => unknown;
  /** Called once when the subscription fails; no more events follow. */
  onError?: (error: TError) => void;
  /** Called once when the server's source ends normally. */
  onComplete?: () => void;
  /** Aborting unsubscribes. */
  signal?: AbortSignal;
  /** Called when `status` changes (but not on `unsubscribe()`), e.g. to show `live` or `reconnecting`. */
  onStatusChange?: (status: SubscriptionStatus) => void;
  /**
   * Events the server may send ahead of the consumer: the most this subscription ever buffers.
   * @default the contract's `flow.window`, else 256
   */
  window?: number;
  /**
   * What the server does with events of a push source once this subscriber is `bufferSize`
   * behind. @default the contract's `flow.overflow`, else 'buffer'
   */
  overflow?: OverflowPolicy;
  /** Events the server holds for this subscriber before `overflow` applies. @default the contract's, else 1_000 */
  bufferSize?: number;
}

/** The window a subscription gets when neither the contract nor `subscribe` sets one. */
export { DEFAULT_WINDOW };

/**
 * A live subscription. Receive events through `onData`, or iterate it with `for await` (breaking
 * out of the loop unsubscribes). `unsubscribe()` stops it at once; the server's handler is told.
 */
export class Subscription<TEvent, TError extends RpcError = RpcError>
  implements Operation, AsyncIterable<TEvent>
{
  readonly id: OperationId;
  readonly kind = 'subscription';
  sent = false;
  readonly #owner: OperationOwner;
  readonly #path: string;
  readonly #input: unknown;
  readonly #options: SubscribeOptions<TEvent, TError>;
  readonly #window: number;
  readonly #flow: Pick<SubscribeMessage, 'overflow' | 'bufferSize'>;
  #status: SubscriptionStatus = 'connecting';
  #error: TError | undefined;
  readonly #inbox: EventInbox<TEvent>;
  #iterating = false;
  /** Events taken since credit was last granted. */
  #taken = 0;
  /** Set while a small window's grants are being gathered (see {@link SMALL_WINDOW}). */
  #grant: ReturnType<typeof setTimeout> | undefined;
  #dropped = 0;
  #lastEventId: string | undefined;
  readonly #onAbort = () => this.unsubscribe();

  /** @internal Made by a subscription handle's `subscribe`. */
  constructor(
    owner: OperationOwner,
    id: OperationId,
    path: string,
    input: unknown,
    options: SubscribeOptions<TEvent, TError>,
    defaults: FlowOptions = {},
  ) {
    this.#owner = owner;
    this.id = id;
    this.#path = path;
    this.#input = input;
    this.#options = options;
    this.#inbox = new EventInbox(options.onData, () => this.#took());
    this.#window = options.window ?? defaults.window ?? DEFAULT_WINDOW;
    const overflow = options.overflow ?? defaults.overflow;
    const bufferSize = options.bufferSize ?? defaults.bufferSize;
    this.#flow = {
      ...(overflow === undefined ? {} : { overflow }),
      ...(bufferSize === undefined ? {} : { bufferSize }),
    };
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

  /** How many events the server's overflow policy dropped for this subscriber so far. */
  get dropped(): number {
    return this.#dropped;
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

  /**
   * The `subscribe`, with the resume cursor as it stands now and as much credit as the window
   * has room for beside the events still waiting for the consumer; made when it is about to be
   * sent, which starts a new count of events taken.
   */
  startMessage(): SubscribeMessage {
    const message: { -readonly [K in keyof SubscribeMessage]: SubscribeMessage[K] } = {
      type: 'subscribe',
      id: this.id,
      path: this.#path,
      credit: Math.max(0, this.#window - this.#inbox.unconsumed),
      ...this.#flow,
    };
    if (this.#input !== undefined) message.input = this.#input;
    if (this.#lastEventId !== undefined) message.lastEventId = this.#lastEventId;
    this.#taken = 0;
    return message;
  }

  /** @internal The encoded {@link startMessage}; kept for code written against earlier versions. */
  startFrame(encode: (message: ClientMessage) => Frame): Frame {
    return encode(this.startMessage());
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
        if (message.dropped !== undefined) this.#dropped += message.dropped;
        this.#inbox.deliver(message.data as TEvent);
        return;
      case 'cursor':
        this.#lastEventId = message.lastEventId;
        return;
      case 'complete':
        if (message.dropped !== undefined) this.#dropped += message.dropped;
        this.#inbox.afterDelivery(() => {
          this.#finish('complete');
          this.#options.onComplete?.();
        });
        return;
      case 'error': {
        if (message.dropped !== undefined) this.#dropped += message.dropped;
        const error = RpcError.fromJSON(message.error) as TError;
        this.#inbox.afterDelivery(() => this.#fail(error));
        return;
      }
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
      next: () => this.#inbox.next(),
      return: async () => {
        this.unsubscribe();
        return { done: true, value: undefined };
      },
    };
  }

  /** The consumer took an event: grant credit back in batches of half the window. */
  #took(): void {
    this.#taken++;
    if (this.#taken < Math.max(1, Math.floor(this.#window / 2)) || !this.sent || this.closed)
      return;
    if (this.#window >= SMALL_WINDOW) this.#grantNow();
    else this.#grant ??= setTimeout(() => this.#grantNow(), GRANT_GATHER_MS);
  }

  #grantNow(): void {
    this.#grant = undefined;
    if (this.#taken === 0 || !this.sent || this.closed) return;
    if (this.#owner.send({ type: 'credit', id: this.id, credit: this.#taken })) this.#taken = 0;
  }

  #fail(error: TError): void {
    if (this.closed) return;
    this.#error = error;
    this.#finish('error');
    this.#options.onError?.(error);
  }

  #finish(status: 'complete' | 'error' | 'unsubscribed'): void {
    this.#status = status;
    clearTimeout(this.#grant);
    this.#grant = undefined;
    if (status !== 'unsubscribed') this.#options.onStatusChange?.(status);
    this.#options.signal?.removeEventListener('abort', this.#onAbort);
    this.#owner.release(this);
    this.#inbox.end(status === 'error' ? this.#error : undefined);
  }
}
