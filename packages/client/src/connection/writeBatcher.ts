/** The part of a Node stream that batches writes. */
interface Corkable {
  cork(): void;
  uncork(): void;
}

/** `process.nextTick` where there is one (Node); browsers have none and batch nothing. */
const nextTick = (globalThis as { process?: { nextTick?: (callback: () => void) => void } }).process
  ?.nextTick;

/**
 * Holds the TCP socket's writes back until the current tick's work is done, then lets them out
 * together: calls made in one go (or in answer to one burst of results) leave in one `writev`
 * instead of one system call each. Nothing waits past the tick it was sent in. Only the `ws`
 * package in Node exposes a socket to cork; elsewhere the returned function does nothing.
 */
export function createWriteBatcher(socket: () => unknown): () => void {
  let corked: Corkable | undefined;
  const flush = () => {
    const stream = corked;
    corked = undefined;
    stream?.uncork();
  };
  return () => {
    if (corked || !nextTick) return;
    const stream = socket() as Partial<Corkable> | undefined;
    if (typeof stream?.cork !== 'function' || typeof stream.uncork !== 'function') return;
    stream.cork();
    corked = stream as Corkable;
    // After the microtasks now queued, so every send they make joins the batch.
    nextTick(flush);
  };
}
