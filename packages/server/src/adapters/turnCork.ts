import type { Writable } from 'node:stream';

/** Streams corked during the current turn, uncorked together once its work is done. */
let corked: Writable[] = [];

function uncorkAll(): void {
  // Taken whole: a stream corked while these are uncorked starts the next round.
  const due = corked;
  corked = [];
  for (const stream of due) {
    try {
      stream.uncork();
    } catch {
      // The write failed: the socket reports its own error; the other streams still go out.
    }
  }
}

/**
 * Holds a socket's writes until the current turn's work is done (the same `process.nextTick`
 * round the frame batcher flushes in), then lets them go as one write: a burst of frames to one
 * socket (a fan-out's batches, a flood of answers) costs one system call instead of one each.
 * Nothing waits past the turn, so latency does not change; what is held counts in the socket's
 * `bufferedAmount` like anything else not yet written.
 */
export function corkForTurn(stream: Writable): void {
  if (stream.writableCorked > 0 || stream.destroyed) return;
  stream.cork();
  if (corked.push(stream) === 1) process.nextTick(uncorkAll);
}
