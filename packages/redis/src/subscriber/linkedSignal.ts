/** An abort signal that follows two others, and stops following them when disposed. */
export interface LinkedSignal extends Disposable {
  readonly signal: AbortSignal;
}

/**
 * Aborts when either signal does: a subscriber ends when its caller aborts or its pub/sub closes.
 * (Written out rather than `AbortSignal.any`, whose listeners on a long-lived signal pile up in
 * some Node 20 releases.)
 */
export function linkedSignal(first: AbortSignal | undefined, second: AbortSignal): LinkedSignal {
  const controller = new AbortController();
  const abort = () => controller.abort();
  if (first?.aborted || second.aborted) abort();
  first?.addEventListener('abort', abort);
  second.addEventListener('abort', abort);
  return {
    signal: controller.signal,
    [Symbol.dispose]() {
      first?.removeEventListener('abort', abort);
      second.removeEventListener('abort', abort);
    },
  };
}
