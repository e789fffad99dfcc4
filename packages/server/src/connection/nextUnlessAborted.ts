/** What {@link nextUnlessAborted} resolves with when the signal aborted first. */
export const ABORTED: unique symbol = Symbol('aborted');

/**
 * Pulls a subscription's source: resolves with `iterator.next()`'s step, or with
 * {@link ABORTED} as soon as `signal` aborts, whichever comes first (a source stuck in an await
 * must not keep an unsubscribed client's operation alive).
 *
 * Unlike `Promise.race([iterator.next(), aborted])` in a loop, it leaves nothing behind per
 * event: each race adds a reaction to the long-lived `aborted` promise that holds the event
 * until the subscription ends, a leak that grows with every event sent.
 */
export function createNextUnlessAborted(
  iterator: AsyncIterator<unknown>,
  signal: AbortSignal,
): () => Promise<IteratorResult<unknown> | typeof ABORTED> {
  const unlessAborted = createUnlessAborted(signal);
  return () => unlessAborted(() => iterator.next());
}

/**
 * The same race for any wait of one loop (one wait at a time): resolves with what `start()`
 * resolves with, or with {@link ABORTED} as soon as `signal` aborts, leaving nothing behind.
 */
export function createUnlessAborted(
  signal: AbortSignal,
): <T>(start: () => PromiseLike<T>) => Promise<T | typeof ABORTED> {
  let wake: ((value: typeof ABORTED) => void) | undefined;
  signal.addEventListener('abort', () => wake?.(ABORTED), { once: true });
  return <T>(start: () => PromiseLike<T>) => {
    if (signal.aborted) return Promise.resolve(ABORTED);
    return new Promise<T | typeof ABORTED>((resolve, reject) => {
      wake = resolve;
      start().then(resolve, reject);
    });
  };
}
