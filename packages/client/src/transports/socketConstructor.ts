import type { WebSocketConstructor, WebSocketLike } from '../connection/webSocketLike.js';
import { autoSocket } from './AutoSocket.js';
import type { FetchFunction } from './HttpCalls.js';
import { HttpSseSocket } from './HttpSseSocket.js';
import { type TransportName, toWebSocketUrl } from './transportUrls.js';

/** The WebSocket implementation with `http(s)://` URLs turned into `ws(s)://` ones. */
function webSocketAt(WebSocket: WebSocketConstructor): WebSocketConstructor {
  // A constructor that returns an object makes `new` yield that object.
  return function WebSocketAtUrl(url: string, protocols?: string | string[]): WebSocketLike {
    return new WebSocket(toWebSocketUrl(url), protocols);
  } as unknown as WebSocketConstructor;
}

/**
 * The socket constructor the client's connection uses for a transport: every transport looks like
 * a WebSocket to it, so calls, subscriptions, resume and exactly-once keys work the same on each.
 */
export function socketConstructor(
  transport: TransportName,
  WebSocket: WebSocketConstructor,
  fetch: FetchFunction,
  safeQueries: ReadonlySet<string> = new Set(),
): WebSocketConstructor {
  switch (transport) {
    case 'websocket':
      return webSocketAt(WebSocket);
    case 'http':
      return HttpSseSocket.using(fetch, safeQueries);
    case 'auto':
      return autoSocket(WebSocket, fetch, undefined, safeQueries);
    default:
      // A typo in plain JavaScript fails here, not at the first connection attempt.
      throw new TypeError(
        `transport must be 'websocket', 'http' or 'auto' (got ${JSON.stringify(transport)})`,
      );
  }
}
