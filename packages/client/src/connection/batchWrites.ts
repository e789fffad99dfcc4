/** The part of a Node stream (`net.Socket`) that batches writes. */
interface CorkableStream {
  readonly writableCorked: number;
  cork(): void;
  uncork(): void;
}

/** `process.nextTick` where there is one (Node); browsers have none and batch nothing. */
const nextTick = (
  globalThis as {
    process?: {
      nextTick?: (callback: (stream: CorkableStream) => void, stream: CorkableStream) => void;
    };
  }
).process?.nextTick;

const uncork = (stream: CorkableStream) => stream.uncork();

function isCorkable(stream: unknown): stream is CorkableStream {
  return (
    typeof stream === 'object' &&
    stream !== null &&
    typeof (stream as CorkableStream).cork === 'function' &&
    typeof (stream as CorkableStream).writableCorked === 'number'
  );
}

/**
 * Call before sending on a WebSocket: holds the TCP socket's writes back until the current
 * tick's work is done, then lets them out together, so calls made in one go (or in answer to
 * one burst of results) leave in one `writev` instead of one system call each. Nothing waits
 * past the tick it was sent in. Only the `ws` package in Node has a socket to cork (its private
 * `_socket`); for browsers' WebSockets this does nothing.
 */
export function batchWrites(webSocket: unknown): void {
  const stream = (webSocket as { _socket?: unknown } | undefined)?._socket;
  if (!nextTick || !isCorkable(stream) || stream.writableCorked !== 0) return;
  stream.cork();
  // After the microtasks now queued, so every send they make joins the batch.
  nextTick(uncork, stream);
}
