import { type EventQueueOptions, throughQueue } from '../flow/eventQueue.js';
import type { Tracked } from '../tracked.js';
import type { PubSub, TopicSubscribeOptions } from './pubsub.js';

/** Where a {@link TopicFeed} comes from. */
export interface TopicFeedInit {
  readonly pubsub: PubSub;
  readonly topic: string;
  /** The options given to `subscribe`, with the request's signal and cursor listener filled in. */
  readonly options: TopicSubscribeOptions & { readonly signal: AbortSignal };
  /** The subscriber's overflow policy and bound: a topic cannot be paused. */
  readonly queue: EventQueueOptions;
}

/**
 * What `ctx.pubsub.subscribe(topic)` returns in a subscription: the topic's events through the
 * subscriber's overflow policy. A handler may iterate it like any stream; a handler that returns
 * it as it is lets the server deliver the topic straight to the socket instead (see
 * `runTopicSubscription`), validating and encoding each event once for all its subscribers.
 */
export class TopicFeed<TEvent> implements AsyncIterable<Tracked<TEvent>> {
  readonly init: TopicFeedInit;

  constructor(init: TopicFeedInit) {
    this.init = init;
  }

  /**
   * Whether the server can listen to the topic in place of iterating it: the pub/sub delivers
   * in-process, and the feed ends with the subscription (`signal`), not with a signal of its own.
   */
  canListen(signal: AbortSignal): boolean {
    return typeof this.init.pubsub.listen === 'function' && this.init.options.signal === signal;
  }

  [Symbol.asyncIterator](): AsyncIterator<Tracked<TEvent>> {
    const { pubsub, topic, options, queue } = this.init;
    const events = pubsub.subscribe<TEvent>(topic, options);
    return throughQueue(events, { ...queue, signal: options.signal })[Symbol.asyncIterator]();
  }
}
