import type { Codec, Frame, Message, ServerMessage } from '@wirecall/core';
import { canBatch } from '@wirecall/core/internal';
import type { StoredSubscription } from './connectionAttachment.js';

/** The messages of a frame, or undefined when it cannot be decoded (the core then says why). */
export function messagesOf(codec: Codec, frame: Frame): readonly Message[] | undefined {
  try {
    const decoded = codec.decode(frame);
    return Array.isArray(decoded) ? (decoded as Message[]) : [decoded as Message];
  } catch {
    return undefined;
  }
}

/** A frame of `messages` again, or undefined for none: what is left of a frame after filtering. */
export function frameOf(codec: Codec, messages: readonly Message[]): Frame | undefined {
  if (messages.length === 0) return undefined;
  const frames = messages.map((message) => codec.encode(message));
  return canBatch(codec) ? codec.joinFrames(frames) : (frames[0] as Frame);
}

/**
 * Records in the stored subscriptions what a server message tells of them: a cursor or an
 * event moves the subscription's `lastEventId` (an event also spends one credit), and a
 * `complete` or `error` ends it. Returns whether the attachment changed.
 */
export function recordDelivery(
  subs: Record<string, StoredSubscription>,
  message: ServerMessage,
): boolean {
  const sub = 'id' in message ? subs[message.id] : undefined;
  if (!sub) return false;
  switch (message.type) {
    case 'cursor':
      sub.lastEventId = message.lastEventId;
      return true;
    case 'event':
      if (message.eventId !== undefined) sub.lastEventId = message.eventId;
      if (sub.credit !== undefined) sub.credit = Math.max(0, sub.credit - 1);
      return true;
    case 'complete':
    case 'error':
      delete subs[message.id];
      return true;
    default:
      return false;
  }
}
