/**
 * Rethrows an error from a user callback (`onData`, a reducer) outside the loop that called it, so
 * one failing component neither stops the others from being notified nor goes unnoticed.
 */
export function reportError(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}
