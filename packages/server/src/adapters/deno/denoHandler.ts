import {
  decideUpgrade,
  isServedPath,
  isUpgradeRequest,
  notFound,
  serveHttp,
} from '../runtimeRequests.js';
import { internalsOf } from '../serverInternals.js';
import type { WirecallServer } from '../WirecallServer.js';
import { DenoServerSocket } from './DenoServerSocket.js';
import type { DenoServeInfo, DenoUpgradeWebSocket } from './denoTypes.js';

/** Options of {@link denoHandler}. */
export interface DenoHandlerOptions {
  /**
   * Only requests for this path (the URL's pathname, e.g. `/rpc`) are served, WebSocket upgrades
   * and HTTP alike; others get 404. Unset, every path is served, as `server.fetch` does.
   * @default undefined (every path)
   */
  readonly path?: string | undefined;
}

/** A `Deno.serve` handler: what {@link denoHandler} makes. */
export type DenoHandler = (request: Request, info?: DenoServeInfo) => Response | Promise<Response>;

/** `Deno.upgradeWebSocket` of the running Deno; throws elsewhere, saying why. */
function denoUpgrade(): DenoUpgradeWebSocket {
  const deno = (globalThis as { Deno?: { upgradeWebSocket?: DenoUpgradeWebSocket } }).Deno;
  if (typeof deno?.upgradeWebSocket !== 'function') {
    throw new TypeError('denoHandler serves WebSockets in Deno only (Deno.upgradeWebSocket)');
  }
  return deno.upgradeWebSocket;
}

/**
 * Serves a wirecall server on Deno (and Deno Deploy): WebSocket upgrades with
 * `Deno.upgradeWebSocket`, and every other request with the server's HTTP transport (calls,
 * Server-Sent Events), on one port. The origin policy and limits apply as on Node.
 * @param options `path` restricts it to one path; by default it serves every path.
 * @example
 * import { denoHandler } from '@wirecall/server/deno';
 * Deno.serve({ port: 8080 }, denoHandler(server));
 */
export function denoHandler(server: WirecallServer, options: DenoHandlerOptions = {}): DenoHandler {
  const internals = internalsOf(server);
  return (request, info) => {
    if (!isServedPath(request, options)) return notFound();
    // Read before the upgrade: Deno no longer knows the request's address after it.
    const remoteAddress = info?.remoteAddr?.hostname;
    if (!isUpgradeRequest(request)) return serveHttp(internals, request, remoteAddress);
    const decided = decideUpgrade(internals, request, remoteAddress);
    if (decided instanceof Response) return decided;
    const upgrade = denoUpgrade();
    let upgraded: ReturnType<DenoUpgradeWebSocket>;
    try {
      // idleTimeout 0: liveness is the wirecall heartbeat's, not Deno's own pings.
      upgraded = upgrade(request, {
        ...(decided.protocol === '' ? {} : { protocol: decided.protocol }),
        idleTimeout: 0,
      });
    } catch {
      // No valid handshake (a missing or malformed Sec-WebSocket-Key, say).
      return new Response('Invalid WebSocket upgrade\n', { status: 400 });
    }
    const { socket, response } = upgraded;
    // The socket opens once Deno has sent the response: only then may the hub close it.
    socket.addEventListener('open', () => {
      const adapted = new DenoServerSocket(socket, decided.protocol, internals.hub.maxMessageBytes);
      internals.hub.accept(adapted, decided.request);
    });
    return response;
  };
}
