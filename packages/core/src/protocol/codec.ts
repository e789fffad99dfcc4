import type { Message, OperationId } from './messages.js';
import { PROTOCOL_V1 } from './messages.js';
import { ProtocolError } from './parse.js';

/** A frame as WebSockets carry it: text, or binary bytes. */
export type Frame = string | Uint8Array;

/**
 * Turns messages into frames and back. Server and client negotiate one by WebSocket subprotocol,
 * so a binary codec can be added without touching either side's logic.
 */
export interface Codec {
  /** The subprotocol that selects this codec, e.g. `wirecall.v1`. */
  readonly subprotocol: string;
  /** Encodes one message into one frame. */
  encode(message: Message): Frame;
  /**
   * Decodes one frame into an untrusted value, to be checked by the protocol's parsers.
   * @throws when the frame cannot be decoded at all.
   */
  decode(frame: Frame): unknown;
  /**
   * Joins frames this codec encoded into one frame that carries them all, in order; `decode`
   * returns such a frame as an array of the messages. Without it, nothing is batched.
   */
  joinFrames?(frames: readonly Frame[]): Frame;
  /**
   * Encodes an event's payload once for many subscriptions: returns a function that makes the
   * event's frame for one subscription id, each frame equal (once decoded) to what `encode`
   * makes of `{ type: 'event', id, ...event }`. Without it, each subscription's frame is encoded
   * whole. Throws what `encode` would throw for the payload.
   */
  prepareEvent?(event: SharedEventFields): (id: OperationId) => Frame;
}

/** The fields of an event frame that every subscription of one broadcast shares. */
export interface SharedEventFields {
  readonly data: unknown;
  /** The cursor to resume after this event, for tracked events. */
  readonly eventId?: string | undefined;
}

/** A frame's size: string length for text, bytes for binary (what batch bounds are measured in). */
export function frameSize(frame: Frame): number {
  return typeof frame === 'string' ? frame.length : frame.byteLength;
}

/** A codec that can join frames into a batch. */
export type BatchingCodec = Required<Pick<Codec, 'joinFrames'>>;

/** Whether a codec can join frames into a batch. */
export function canBatch(codec: Codec): codec is Codec & BatchingCodec {
  return typeof codec.joinFrames === 'function';
}

/**
 * The default codec: one JSON object per text frame, or a JSON array of them when the peer
 * takes batches; subprotocol `wirecall.v1`.
 */
export const jsonCodec: Codec & BatchingCodec = {
  subprotocol: PROTOCOL_V1,
  encode: (message) => JSON.stringify(message),
  decode: (frame) => {
    // The protocol makes a binary frame on `wirecall.v1` an error, whatever bytes it carries.
    if (typeof frame !== 'string') {
      throw new ProtocolError('wirecall.v1 takes text frames only, not binary');
    }
    return JSON.parse(frame);
  },
  // Each frame is already a JSON object: joining them makes a JSON array without re-encoding.
  // Joined in one array, the batch is one flat string: brackets added around a joined string
  // make a rope, which the socket then flattens to measure and again to write.
  joinFrames: (frames) =>
    frames.length === 1 ? (frames[0] as Frame) : ['[', frames.join(','), ']'].join(''),
  prepareEvent: (event) => {
    // The id goes last, so each subscription's frame is the shared text with its id spliced in
    // before the closing brace. A message's fields arrive in any order.
    const fields = { type: 'event', data: event.data, eventId: event.eventId, id: 0 };
    const text = JSON.stringify(fields);
    const head = text.slice(0, -2); // without `0}`
    return (id) => `${head}${id}}`;
  },
};
