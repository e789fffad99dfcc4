import { type TopicSubscribeOptions, type Tracked, tracked } from '@wirecall/server';
import type { RedisConnections } from '../connection/redisConnections.js';
import { untilAvailable } from '../connection/untilAvailable.js';
import { linkedSignal } from '../subscriber/linkedSignal.js';
import { SubscriberQueue } from '../subscriber/subscriberQueue.js';
import { eventOfFields } from './eventEncoding.js';
import { readAfter, streamPosition } from './readAfter.js';
import { resumeGap } from './resumeGap.js';
import { canonicalStreamId, compareStreamIds } from './streamId.js';
import type { StreamListener, StreamReader } from './streamReader.js';

/** What a durable subscription needs from its pub/sub. */
export interface StreamSubscriptionDeps {
  readonly connections: RedisConnections;
  readonly reader: StreamReader;
  /** Entries per replay page. */
  readonly pageSize: number;
  /** Events queued for a slow subscriber before it reads the stream at its own pace. */
  readonly queueSize: number;
}

/**
 * One local subscriber of a topic stored as a Redis Stream. It catches up from its position with
 * paged, gap-checked `XRANGE`s, then joins the instance's shared {@link StreamReader} for live
 * events. A subscriber that falls behind its queue leaves the shared reader and catches up on its
 * own, so it never loses events and never holds the others back. Redis going away only pauses it.
 */
export async function* streamSubscription<TEvent>(
  deps: StreamSubscriptionDeps,
  key: string,
  options: TopicSubscribeOptions,
  closed: AbortSignal,
): AsyncGenerator<Tracked<TEvent>, void, undefined> {
  using linked = linkedSignal(options.signal, closed);
  const { signal } = linked;
  if (signal.aborted) return;
  const { connections, reader, pageSize } = deps;

  let last: string;
  if (options.lastEventId === undefined) {
    const position = await untilAvailable(() => streamPosition(connections, key), signal);
    if (!position) return;
    last = position.value;
    options.onCursor?.(last);
  } else {
    const canonical = canonicalStreamId(options.lastEventId);
    // An id this adapter never gave out (another pub/sub's, a typo): it cannot resume from it.
    if (canonical === undefined) throw resumeGap(options.lastEventId);
    last = canonical;
  }

  const queue = new SubscriberQueue(deps.queueSize);
  const listener: StreamListener = {
    event: (id, data) => queue.push(id, data),
    fail: (error) => queue.fail(error),
  };
  const onAbort = () => queue.wake();
  signal.addEventListener('abort', onAbort);
  let registered = false;

  /** Yields stored entries after `last` (up to `until`, or to the end), checking for gaps. */
  async function* catchUp(until?: string): AsyncGenerator<Tracked<TEvent>, boolean, undefined> {
    for (;;) {
      const from = last;
      const page = await untilAvailable(() => readAfter(connections, key, from, pageSize), signal);
      if (!page) return false;
      if (page.value.gap) throw resumeGap(from);
      for (const [id, fields] of page.value.entries) {
        if (until !== undefined && compareStreamIds(id, until) > 0) return true;
        last = id;
        yield tracked(id, eventOfFields(fields) as TEvent);
        if (signal.aborted) return false;
      }
      if (page.value.entries.length < pageSize) return true;
      if (until !== undefined && compareStreamIds(last, until) >= 0) return true;
    }
  }

  // A fresh subscriber is at the end of the stream already; a resuming one catches up first.
  let atEnd = options.lastEventId === undefined;
  try {
    while (!signal.aborted) {
      // Catch up on our own, then join the shared reader and replay what it read before we joined.
      if (!atEnd && !(yield* catchUp())) return;
      atEnd = false;
      const position = reader.add(key, listener, last);
      registered = true;
      if (compareStreamIds(position, last) > 0 && !(yield* catchUp(position))) return;

      while (!signal.aborted) {
        const next = queue.shift();
        if (!next) {
          if (queue.failure) throw queue.failure;
          if (queue.overflowed) break;
          await queue.wait();
          continue;
        }
        if (compareStreamIds(next.id, last) <= 0) continue; // already replayed
        last = next.id;
        yield tracked(next.id, next.data as TEvent);
      }
      // Too slow for the live stream: leave it and read at our own pace from where we are.
      reader.remove(key, listener);
      registered = false;
      queue.clear();
    }
  } finally {
    if (registered) reader.remove(key, listener);
    signal.removeEventListener('abort', onAbort);
  }
}
