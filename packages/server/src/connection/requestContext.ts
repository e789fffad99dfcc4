import { RpcError, type RpcErrorOptions } from '@wirecall/core';
import { EventQueue, type EventQueueOptions } from '../flow/eventQueue.js';
import { assertTags } from '../live/liveTags.js';
import type { PubSub, TopicSubscribeOptions } from '../pubsub/pubsub.js';
import { TopicFeed } from '../pubsub/TopicFeed.js';
import { emptyContext } from './connectionSettings.js';
import { hasPrototypeKey, isPrototypeKey } from './prototypeKeys.js';

const createError = (code: string, data?: unknown, options?: RpcErrorOptions) =>
  new RpcError(code, data, options);

/** What one call or subscription adds to the connection's context. */
export interface RequestInit {
  readonly path: string;
  /**
   * Where `ctx.signal` comes from, read only when first needed: a lazy controller then creates
   * no signal for handlers that never look at it.
   */
  readonly abort: { readonly signal: AbortSignal };
  readonly pubsub: PubSub;
  /**
   * `ctx.track` and `ctx.invalidate`: `track` only in a live query's run (elsewhere it records
   * nothing, as nothing re-runs), `invalidate` everywhere. Without them both do nothing.
   */
  readonly live?: LiveHooks;
  /** Subscriptions only: the client's resume cursor and where to send the starting position. */
  readonly subscription?: {
    /** How push sources queue events for this subscriber: its overflow policy and bound. */
    readonly queue: EventQueueOptions;
    readonly lastEventId: string | undefined;
    readonly onCursor: (lastEventId: string) => void;
  };
}

/** What `ctx.track` and `ctx.invalidate` do for one request. */
export interface LiveHooks {
  readonly track?: (tags: readonly string[]) => void;
  readonly invalidate: (tags: readonly string[]) => Promise<void>;
}

/**
 * The handler's view of the server's pub/sub: `subscribe` ends with the request unless given
 * another signal, and in a subscription it tells the client where the topic stood when it
 * started, so a client that has received nothing yet can still resume.
 */
function requestPubSub(init: RequestInit): PubSub {
  const pubsub = init.pubsub;
  return {
    publish: (topic, event) => pubsub.publish(topic, event),
    subscribe: <TEvent>(topic: string, options: TopicSubscribeOptions = {}) => {
      const signal = options.signal ?? init.abort.signal;
      const topicOptions = {
        ...options,
        signal,
        onCursor: options.onCursor ?? init.subscription?.onCursor,
      };
      // A topic cannot be paused: in a subscription, the subscriber's overflow policy bounds
      // what waits for it.
      return init.subscription
        ? new TopicFeed<TEvent>({
            pubsub,
            topic,
            options: topicOptions,
            queue: init.subscription.queue,
          })
        : pubsub.subscribe<TEvent>(topic, topicOptions);
    },
  };
}

/** Fields of `ctx` that the request sets: a connection context's own keys of these names give way. */
const REQUEST_FIELDS = ['signal', 'pubsub', 'error', 'path', 'track', 'invalidate'] as const;

/** Whether `context` has keys that must not be copied onto `ctx` as they are. */
function needsCarefulCopy(context: object): boolean {
  for (const field of REQUEST_FIELDS) if (Object.hasOwn(context, field)) return true;
  return hasPrototypeKey(context);
}

/**
 * One request's `ctx`. The connection's context is copied onto it as own properties; `signal`
 * and `pubsub` are getters on the prototype that build their values on first access, so a
 * handler that never reads them costs neither an `AbortSignal` nor the pub/sub wrapper. A class
 * rather than an object literal with getters: such a literal makes new accessor functions and a
 * new object shape for every request, which cost more than the rest of a small call.
 */
class RequestContextObject {
  readonly #init: RequestInit;
  #pubsub: PubSub | undefined;
  path: string;

  constructor(init: RequestInit) {
    this.#init = init;
    this.path = init.path;
  }

  get signal(): AbortSignal {
    return this.#init.abort.signal;
  }

  get pubsub(): PubSub {
    this.#pubsub ??= requestPubSub(this.#init);
    return this.#pubsub;
  }

  error(code: string, data?: unknown, options?: RpcErrorOptions): RpcError {
    return createError(code, data, options);
  }

  track(...tags: string[]): void {
    assertTags(tags, 'ctx.track()');
    this.#init.live?.track?.(tags);
  }

  invalidate(...tags: string[]): Promise<void> {
    assertTags(tags, 'ctx.invalidate()');
    return this.#init.live ? this.#init.live.invalidate(tags) : Promise.resolve();
  }
}

/** Copies the connection's context onto a request's `ctx`, leaving out its own fields and prototype keys. */
function copyContext(ctx: Record<PropertyKey, unknown>, context: object): void {
  if (!needsCarefulCopy(context)) {
    Object.assign(ctx, context);
    return;
  }
  const source = context as Record<PropertyKey, unknown>;
  for (const key of Reflect.ownKeys(context)) {
    const requestField = (REQUEST_FIELDS as readonly PropertyKey[]).includes(key);
    if (
      !requestField &&
      !isPrototypeKey(key) &&
      Object.prototype.propertyIsEnumerable.call(context, key)
    ) {
      ctx[key] = source[key];
    }
  }
}

/**
 * Builds the `ctx` of one call or subscription: the connection's context plus request fields,
 * which win over connection context keys of the same name. Only the context's own enumerable
 * keys are copied, never `__proto__`, `constructor` or `prototype`: `ctx` keeps its prototype
 * (and with it `signal`, `pubsub` and `error`) whatever the context holds.
 */
export function createRequestContext(context: object, init: RequestInit): Record<string, unknown> {
  const ctx = new RequestContextObject(init) as unknown as Record<PropertyKey, unknown>;
  // The default context is frozen and empty: nothing to check or copy, call after call.
  if (context !== emptyContext) copyContext(ctx, context);
  const { subscription } = init;
  if (subscription) {
    ctx.lastEventId = subscription.lastEventId;
    ctx.queue = (options: EventQueueOptions = {}) => {
      const own = options.onDrop;
      const count = subscription.queue.onDrop;
      // The client is told of every drop, whatever the handler also does with them.
      const onDrop =
        own && count
          ? (dropped: number) => {
              count(dropped);
              own(dropped);
            }
          : (own ?? count);
      return new EventQueue({
        ...subscription.queue,
        signal: init.abort.signal,
        ...options,
        ...(onDrop ? { onDrop } : {}),
      });
    };
  }
  return ctx;
}
