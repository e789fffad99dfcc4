import { ErrorCode, RpcError } from '@wirecall/core';
import { applyJsonPatch, type LiveEvent, versionOf } from '@wirecall/core/internal';

/** How many results the server may send a watch ahead of it: one, so a slow one gets the newest. */
export const WATCH_WINDOW = 1;

/**
 * Patches in a row that may fail (each followed by a fresh start of the watch) before the watch
 * ends with `INTERNAL`: a server that keeps sending patches that do not fit is broken.
 */
export const MAX_RESYNCS = 3;

/** What one event of a watch comes to. */
export type LiveReading =
  /** A new result: give it to the listener. */
  | { readonly kind: 'value'; readonly value: unknown }
  /** The same result as the last one given (after a reconnect, say): nothing to do. */
  | { readonly kind: 'same' }
  /** A patch that does not fit the result held: start the watch afresh to get a whole one. */
  | { readonly kind: 'resync' };

function isLiveEvent(event: unknown): event is LiveEvent {
  if (typeof event !== 'object' || event === null) return false;
  const fields = event as Record<string, unknown>;
  if (typeof fields.version !== 'string') return false;
  return 'patch' in fields ? typeof fields.base === 'string' : true;
}

/**
 * A watch's results as the client holds them: the last value and its version, from whole
 * results and from patches of the last one. A patch is applied only to the version it was made
 * for, and its outcome is checked against the version the server gave: a client that lost its
 * base, or a patch gone wrong, asks for a whole result, never shows a wrong one.
 */
export class LiveResultReader {
  readonly #path: string;
  #version: string | undefined;
  #value: unknown;
  #resyncs = 0;

  constructor(path: string) {
    this.#path = path;
  }

  /**
   * Reads one event of the watch.
   * @throws RpcError with code `INTERNAL` when the event is no live query result (a server that
   * is not a live-query server), or patches kept failing.
   */
  read(event: unknown): LiveReading {
    if (!isLiveEvent(event)) {
      throw new RpcError(ErrorCode.INTERNAL, undefined, {
        message: `The server sent "${this.#path}" results that are no live query results`,
      });
    }
    if (event.version === this.#version) return { kind: 'same' };
    let value: unknown;
    if ('patch' in event) {
      const patched = event.base === this.#version ? this.#patched(event) : undefined;
      if (!patched) return this.#resync();
      value = patched.value;
    } else {
      value = event.value;
    }
    this.#resyncs = 0;
    this.#version = event.version;
    this.#value = value;
    return { kind: 'value', value };
  }

  #patched(event: LiveEvent & { readonly patch: unknown }): { value: unknown } | undefined {
    try {
      const value = applyJsonPatch(this.#value, event.patch);
      return versionOf(value) === event.version ? { value } : undefined;
    } catch {
      return undefined;
    }
  }

  #resync(): LiveReading {
    if (++this.#resyncs > MAX_RESYNCS) {
      throw new RpcError(ErrorCode.INTERNAL, undefined, {
        message: `The server sent "${this.#path}" patches that do not fit its results`,
      });
    }
    return { kind: 'resync' };
  }
}
