import type { Codec, Frame, SharedEventFields } from './codec.js';
import type { OperationId } from './messages.js';

/** Makes one broadcast event's frame for one subscription id. */
export type EventFrameMaker = (id: OperationId) => Frame;

/**
 * The frames of one event sent to many subscriptions: the payload is encoded once where the codec
 * can share it ({@link Codec.prepareEvent}), else each frame is encoded whole.
 * @throws what the codec throws for a payload it cannot encode.
 */
export function eventFrames(codec: Codec, event: SharedEventFields): EventFrameMaker {
  if (typeof codec.prepareEvent === 'function') return codec.prepareEvent(event);
  const { data, eventId } = event;
  // Encoded once up front anyway, so a payload the codec refuses fails here, as with a shared one.
  codec.encode({ type: 'event', id: 1, data, ...(eventId === undefined ? {} : { eventId }) });
  return eventId === undefined
    ? (id) => codec.encode({ type: 'event', id, data })
    : (id) => codec.encode({ type: 'event', id, data, eventId });
}
