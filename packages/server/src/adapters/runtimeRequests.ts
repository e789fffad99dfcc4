import type { ConnectionRequest } from '../request.js';
import { describeRequest } from '../request.js';
import type { ServerInternals } from './serverInternals.js';
import { upgradeRefusal } from './upgradeRefusal.js';

/** What the adapters for fetch-style runtimes take as options (`bunHandler`, `denoHandler`). */
export interface RuntimeHandlerOptions {
  /** The one path served; undefined for every path. */
  readonly path?: string | undefined;
}

/** A WebSocket upgrade the server takes: the subprotocol to agree to and the request, described. */
export interface AcceptedUpgrade {
  /** The subprotocol to answer with; empty when the client offered none. */
  readonly protocol: string;
  readonly request: ConnectionRequest;
}

/** Whether a request asks to become a WebSocket. */
export function isUpgradeRequest(request: Request): boolean {
  return request.headers.get('upgrade')?.toLowerCase() === 'websocket';
}

/** Whether `request` is for the path `options` restrict the adapter to (every path without one). */
export function isServedPath(request: Request, options: RuntimeHandlerOptions): boolean {
  return options.path === undefined || new URL(request.url).pathname === options.path;
}

/** The answer to a request for a path the adapter does not serve. */
export function notFound(): Response {
  return new Response('Not found\n', { status: 404, headers: { 'content-type': 'text/plain' } });
}

/**
 * Decides a WebSocket upgrade of a fetch-style runtime as the Node adapter does: refused while
 * the server shuts down (503) and from origins the policy does not allow (403), else taken on
 * the subprotocol the hub chooses of those offered. Limits (connections, handshakes per address)
 * apply once the socket is open, in the hub.
 */
export function decideUpgrade(
  internals: ServerInternals,
  request: Request,
  remoteAddress: string | undefined,
): Response | AcceptedUpgrade {
  const { headers } = request;
  const refused = upgradeRefusal(
    internals.hub,
    internals.allowedOrigins,
    headers.get('origin') ?? undefined,
    headers.get('host') ?? undefined,
  );
  if (refused) {
    return new Response(null, {
      status: refused.status,
      statusText: refused.statusText,
      headers: refused.headers,
    });
  }
  const offered = (headers.get('sec-websocket-protocol') ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const chosen = internals.hub.chooseSubprotocol(offered);
  return {
    protocol: chosen === false ? '' : chosen,
    request: describeRequest({ url: request.url, headers, remoteAddress, raw: request }),
  };
}

/** A plain HTTP request (calls, event streams) served by the server's fetch handler. */
export function serveHttp(
  internals: ServerInternals,
  request: Request,
  remoteAddress: string | undefined,
): Promise<Response> {
  return internals.http.fetch(request, { remoteAddress, raw: request });
}

/** Whether a response is an event stream, which stays open while idle. */
export function isEventStream(response: Response): boolean {
  return (response.headers.get('content-type') ?? '').startsWith('text/event-stream');
}
