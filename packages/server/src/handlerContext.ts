import type {
  AnyProcedure,
  ErrorSchemas,
  HandlerEventOf,
  InferInput,
  InferOutput,
  RpcError,
  RpcErrorOptions,
  SubscriptionDefinition,
} from '@wirecall/core';
import type { EventQueue, EventQueueOptions } from './flow/eventQueue.js';
import type { PubSub } from './pubsub/pubsub.js';
import type { Tracked } from './tracked.js';

/**
 * Builds a declared error of the procedure, typed by the contract: an undeclared code or data of
 * the wrong shape does not compile.
 * @example
 * throw ctx.error('ROOM_CLOSED', { room: input.room });
 */
export type ErrorFactory<TErrors extends ErrorSchemas> = <TCode extends keyof TErrors & string>(
  code: TCode,
  ...args: undefined extends InferInput<TErrors[TCode]>
    ? [data?: InferInput<TErrors[TCode]>, options?: RpcErrorOptions]
    : [data: InferInput<TErrors[TCode]>, options?: RpcErrorOptions]
) => RpcError<TCode, InferOutput<TErrors[TCode]>>;

/** What wirecall adds to the connection's context for every call and subscription. */
export interface RequestContext<TProcedure extends AnyProcedure> {
  /**
   * Aborted when the client cancels, unsubscribes or disconnects. A mutation with an idempotency
   * key is not aborted by a disconnect: the client re-sends it and is answered with its outcome.
   */
  readonly signal: AbortSignal;
  /** Dotted path of the procedure being run. */
  readonly path: string;
  /** Builds a declared error of this procedure, to `throw`. */
  readonly error: ErrorFactory<TProcedure['errors']>;
  /**
   * The server's pub/sub. `subscribe` ends with this request unless given another `signal`.
   * @example
   * await ctx.pubsub.publish(`room:${input.room}`, message);
   */
  readonly pubsub: PubSub;
  /**
   * Records what this result depends on: when any of `tags` is invalidated, a live query (a
   * `watch` of this query) re-runs and its watchers get the new result. Call it before reading,
   * so no invalidation slips between the read and the record. Does nothing in a plain call.
   * @example
   * ctx.track(`todos:${input.listId}`);
   * return db.todos.list(input.listId);
   */
  track(...tags: string[]): void;
  /**
   * Marks the live results that tracked any of `tags` stale, on every server instance sharing
   * the pub/sub (same as `server.invalidate`).
   * @example
   * await db.todos.add(input);
   * await ctx.invalidate(`todos:${input.listId}`);
   */
  invalidate(...tags: string[]): Promise<void>;
}

/** What a subscription handler's `ctx` has on top of {@link RequestContext}. */
export interface SubscriptionRequestContext<TProcedure extends SubscriptionDefinition>
  extends RequestContext<TProcedure> {
  /**
   * Where the client resumes: the id of the last tracked event it received (or the position it
   * was given when it subscribed); undefined on a first subscribe. Replay what came after it.
   * @example
   * yield* ctx.pubsub.subscribe(topic, { lastEventId: ctx.lastEventId });
   */
  readonly lastEventId: string | undefined;
  /**
   * A bounded queue for a push source that cannot be paused (an emitter, a socket, a feed): push
   * into it from the source and `yield*` it. When the client falls behind, the subscription's
   * overflow policy (from the contract, or the client's `subscribe`) decides what is dropped, so
   * memory stays bounded. Ends with the request.
   * @example
   * const queue = ctx.queue();
   * const stop = feed.onPrice((price) => queue.push(price));
   * try { yield* queue; } finally { stop(); }
   */
  queue<TItem = HandlerEventOf<TProcedure> | Tracked<HandlerEventOf<TProcedure>>>(
    options?: EventQueueOptions,
  ): EventQueue<TItem>;
}

/**
 * The `ctx` a handler receives: the connection's context plus {@link RequestContext} (plus
 * {@link SubscriptionRequestContext} for subscriptions).
 */
export type HandlerContext<TContext, TProcedure extends AnyProcedure> = TContext &
  (TProcedure extends SubscriptionDefinition
    ? SubscriptionRequestContext<TProcedure>
    : RequestContext<TProcedure>);
