import { setMaxListeners } from 'node:events';
import type { PubSub, TopicSubscribeOptions, Tracked } from '@wirecall/server';
import { ChannelReader, encodeChannelMessage } from './channels/channelReader.js';
import { channelSubscription } from './channels/channelSubscription.js';
import {
  type RedisCommonOptions,
  RedisConnections,
  type RedisSource,
} from './connection/redisConnections.js';
import { EVENT_FIELD, encodeEvent } from './streams/eventEncoding.js';
import { publishScript } from './streams/publishScript.js';
import { StreamReader } from './streams/streamReader.js';
import { streamSubscription } from './streams/streamSubscription.js';

/** Options of {@link redisPubSub}: a {@link RedisSource} (`url` or `client`) plus these. */
export interface RedisPubSubSettings extends RedisCommonOptions {
  /**
   * Events kept per topic for replay, approximately: the oldest are trimmed in batches once a
   * stream holds a tenth more than this, so up to 10% more may be kept. Resuming from an event
   * trimmed away reports `RESUME_GAP`.
   * @default 10_000
   */
  maxLen?: number;
  /**
   * A topic's stream is deleted when nothing was published to it for this long, in milliseconds
   * (renewed by every publish); `0` keeps streams forever. @default 86_400_000 (one day)
   */
  topicTtlMs?: number;
  /**
   * Topics carried by Redis pub/sub instead of Streams: nothing stored, no replay, lowest cost, for
   * high-rate events where a missed one does not matter (cursors, typing indicators). Their ids
   * are unique but only meaningful to this adapter; a resuming subscriber continues live.
   * `onCursor` tells a subscriber when it is live (Redis confirmed the subscription).
   * `true` for every topic, or a function that picks.
   * @default false
   * @example
   * redisPubSub({ url, ephemeral: (topic) => topic.startsWith('presence:') })
   */
  ephemeral?: boolean | ((topic: string) => boolean);
  /**
   * Longest the shared blocking read waits before it is re-issued, in milliseconds. New topics
   * interrupt it with `CLIENT UNBLOCK`; where that command is not allowed, this bounds how late
   * the first live events of a new topic may arrive. @default 2_000
   */
  blockMs?: number;
  /** Entries fetched per stream per read, and per replay page. @default 500 */
  batchSize?: number;
  /**
   * Events queued for one subscriber that is slower than its topic. Past this, a subscriber of a
   * stored topic reads the stream at its own pace (nothing lost); one of an ephemeral topic fails
   * with `BACKPRESSURE`. @default 10_000
   */
  subscriberQueueSize?: number;
}

/** Options of {@link redisPubSub}. */
export type RedisPubSubOptions = RedisSource & RedisPubSubSettings;

/** A {@link PubSub} on Redis, to close when the server shuts down. */
export interface RedisPubSub extends PubSub, AsyncDisposable {
  /**
   * Ends every subscription of this instance and closes the connections the adapter opened (a
   * client you passed in stays open).
   */
  close(): Promise<void>;
}

/**
 * The server's pub/sub on Redis, shared by every server instance connected to the same Redis: an
 * event published through one instance reaches subscribers on all of them, with the same id
 * everywhere, and a client that fails over to another instance resumes from its last id.
 *
 * Topics are Redis Streams (`XADD` with an approximate `MAXLEN`; ids come from Redis); each
 * instance reads all its topics with one blocking `XREAD` on one connection and fans events out
 * to its local subscribers. Topics marked `ephemeral` go over Redis pub/sub instead. While Redis
 * is unreachable, `publish` fails with `UNAVAILABLE` and subscriptions wait, then continue from
 * their last id. Needs Redis 7 or later.
 * @example
 * const server = createServer(api, {
 *   handlers,
 *   pubsub: redisPubSub({ url: 'redis://127.0.0.1:6379' }),
 *   dedupe: redisDedupe({ url: 'redis://127.0.0.1:6379' }),
 * });
 */
export function redisPubSub(options: RedisPubSubOptions | string): RedisPubSub {
  const settings: RedisPubSubSettings = typeof options === 'string' ? {} : options;
  const maxLen = positive(settings.maxLen ?? 10_000, 'maxLen');
  const topicTtlMs = settings.topicTtlMs ?? 86_400_000;
  if (!Number.isSafeInteger(topicTtlMs) || topicTtlMs < 0) {
    throw new RangeError(`redisPubSub: \`topicTtlMs\` must be 0 or more, got ${topicTtlMs}`);
  }
  const batchSize = positive(settings.batchSize ?? 500, 'batchSize');
  const queueSize = positive(settings.subscriberQueueSize ?? 10_000, 'subscriberQueueSize');
  // Trim in batches of about a tenth of the bound, so trimming costs O(1) per publish on average.
  const trimSlack = Math.max(1, Math.ceil(maxLen / 10));
  const blockMs = positive(settings.blockMs ?? 2_000, 'blockMs');
  const connections = new RedisConnections(options, settings);
  const onError = settings.onError ?? ((error: Error) => console.warn('[wirecall/redis]', error));
  const ephemeral = settings.ephemeral ?? false;
  const isEphemeral = typeof ephemeral === 'function' ? ephemeral : () => ephemeral;
  const prefix = connections.keyPrefix;
  const streamKey = (topic: string) => `${prefix}topic:${topic}`;
  const channelOf = (topic: string) => `${prefix}ephemeral:${topic}`;

  const reader = new StreamReader(connections, {
    blockMs,
    count: batchSize,
    onError,
  });
  const channels = new ChannelReader(connections, onError);
  const closing = new AbortController();
  // Every local subscription listens to it: thousands of listeners are expected, not a leak.
  setMaxListeners(0, closing.signal);
  // Ids of ephemeral events: unique per instance and counter, never confused with stream ids.
  const instance = Math.random().toString(36).slice(2, 10);
  let sequence = 0;

  async function close(): Promise<void> {
    closing.abort();
    await connections.close();
  }

  return {
    async publish<TEvent>(topic: string, event: TEvent): Promise<string> {
      const payload = encodeEvent(event);
      if (isEphemeral(topic)) {
        const id = `${instance}.${++sequence}`;
        await connections.run((redis) =>
          redis.publish(channelOf(topic), encodeChannelMessage(id, payload)),
        );
        return id;
      }
      const key = streamKey(topic);
      const id = await connections.run((redis) =>
        publishScript.run(redis, [key], [EVENT_FIELD, payload, maxLen, trimSlack, topicTtlMs]),
      );
      return String(id);
    },

    subscribe<TEvent>(
      topic: string,
      subscribeOptions: TopicSubscribeOptions = {},
    ): AsyncIterable<Tracked<TEvent>> {
      return {
        [Symbol.asyncIterator]: () =>
          isEphemeral(topic)
            ? channelSubscription<TEvent>(
                channels,
                channelOf(topic),
                subscribeOptions,
                closing.signal,
                queueSize,
                `${instance}.${sequence}`,
              )
            : streamSubscription<TEvent>(
                { connections, reader, pageSize: batchSize, queueSize },
                streamKey(topic),
                subscribeOptions,
                closing.signal,
              ),
      };
    },

    close,
    [Symbol.asyncDispose]: close,
  };
}

function positive(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new RangeError(`redisPubSub: \`${name}\` must be a positive integer, got ${value}`);
  }
  return value;
}
