import type { Tracked } from '../tracked.js';

/** Options of {@link PubSub.subscribe}. */
export interface TopicSubscribeOptions {
  /**
   * Replay the events published after this id before going live. When they are no longer
   * available, iteration throws an `RpcError` with code `RESUME_GAP`.
   */
  lastEventId?: string | undefined;
  /** Ends the iteration (without error) when aborted. */
  signal?: AbortSignal | undefined;
  /**
   * Called once with the id of the newest event when the subscription starts, so a client that
   * has received nothing yet can still resume from that point. Set by the server for handlers.
   */
  onCursor?: ((lastEventId: string) => void) | undefined;
}

/** Options of {@link PubSub.listen}: where to start, as for {@link PubSub.subscribe}. */
export type TopicListenOptions = Pick<TopicSubscribeOptions, 'lastEventId' | 'onCursor'>;

/**
 * Topic-based publish/subscribe with ordered event ids and replay: what makes subscriptions
 * resumable. The server's default keeps topics in memory; the Redis adapter shares them between
 * server instances.
 */
export interface PubSub {
  /** Publishes an event to a topic; resolves with the event's id. */
  publish<TEvent>(topic: string, event: TEvent): Promise<string>;
  /** The topic's events from now on (or after `lastEventId`), each with its id. */
  subscribe<TEvent>(topic: string, options?: TopicSubscribeOptions): AsyncIterable<Tracked<TEvent>>;
  /**
   * Optional, for in-process delivery: calls `listener` synchronously with each of the topic's
   * events (first those after `lastEventId`, during the call), handing every listener of one
   * publish the same object, so the server validates and encodes a broadcast once for all its
   * subscribers rather than once each. Returns the function that stops listening.
   * @throws an `RpcError` with code `RESUME_GAP` when the events after `lastEventId` are no
   * longer available.
   */
  listen?(
    topic: string,
    listener: (event: Tracked<unknown>) => void,
    options?: TopicListenOptions,
  ): () => void;
}
