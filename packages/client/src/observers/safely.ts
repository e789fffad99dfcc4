/**
 * Rethrows an error from a user callback (`onData`, a reducer) outside the loop that called it, so
 * one failing component neither stops the others from being notified nor goes unnoticed.
 */
export function reportError(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}

/** Runs a user callback; what it throws is reported by {@link reportError} instead of propagating. */
export function safely(callback: () => void): void {
  try {
    callback();
  } catch (error) {
    reportError(error);
  }
}
