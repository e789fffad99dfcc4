import type { RpcError } from '@wirecall/core';
import type { ClientRuntime } from '../ClientRuntime.js';
import type { Subscription } from '../operations/Subscription.js';
import { LiveResultReader, WATCH_WINDOW } from './liveResult.js';
import type { WatchOptions } from './watchTypes.js';

/**
 * A watch with a listener: a subscription to the query's path, which the server runs as a live
 * query. Results equal to the last one given (after a reconnect, say) are not given again; a
 * patch that does not fit starts the subscription afresh, for a whole result. Returns the
 * function that stops it.
 */
export function watchWithListener(
  runtime: ClientRuntime,
  path: string,
  input: unknown,
  listener: (result: unknown) => void,
  options: WatchOptions = {},
): () => void {
  if (typeof listener !== 'function')
    throw new TypeError(`watch("${path}") takes a function as its listener`);
  const reader = new LiveResultReader(path);
  let stopped = false;
  const start = (): Subscription<unknown, RpcError> =>
    runtime.subscribe<unknown, RpcError>(path, input, {
      window: WATCH_WINDOW,
      onData: (event) => {
        let reading: ReturnType<LiveResultReader['read']>;
        try {
          reading = reader.read(event);
        } catch (error) {
          stop();
          options.onError?.(error as RpcError);
          return;
        }
        if (reading.kind === 'resync') {
          // The new watch first: it joins the server's evaluation, which then need not re-run.
          const stale = subscription;
          if (!stopped) subscription = start();
          stale.unsubscribe();
        } else if (reading.kind === 'value') listener(reading.value);
      },
      ...(options.onError ? { onError: options.onError } : {}),
      ...(options.onStatusChange ? { onStatusChange: options.onStatusChange } : {}),
    });
  let subscription = start();
  const stop = () => {
    stopped = true;
    options.signal?.removeEventListener('abort', stop);
    subscription.unsubscribe();
  };
  if (options.signal) {
    if (options.signal.aborted) stop();
    else options.signal.addEventListener('abort', stop, { once: true });
  }
  return stop;
}

/**
 * A watch to iterate with `for await`: the subscription starts when iteration starts and stops
 * when the loop is left; an error ends the loop by throwing.
 */
export function watchIterable(
  runtime: ClientRuntime,
  path: string,
  input: unknown,
): AsyncIterable<unknown> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<unknown> {
      const reader = new LiveResultReader(path);
      const start = () => {
        const subscription = runtime.subscribe<unknown, RpcError>(path, input, {
          window: WATCH_WINDOW,
        });
        return { subscription, events: subscription[Symbol.asyncIterator]() };
      };
      let current = start();
      return {
        async next() {
          while (true) {
            const step = await current.events.next();
            if (step.done) return step;
            let reading: ReturnType<LiveResultReader['read']>;
            try {
              reading = reader.read(step.value);
            } catch (error) {
              current.subscription.unsubscribe();
              throw error;
            }
            if (reading.kind === 'resync') {
              const stale = current.subscription;
              current = start();
              stale.unsubscribe();
            } else if (reading.kind === 'value') return { done: false, value: reading.value };
          }
        },
        return: async () => {
          current.subscription.unsubscribe();
          return { done: true, value: undefined };
        },
      };
    },
  };
}

/** The `watch` of a query handle, both forms in one function. */
export function createWatch(runtime: ClientRuntime, path: string) {
  return (input?: unknown, listener?: (result: unknown) => void, options?: WatchOptions) =>
    listener === undefined
      ? watchIterable(runtime, path, input)
      : watchWithListener(runtime, path, input, listener, options);
}
