import { ErrorCode, RpcError } from '@wirecall/core';
import { type Tracked, tracked } from '../tracked.js';
import type { PubSub, TopicSubscribeOptions } from './pubsub.js';

/** Options of {@link memoryPubSub}. */
export interface MemoryPubSubOptions {
  /** Events kept per topic for replay. @default 1_000 */
  replayBufferSize?: number;
  /** Events queued per subscriber that is slower than its topic before it fails. @default 10_000 */
  subscriberQueueSize?: number;
  /**
   * Topics kept for replay; past this, the least recently published topic without subscribers is
   * forgotten (resuming from it reports `RESUME_GAP`). @default 10_000
   */
  maxTopics?: number;
}

/** One published event, as its live listeners get it: the same tracked value for all of them. */
interface Entry {
  readonly seq: number;
  readonly event: Tracked<unknown>;
}

interface Topic {
  /** Names this incarnation of the topic in its ids: `<instance>.<topic number>`. */
  readonly prefix: string;
  /** Sequence number of the newest event; 0 before the first. */
  seq: number;
  /** The newest events, oldest first, for replay. */
  /** Kept without their ids, which are made again on replay: ids would double what it holds. */
  readonly replay: Array<{ readonly seq: number; readonly data: unknown }>;
  readonly listeners: Set<(entry: Entry) => void>;
}

/**
 * The default {@link PubSub}: topics in this process's memory, a bounded replay buffer per topic.
 * Event ids are `<instance>.<topic>-<sequence>`, so an id from before a restart, from another topic
 * or from a forgotten topic is recognised as a gap rather than confused with a new event.
 */
export function memoryPubSub(options: MemoryPubSubOptions = {}): PubSub {
  const replayBufferSize = options.replayBufferSize ?? 1_000;
  const queueSize = options.subscriberQueueSize ?? 10_000;
  const maxTopics = options.maxTopics ?? 10_000;
  const instance = Math.random().toString(36).slice(2, 10);
  const topics = new Map<string, Topic>();
  let topicCount = 0;
  const idOf = (topic: Topic, seq: number) => `${topic.prefix}-${seq}`;

  function topicNamed(name: string): Topic {
    let topic = topics.get(name);
    if (!topic) {
      topicCount++;
      topic = {
        prefix: `${instance}.${topicCount.toString(36)}`,
        seq: 0,
        replay: [],
        listeners: new Set(),
      };
      topics.set(name, topic);
    }
    return topic;
  }

  /** Drops a topic nobody listens to and nothing can be replayed from. */
  function release(name: string, topic: Topic): void {
    if (topic.listeners.size === 0 && topic.seq === 0) topics.delete(name);
  }

  /** Keeps the number of topics bounded: forgets the least recently published idle topics. */
  function evictIdleTopics(): void {
    if (topics.size <= maxTopics) return;
    for (const [name, topic] of topics) {
      if (topic.listeners.size === 0) topics.delete(name);
      if (topics.size <= maxTopics) return;
    }
  }

  /**
   * Where a new subscriber starts: after its `lastEventId` (or a gap error), else at the topic's
   * current position, which `onCursor` is then told, so it can resume from there.
   */
  function startOf(
    topic: Topic,
    options: { lastEventId?: string | undefined; onCursor?: ((id: string) => void) | undefined },
  ): number {
    if (options.lastEventId !== undefined) return startAfter(topic, options.lastEventId);
    options.onCursor?.(idOf(topic, topic.seq));
    return topic.seq;
  }

  /** The sequence number after which to start, or a gap error. */
  function startAfter(topic: Topic, lastEventId: string): number {
    const gap = () =>
      new RpcError(
        ErrorCode.RESUME_GAP,
        { lastEventId },
        {
          message: `Events after "${lastEventId}" are no longer available`,
        },
      );
    const separator = lastEventId.lastIndexOf('-');
    const prefix = lastEventId.slice(0, separator);
    const seq = Number(lastEventId.slice(separator + 1));
    if (!Number.isSafeInteger(seq) || seq < 0 || seq > topic.seq) throw gap();
    // A position taken before the first event of a topic that was then forgotten (nothing had
    // been published to it): everything the topic holds now came after it.
    const beforeAnything = seq === 0 && prefix.startsWith(`${instance}.`);
    if (prefix !== topic.prefix && !beforeAnything) throw gap();
    const oldest = topic.replay[0]?.seq ?? topic.seq + 1;
    if (seq < oldest - 1) throw gap();
    return seq;
  }

  return {
    async publish(name, event) {
      const topic = topicNamed(name);
      // Re-inserting keeps the map ordered from least to most recently published.
      topics.delete(name);
      topics.set(name, topic);
      evictIdleTopics();
      const seq = ++topic.seq;
      const id = idOf(topic, seq);
      topic.replay.push({ seq, data: event });
      if (topic.replay.length > replayBufferSize) topic.replay.shift();
      if (topic.listeners.size > 0) {
        // One tracked value for every subscriber: the server encodes it once for all of them.
        const entry: Entry = { seq, event: tracked(id, event) };
        for (const listener of topic.listeners) listener(entry);
      }
      return id;
    },

    listen(name, listener, listenOptions = {}) {
      const topic = topicNamed(name);
      try {
        const last = startOf(topic, listenOptions);
        // Synchronous: nothing can be published between the replay and listening.
        for (const entry of topic.replay) {
          if (entry.seq > last) listener(tracked(idOf(topic, entry.seq), entry.data));
        }
      } catch (error) {
        release(name, topic);
        throw error;
      }
      const onEntry = (entry: Entry) => listener(entry.event);
      topic.listeners.add(onEntry);
      return () => {
        topic.listeners.delete(onEntry);
        release(name, topic);
      };
    },

    subscribe<TEvent>(
      name: string,
      subscribeOptions: TopicSubscribeOptions = {},
    ): AsyncIterable<Tracked<TEvent>> {
      return {
        async *[Symbol.asyncIterator]() {
          const { signal } = subscribeOptions;
          if (signal?.aborted) return;
          const topic = topicNamed(name);
          // Listen before reading the replay buffer, so nothing published in between is missed.
          const queue: Entry[] = [];
          let wake: (() => void) | undefined;
          let overflowed = false;
          const listener = (entry: Entry) => {
            if (queue.length >= queueSize) overflowed = true;
            else queue.push(entry);
            wake?.();
          };
          const onAbort = () => wake?.();
          topic.listeners.add(listener);
          signal?.addEventListener('abort', onAbort);
          try {
            let last = startOf(topic, subscribeOptions);
            for (const entry of topic.replay.filter((e) => e.seq > last)) {
              yield tracked(idOf(topic, entry.seq), entry.data as TEvent);
              last = entry.seq;
              if (signal?.aborted) return;
            }
            while (!signal?.aborted) {
              if (overflowed) {
                throw new RpcError(ErrorCode.INTERNAL, undefined, {
                  message: `Subscriber of "${name}" fell too far behind`,
                });
              }
              const next = queue.shift();
              if (!next) {
                await new Promise<void>((resolve) => {
                  wake = resolve;
                });
                wake = undefined;
                continue;
              }
              if (next.seq <= last) continue; // already replayed
              last = next.seq;
              yield next.event as Tracked<TEvent>;
            }
          } finally {
            topic.listeners.delete(listener);
            signal?.removeEventListener('abort', onAbort);
            release(name, topic);
          }
        },
      };
    },
  };
}
