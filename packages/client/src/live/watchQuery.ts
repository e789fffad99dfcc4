import type { RpcError } from '@wirecall/core';
import type { ClientRuntime } from '../ClientRuntime.js';
import { readLiveResult, WATCH_WINDOW } from './liveResult.js';
import type { WatchOptions } from './watchTypes.js';

/**
 * A watch with a listener: a subscription to the query's path, which the server runs as a live
 * query. Results equal to the last one given (after a reconnect, say) are not given again.
 * Returns the function that stops it.
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
  let version: string | undefined;
  const subscription = runtime.subscribe<unknown, RpcError>(path, input, {
    window: WATCH_WINDOW,
    onData: (event) => {
      let result: ReturnType<typeof readLiveResult>;
      try {
        result = readLiveResult(event, path);
      } catch (error) {
        subscription.unsubscribe();
        options.onError?.(error as RpcError);
        return;
      }
      if (result.version === version) return;
      version = result.version;
      listener(result.value);
    },
    ...(options.onError ? { onError: options.onError } : {}),
    ...(options.onStatusChange ? { onStatusChange: options.onStatusChange } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return () => subscription.unsubscribe();
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
      const subscription = runtime.subscribe<unknown, RpcError>(path, input, {
        window: WATCH_WINDOW,
      });
      const events = subscription[Symbol.asyncIterator]();
      let version: string | undefined;
      return {
        async next() {
          while (true) {
            const step = await events.next();
            if (step.done) return step;
            const result = readLiveResult(step.value, path);
            if (result.version === version) continue;
            version = result.version;
            return { done: false, value: result.value };
          }
        },
        return: async () => {
          subscription.unsubscribe();
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
