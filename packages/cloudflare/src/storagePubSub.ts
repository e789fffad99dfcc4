import { ErrorCode, RpcError } from '@wirecall/core';
import type { PubSub, TopicSubscribeOptions, Tracked } from '@wirecall/server';
import { tracked } from '@wirecall/server/internal';
import type { DurableStorage } from './workersTypes.js';

/** Options of {@link storagePubSub}. */
export interface StoragePubSubOptions {
  /** Events kept per topic in storage for replay. @default 1_000 */
  replayBufferSize?: number;
  /** Events queued per subscriber that is slower than its topic before it fails. @default 10_000 */
  subscriberQueueSize?: number;
}

interface TopicMeta {
  /** Names this incarnation of the topic's storage: a cursor of another one is a gap. */
  readonly epoch: string;
  seq: number;
}

interface Topic {
  readonly meta: Promise<TopicMeta>;
  readonly listeners: Set<(seq: number, data: unknown) => void>;
}

const metaKey = (topic: string) => `wirecall:topic:${encodeURIComponent(topic)}`;
const eventPrefix = (topic: string) => `wirecall:event:${encodeURIComponent(topic)}:`;
/** Zero-padded, so storage lists events in order. */
const eventKey = (topic: string, seq: number) =>
  `${eventPrefix(topic)}${seq.toString().padStart(16, '0')}`;

/**
 * A {@link PubSub} in a Durable Object's storage: every event is written there with its sequence
 * number before it reaches the object's sockets, so cursors (`<epoch>-<seq>`) stay valid when the
 * object hibernates or is evicted, and a client that comes back replays what it missed. One
 * object is one ordered log per topic: its single thread orders publishes, storage makes them
 * survive. The default pub/sub of {@link WirecallDurableObject}.
 */
export function storagePubSub(storage: DurableStorage, options: StoragePubSubOptions = {}): PubSub {
  const replayBufferSize = options.replayBufferSize ?? 1_000;
  const queueSize = options.subscriberQueueSize ?? 10_000;
  const topics = new Map<string, Topic>();

  async function loadMeta(name: string): Promise<TopicMeta> {
    const stored = await storage.get<TopicMeta>(metaKey(name));
    if (stored && typeof stored.epoch === 'string' && Number.isSafeInteger(stored.seq)) {
      return { epoch: stored.epoch, seq: stored.seq };
    }
    return { epoch: globalThis.crypto.randomUUID().slice(0, 8), seq: 0 };
  }

  function topicNamed(name: string): Topic {
    let topic = topics.get(name);
    if (!topic) {
      topic = { meta: loadMeta(name), listeners: new Set() };
      topics.set(name, topic);
    }
    return topic;
  }

  function gap(lastEventId: string): RpcError {
    return new RpcError(
      ErrorCode.RESUME_GAP,
      { lastEventId },
      { message: `Events after "${lastEventId}" are no longer available` },
    );
  }

  /** The sequence number after which to replay, or a gap error. */
  function startAfter(meta: TopicMeta, lastEventId: string): number {
    const separator = lastEventId.lastIndexOf('-');
    const seq = Number(lastEventId.slice(separator + 1));
    if (lastEventId.slice(0, separator) !== meta.epoch) throw gap(lastEventId);
    if (!Number.isSafeInteger(seq) || seq < 0 || seq > meta.seq) throw gap(lastEventId);
    if (seq < meta.seq - replayBufferSize) throw gap(lastEventId);
    return seq;
  }

  return {
    async publish(name, event) {
      const topic = topicNamed(name);
      const meta = await topic.meta;
      const seq = ++meta.seq;
      const written = storage.put({ [metaKey(name)]: meta, [eventKey(name, seq)]: event });
      // Listeners first, in publish order; the object's output gate holds what they send until
      // the write is durable.
      for (const listener of topic.listeners) listener(seq, event);
      await written;
      if (seq > replayBufferSize) await storage.delete([eventKey(name, seq - replayBufferSize)]);
      return `${meta.epoch}-${seq}`;
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
          // Listen before reading storage, so nothing published in between is missed.
          const queue: Array<{ seq: number; data: unknown }> = [];
          let wake: (() => void) | undefined;
          let overflowed = false;
          const listener = (seq: number, data: unknown) => {
            if (queue.length >= queueSize) overflowed = true;
            else queue.push({ seq, data });
            wake?.();
          };
          const onAbort = () => wake?.();
          topic.listeners.add(listener);
          signal?.addEventListener('abort', onAbort);
          try {
            const meta = await topic.meta;
            let last: number;
            if (subscribeOptions.lastEventId === undefined) {
              last = queue[0] ? queue[0].seq - 1 : meta.seq;
              subscribeOptions.onCursor?.(`${meta.epoch}-${last}`);
            } else {
              last = startAfter(meta, subscribeOptions.lastEventId);
              const stored = await storage.list({
                prefix: eventPrefix(name),
                start: eventKey(name, last + 1),
              });
              for (const [key, data] of stored) {
                const seq = Number(key.slice(eventPrefix(name).length));
                if (seq <= last) continue;
                last = seq;
                yield tracked(`${meta.epoch}-${seq}`, data as TEvent);
                if (signal?.aborted) return;
              }
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
              if (next.seq <= last) continue; // replayed from storage already
              last = next.seq;
              yield tracked(`${meta.epoch}-${next.seq}`, next.data as TEvent);
            }
          } finally {
            topic.listeners.delete(listener);
            signal?.removeEventListener('abort', onAbort);
          }
        },
      };
    },
  };
}
