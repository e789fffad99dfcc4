import {
  decideUpgrade,
  isEventStream,
  isServedPath,
  isUpgradeRequest,
  notFound,
  serveHttp,
} from '../runtimeRequests.js';
import { internalsOf } from '../serverInternals.js';
import type { WirecallServer } from '../WirecallServer.js';
import { BunServerSocket } from './BunServerSocket.js';
import type { BunServerLike, BunSocketData, BunWebSocketLike } from './bunTypes.js';

/** Options of {@link bunHandler}. */
export interface BunHandlerOptions {
  /**
   * Only requests for this path (the URL's pathname, e.g. `/rpc`) are served, WebSocket upgrades
   * and HTTP alike; others get 404. Unset, every path is served, as `server.fetch` does.
   * @default undefined (every path)
   */
  readonly path?: string | undefined;
}

/** Bun's `websocket` handlers for a wirecall server, with the settings they need. */
export interface BunWebSocketHandlers {
  /** Frames larger than the server's `maxMessageBytes` close the socket with 1009. */
  readonly maxPayloadLength: number;
  /** 0: liveness is the wirecall heartbeat's, not Bun's idle timer (120 s by default). */
  readonly idleTimeout: number;
  /** false: the wirecall heartbeat pings; Bun's own pings would only double it. */
  readonly sendPings: boolean;
  /** A socket opened: the server accepts it as a connection (or closes it, saying why). */
  open(ws: BunWebSocketLike): void;
  /** A message arrived. */
  message(ws: BunWebSocketLike, message: string | Uint8Array): void;
  /** Bun wrote out what backpressure had queued: waiting sends go on. */
  drain(ws: BunWebSocketLike): void;
  /** A socket closed. */
  close(ws: BunWebSocketLike, code: number, reason: string): void;
}

/** The options {@link bunHandler} makes for `Bun.serve`: a `fetch` and `websocket` handlers. */
export interface BunHandler {
  /**
   * Upgrades WebSocket requests (answered by {@link BunHandler.websocket}) and serves every other
   * request with the server's HTTP transport (calls, Server-Sent Events).
   */
  fetch(request: Request, server: BunServerLike): Response | undefined | Promise<Response>;
  readonly websocket: BunWebSocketHandlers;
}

/**
 * Serves a wirecall server on Bun: WebSocket over Bun's native `websocket` handlers, with Bun's
 * backpressure signals (a queued send waits for `drain`, reading pauses while the socket is above
 * its high-water mark), and HTTP and Server-Sent Events over `server.fetch`, on one port. Event
 * streams are exempt from Bun's 10-second idle timeout. The origin policy and limits apply as on
 * Node. Spread into `Bun.serve`'s options.
 * @param options `path` restricts it to one path; by default it serves every path.
 * @example
 * import { bunHandler } from '@wirecall/server/bun';
 * Bun.serve({ port: 8080, ...bunHandler(server) });
 */
export function bunHandler(server: WirecallServer, options: BunHandlerOptions = {}): BunHandler {
  const internals = internalsOf(server);
  const remoteAddressOf = (request: Request, bun: BunServerLike) => bun.requestIP(request)?.address;
  return {
    fetch(request, bun) {
      if (!isServedPath(request, options)) return notFound();
      const remoteAddress = remoteAddressOf(request, bun);
      if (!isUpgradeRequest(request)) {
        return serveHttp(internals, request, remoteAddress).then((response) => {
          // Bun closes a response idle for 10 s: an event stream is idle between events.
          if (isEventStream(response)) bun.timeout(request, 0);
          return response;
        });
      }
      const decided = decideUpgrade(internals, request, remoteAddress);
      if (decided instanceof Response) return decided;
      const data: BunSocketData = { protocol: decided.protocol, request: decided.request };
      const headers: Record<string, string> =
        decided.protocol === '' ? {} : { 'sec-websocket-protocol': decided.protocol };
      if (bun.upgrade(request, { headers, data })) return undefined;
      return new Response('WebSocket upgrade failed\n', { status: 400 });
    },
    websocket: {
      maxPayloadLength: internals.hub.maxMessageBytes,
      idleTimeout: 0,
      sendPings: false,
      open(ws) {
        internals.hub.accept(new BunServerSocket(ws), ws.data.request);
      },
      message(ws, message) {
        ws.data.events?.receive(message);
      },
      drain(ws) {
        ws.data.events?.drained();
      },
      close(ws, code, reason) {
        ws.data.events?.closed(code, reason);
      },
    },
  };
}
