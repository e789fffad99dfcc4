/** The part of a Node stream that batches writes. */
interface Corkable {
  cork(): void;
  uncork(): void;
}

/**
 * Holds a socket's writes back until the current tick's work is done, then lets them out
 * together: the answers to a burst of requests leave in one `writev` instead of one system call
 * each, which is most of the cost of small messages. Nothing waits longer than the tick it was
 * sent in, so latency does not change. Returns the function to call before each write; it does
 * nothing for sockets that cannot be corked.
 */
export function createWriteBatcher(socket: () => unknown): () => void {
  let corked: Corkable | undefined;
  const flush = () => {
    const stream = corked;
    corked = undefined;
    stream?.uncork();
  };
  return () => {
    if (corked) return;
    const stream = socket() as Partial<Corkable> | undefined;
    if (typeof stream?.cork !== 'function' || typeof stream.uncork !== 'function') return;
    stream.cork();
    corked = stream as Corkable;
    // After the microtasks the current frames started, so every answer they send joins the batch.
    process.nextTick(flush);
  };
}
