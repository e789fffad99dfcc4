import {
  type CallMessage,
  type ClientMessage,
  CloseCode,
  type Codec,
  type Frame,
  type HelloMessage,
  type OperationId,
  ProtocolError,
  type SubscribeMessage,
} from '@wirecall/core';
import { isBatch, parseClientFrame } from '@wirecall/core/internal';

/** What the dispatcher does with a connection's messages. */
export interface MessageTarget {
  /** Whether the handshake is done and the connection is not closed. */
  readonly isReady: boolean;
  /** Whether the connection is closed: the rest of a batch is then left alone. */
  readonly isClosed: boolean;
  close(code: number, reason: string): void;
  hello(message: HelloMessage): void;
  /** The client pinged. */
  pinged(): void;
  /**
   * Starts an operation. `alone`: its frame held no other message, so a peer waiting for this
   * answer is likely waiting for nothing else (see SocketOutbox's `send`).
   */
  start(message: CallMessage | SubscribeMessage, alone: boolean): void;
  grant(id: OperationId, credit: number): void;
  stop(id: OperationId): void;
}

/**
 * Decodes and validates one frame from the client and hands each of its messages to `target`,
 * those of a batch in order, as if each had come in its own frame. A frame that is no valid
 * message, or anything but `hello` before the welcome, closes the connection with 4400.
 */
export function dispatchFrame(target: MessageTarget, codec: Codec, frame: Frame): void {
  let messages: ClientMessage | readonly ClientMessage[];
  try {
    messages = parseClientFrame(codec.decode(frame));
  } catch (error) {
    const reason = error instanceof ProtocolError ? error.message : 'Frame could not be decoded';
    target.close(CloseCode.PROTOCOL_ERROR, reason);
    return;
  }
  if (!isBatch(messages)) {
    dispatch(target, messages, true);
    return;
  }
  for (const message of messages) {
    if (target.isClosed) return;
    dispatch(target, message, false);
  }
}

function dispatch(target: MessageTarget, message: ClientMessage, alone: boolean): void {
  // Before the welcome only `hello` is taken: a socket without credentials gets no work done,
  // not even a pong (docs/protocol.md, "Handshake").
  if (message.type !== 'hello' && !target.isReady) {
    target.close(
      CloseCode.PROTOCOL_ERROR,
      'Send "hello" and wait for "welcome" before anything else',
    );
    return;
  }
  switch (message.type) {
    case 'hello':
      target.hello(message);
      return;
    case 'ping':
      target.pinged();
      return;
    case 'pong':
      return;
    case 'call':
    case 'subscribe':
      target.start(message, alone);
      return;
    case 'credit':
      target.grant(message.id, message.credit);
      return;
    case 'cancel':
    case 'unsubscribe':
      target.stop(message.id);
      return;
    default: {
      const unexpected: never = message;
      throw new Error(`Unhandled message ${String(unexpected)}`);
    }
  }
}
