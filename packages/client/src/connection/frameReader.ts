import type { Codec, Frame, ServerMessage } from '@wirecall/core';
import { parseServerFrame } from '@wirecall/core/internal';
import type { WebSocketLike } from './webSocketLike.js';

/** The `ws` package's own event API, which Node's sockets have beside the browser-style one. */
interface NodeEvents {
  on(event: 'message', listener: (data: { toString(): string }, isBinary: boolean) => void): void;
}

/**
 * Hands each received frame to `onFrame`: through `ws`'s own 'message' event where there is one
 * (it skips the MessageEvent object the browser-style `onmessage` makes for every frame), else
 * through `onmessage`.
 */
export function listenForFrames(socket: WebSocketLike, onFrame: (data: unknown) => void): void {
  const events = socket as unknown as Partial<NodeEvents>;
  if (typeof events.on === 'function') {
    // `ws` hands binary frames over as Buffers without a copy; 'arraybuffer' would copy each one
    // out of its receive buffer, which doubled the cost of decoding a small MessagePack frame.
    socket.binaryType = 'nodebuffer';
    events.on('message', (data, isBinary) => onFrame(isBinary ? data : data.toString()));
  } else {
    socket.binaryType = 'arraybuffer';
    socket.onmessage = (event) => onFrame(event.data);
  }
}

/**
 * Decodes and checks a received frame: its one message or the messages of a batch.
 * @throws ProtocolError (or the codec's error) when the frame is not valid protocol.
 */
export function readServerFrame(
  codec: Codec,
  data: unknown,
): ServerMessage | readonly ServerMessage[] {
  const frame: Frame =
    typeof data === 'string' || data instanceof Uint8Array
      ? data
      : new Uint8Array(data as ArrayBuffer);
  return parseServerFrame(codec.decode(frame));
}
