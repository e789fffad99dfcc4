import type { ErrorOf, InputOf, OutputOf, QueryDefinition, RpcError } from '@wirecall/core';
import type { SubscriptionStatus } from '../operations/Subscription.js';

/** Options of a query handle's `watch` with a listener. */
export interface WatchOptions<TError extends RpcError = RpcError> {
  /** Called once when the watch fails (the query threw, the server refused it); no results follow. */
  onError?: (error: TError) => void;
  /**
   * Called when the watch's status changes: `reconnecting` while the connection is down (the
   * result shown may be stale then), `live` once the server watches again.
   */
  onStatusChange?: (status: SubscriptionStatus) => void;
  /** Aborting stops the watch, as the returned function does. */
  signal?: AbortSignal;
}

/**
 * `watch` on a query handle: keeps the query's result live. With a listener, the listener gets
 * the first result and then every new one, and `watch` returns the function that stops it;
 * without one, `watch` returns an async iterable of the results (leaving the loop stops it).
 * After a reconnect the server evaluates the query afresh; a result equal to the last one is not
 * given again.
 * @example
 * const stop = client.todos.list.watch({ listId }, (todos) => render(todos));
 * for await (const todos of client.todos.list.watch({ listId })) render(todos);
 */
export interface WatchFunction<TInput, TOutput, TError extends RpcError> {
  (input: TInput, listener: (result: TOutput) => void, options?: WatchOptions<TError>): () => void;
  (input: TInput): AsyncIterable<TOutput>;
}

/** Same as {@link WatchFunction}, for a query whose input may be left out. */
export interface OptionalInputWatchFunction<TInput, TOutput, TError extends RpcError> {
  (
    input: TInput | undefined,
    listener: (result: TOutput) => void,
    options?: WatchOptions<TError>,
  ): () => void;
  (input?: TInput): AsyncIterable<TOutput>;
}

/** The `watch` of one query, typed from the contract. */
export type WatchOf<TProcedure extends QueryDefinition> =
  undefined extends InputOf<TProcedure>
    ? OptionalInputWatchFunction<InputOf<TProcedure>, OutputOf<TProcedure>, ErrorOf<TProcedure>>
    : WatchFunction<InputOf<TProcedure>, OutputOf<TProcedure>, ErrorOf<TProcedure>>;
