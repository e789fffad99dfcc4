import { ErrorCode, RpcError } from '@wirecall/core';

/** One result of a live query as the server sends it: the value and its version (a hash). */
export interface LiveResultEvent {
  readonly version: string;
  readonly value: unknown;
}

/**
 * Checks an event of a watch: a server that is not a live-query server (an older one, or a
 * subscription under that name) would otherwise hand listeners values of the wrong shape.
 * @throws RpcError with code `INTERNAL` naming the path.
 */
export function readLiveResult(event: unknown, path: string): LiveResultEvent {
  if (
    typeof event === 'object' &&
    event !== null &&
    typeof (event as Partial<LiveResultEvent>).version === 'string'
  ) {
    return event as LiveResultEvent;
  }
  throw new RpcError(ErrorCode.INTERNAL, undefined, {
    message: `The server sent "${path}" results that are no live query results`,
  });
}

/** How many results the server may send a watch ahead of it: one, so a slow one gets the newest. */
export const WATCH_WINDOW = 1;
