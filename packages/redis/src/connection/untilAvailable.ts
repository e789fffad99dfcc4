import { ErrorCode, isRpcError } from '@wirecall/server';

/** What {@link untilAvailable} got: the value, or nothing because the signal aborted first. */
export type Availability<T> = { readonly value: T } | undefined;

/**
 * Runs `attempt` until Redis answers: an `UNAVAILABLE` failure is retried with backoff (100 ms
 * doubling to 2 s), any other failure is thrown. Subscriptions use it to wait out a Redis restart
 * rather than fail. Resolves to `undefined` once `signal` aborts.
 */
export async function untilAvailable<T>(
  attempt: () => Promise<T>,
  signal: AbortSignal,
): Promise<Availability<T>> {
  for (let failures = 0; !signal.aborted; failures++) {
    try {
      return { value: await attempt() };
    } catch (error) {
      if (!isRpcError(error) || error.code !== ErrorCode.UNAVAILABLE) throw error;
    }
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.min(100 * 2 ** failures, 2_000));
      signal.addEventListener('abort', done);
    });
  }
  return undefined;
}
