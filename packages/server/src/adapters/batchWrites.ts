/** The part of a Node stream (`net.Socket`) that batches writes. */
interface CorkableStream {
  readonly writableCorked: number;
  cork(): void;
  uncork(): void;
}

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
 * Call before writing to `stream`: holds its writes back until the current tick's work is done,
 * then lets them out together, so the answers to a burst of requests leave in one `writev`
 * instead of one system call each (most of the cost of small messages). Nothing waits past the
 * tick it was written in, so latency does not change. Keeps no state of its own: the stream's
 * cork count says whether a flush is already scheduled. Does nothing for other streams.
 */
export function batchWrites(stream: unknown): void {
  if (!isCorkable(stream) || stream.writableCorked !== 0) return;
  stream.cork();
  // After the microtasks now queued, so every answer they send joins the batch.
  process.nextTick(uncork, stream);
}
