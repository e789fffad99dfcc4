import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ContractShape } from '@wirecall/core';
import { HttpHandler } from '../http/HttpHandler.js';
import { ConnectionHub } from '../hub/ConnectionHub.js';
import type { LiveStats } from '../live/LiveRegistry.js';
import type { PubSub } from '../pubsub/pubsub.js';
import { type ConnectionRequest, isConnectionRequest } from '../request.js';
import type { Route } from '../routes.js';
import type { CloseOptions, ServerOptions, ServerStats } from '../serverOptions.js';
import type { ServerSocket } from '../transport.js';
import { respond } from './fetchListener.js';
import {
  type AttachOptions,
  attachToHttpServer,
  closeHttpServer,
  type ListeningAddress,
  type ListenOptions,
  listenStandalone,
} from './nodeHttp.js';
import { describeNodeRequest, type NodeRequestLike } from './nodeRequest.js';
import { WsUpgradeHandler } from './WsUpgradeHandler.js';

/**
 * A wirecall server: dispatches a contract's procedures for any number of WebSocket connections.
 * The Node adapter: the transport-agnostic core (the connection hub) with `ws` for the
 * WebSocket protocol and `node:http` for `attach`, `listen` and `handleUpgrade`.
 */
export class WirecallServer {
  readonly #hub: ConnectionHub;
  readonly #upgrades: WsUpgradeHandler;
  readonly #http: HttpHandler;
  readonly #ownedHttpServers: HttpServer[] = [];
  #closing: Promise<void> | undefined;
  /**
   * The server's pub/sub, the same `ctx.pubsub` handlers see: publish to it from anywhere (an
   * HTTP route, a job queue consumer).
   */
  readonly pubsub: PubSub;

  /** @internal Use {@link createServer}. */
  constructor(routes: ReadonlyMap<string, Route>, options: ServerOptions<ContractShape, object>) {
    this.#hub = new ConnectionHub(routes, options);
    this.#upgrades = new WsUpgradeHandler(this.#hub, options.allowedOrigins);
    this.#http = new HttpHandler(this.#hub, options.allowedOrigins, options.http, {
      isSafeQuery: (path) => {
        const procedure = routes.get(path)?.procedure;
        return procedure?.kind === 'query' && procedure.safe === true;
      },
      // Only a pub/sub the server was given can be shared with other instances.
      sharedPubSub: options.pubsub,
    });
    this.pubsub = this.#hub.pubsub;
    this.fetch = this.fetch.bind(this);
  }

  /**
   * Serves the whole contract over plain HTTP: calls as POSTs answered as they finish, and
   * subscriptions over one Server-Sent Events stream per client (docs/http.md). A WHATWG fetch
   * handler, for any host that speaks `Request` and `Response`: serverless functions, Workers,
   * Deno, Bun. Bound to the server, so it can be passed on as it is.
   * @example
   * export default { fetch: server.fetch }; // an edge function
   */
  fetch(request: Request): Promise<Response> {
    return this.#http.fetch(request);
  }

  /** The Node side of `fetch`: plain requests of `listen` and `attach`, with the peer's address. */
  readonly #serveNode = (incoming: IncomingMessage, outgoing: ServerResponse): void => {
    respond(
      (request) =>
        this.#http.fetch(request, { remoteAddress: incoming.socket.remoteAddress, raw: incoming }),
      incoming,
      outgoing,
    ).catch(() => outgoing.destroy());
  };

  /** Live counts of connections, running calls and subscriptions. */
  stats(): ServerStats {
    return this.#hub.stats();
  }

  /**
   * Marks the live query results that tracked any of `tags` (with `ctx.track`) stale: their
   * watchers get the new results. Reaches the other instances on the same pub/sub; resolves once
   * published there.
   * @throws TypeError when a tag is not a non-empty string.
   * @example
   * await server.invalidate(`todos:${listId}`);
   */
  invalidate(...tags: string[]): Promise<void> {
    return this.#hub.live.invalidate(tags);
  }

  /** Counts of the server's live queries: evaluations kept live and handler runs so far. */
  liveStats(): LiveStats {
    return this.#hub.live.stats();
  }

  /**
   * Serves a connection over any transport that implements {@link ServerSocket}: the entry point
   * of adapters for other runtimes. `request` is a {@link ConnectionRequest} (see
   * `describeRequest`) or Node's `IncomingMessage`.
   */
  accept(socket: ServerSocket, request: ConnectionRequest | NodeRequestLike): void {
    this.#hub.accept(
      socket,
      isConnectionRequest(request) ? request : describeNodeRequest(request as NodeRequestLike),
    );
  }

  /**
   * Completes a WebSocket upgrade from any Node HTTP framework's `upgrade` event.
   * @example
   * httpServer.on('upgrade', (req, socket, head) => wirecall.handleUpgrade(req, socket, head));
   */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#upgrades.handleUpgrade(request, socket, head);
  }

  /**
   * Serves WebSocket upgrades on an existing HTTP server (node:http, Express's, Fastify's), and
   * on the same path the HTTP requests of the HTTP transport (those with a `wirecall-protocol`
   * header; the app keeps every other request).
   * Several wirecall servers may share one HTTP server on different paths. Upgrades for other
   * paths are left to other listeners, or refused with 404 when there are none.
   * @throws Error when another wirecall server is attached to the same path of `httpServer`.
   */
  attach(httpServer: HttpServer, options: AttachOptions = {}): void {
    attachToHttpServer(httpServer, this.#upgrades, options, this.#serveNode);
  }

  /**
   * Starts a standalone HTTP server that serves WebSocket upgrades and, on the same URL, calls
   * and subscriptions over HTTP and Server-Sent Events.
   */
  async listen(options: ListenOptions = {}): Promise<ListeningAddress> {
    const { httpServer, address } = await listenStandalone(
      this.#upgrades,
      options,
      this.#serveNode,
    );
    this.#ownedHttpServers.push(httpServer);
    return address;
  }

  /**
   * Shuts down gracefully: stops accepting connections and operations, lets running calls finish
   * (up to `timeoutMs`), then closes every connection with 1001 (going away), so clients
   * reconnect elsewhere and resume their subscriptions there. Handlers' signals abort, so
   * subscriptions' `finally` blocks run. Resolves when everything is closed; calling it again
   * returns the same promise.
   * @example
   * // A deploy: calls get 10 s to finish; clients wait at least 5 s (plus jitter) to reconnect.
   * await server.close({ timeoutMs: 10_000, retryAfterMs: 5_000 });
   */
  close(options: CloseOptions = {}): Promise<void> {
    this.#closing ??= this.#shutDown(options);
    return this.#closing;
  }

  async #shutDown(options: CloseOptions): Promise<void> {
    await this.#hub.close(options);
    this.#http.close();
    this.#hub.live.close();
    this.#upgrades.close();
    await Promise.all(this.#ownedHttpServers.splice(0).map(closeHttpServer));
  }
}
