import {
  ErrorCode,
  RpcError,
  type TopicSubscribeOptions,
  type Tracked,
  tracked,
} from '@wirecall/server';
import { linkedSignal } from '../subscriber/linkedSignal.js';
import { SubscriberQueue } from '../subscriber/subscriberQueue.js';
import type { ChannelListener, ChannelReader } from './channelReader.js';

/**
 * One local subscriber of an ephemeral topic (Redis pub/sub): live events only. `lastEventId` is
 * accepted and ignored: there is nothing to replay, so a resuming client simply continues live.
 * `onCursor` is called with `liveMarker` once Redis confirmed the subscription, so the caller
 * knows from when on events reach it. A subscriber that falls `queueSize` events behind fails
 * with `BACKPRESSURE`.
 */
export async function* channelSubscription<TEvent>(
  reader: ChannelReader,
  channel: string,
  options: TopicSubscribeOptions,
  closed: AbortSignal,
  queueSize: number,
  liveMarker: string,
): AsyncGenerator<Tracked<TEvent>, void, undefined> {
  using linked = linkedSignal(options.signal, closed);
  const { signal } = linked;
  if (signal.aborted) return;
  const queue = new SubscriberQueue(queueSize);
  const listener: ChannelListener = (id, data) => queue.push(id, data);
  const onAbort = () => queue.wake();
  signal.addEventListener('abort', onAbort);
  try {
    await reader.add(channel, listener);
    // Live from here: tell the caller (there is nothing to resume from, so any marker will do).
    if (!signal.aborted) options.onCursor?.(liveMarker);
    while (!signal.aborted) {
      if (queue.overflowed) {
        throw new RpcError(
          ErrorCode.BACKPRESSURE,
          { retryAfterMs: undefined },
          { message: `Subscriber of ephemeral topic "${channel}" fell too far behind` },
        );
      }
      const next = queue.shift();
      if (!next) {
        await queue.wait();
        continue;
      }
      yield tracked(next.id, next.data as TEvent);
    }
  } finally {
    reader.remove(channel, listener);
    signal.removeEventListener('abort', onAbort);
  }
}
