import {
  createServer as createHttpServer,
  type Server as HttpServer,
  type IncomingMessage,
} from 'node:http';
import type { Duplex } from 'node:stream';
import { CloseCode, type Codec, type ContractShape, isContract, jsonCodec } from '@wirecall/core';
import { WebSocketServer } from 'ws';
import { fromWsSocket } from './adapters/ws.js';
import { HandshakeBudget } from './connection/handshakeBudget.js';
import {
  atConnectionLimit,
  type ConnectionInit,
  type ConnectionSettings,
  emptyContext,
  ServerConnection,
} from './connection/ServerConnection.js';
import { ServerHeartbeat, type ServerHeartbeatOptions } from './connection/serverHeartbeat.js';
import type { DedupeStore } from './dedupe/dedupeStore.js';
import { memoryDedupeStore } from './dedupe/memoryDedupeStore.js';
import { consoleReporter, type ErrorReporter } from './errorBoundary.js';
import type { Handlers } from './handlers.js';
import { resolveLimits } from './limits.js';
import { isOriginAllowed, type OriginPolicy } from './origin.js';
import { memoryPubSub } from './pubsub/memoryPubSub.js';
import type { PubSub } from './pubsub/pubsub.js';
import { type Route, resolveRoutes } from './routes.js';
import type { ServerSocket } from './transport.js';

/** Options of {@link createServer}. */
export interface ServerOptions<TContract extends ContractShape, TContext extends object> {
  /** One handler per procedure, in the contract's namespaces. */
  handlers: Handlers<TContract, NoInfer<TContext>>;
  /**
   * Builds a connection's context from its upgrade request and the params of its `hello`; every
   * handler of the connection sees it in `ctx`. Throw `new RpcError('UNAUTHORIZED')` to refuse
   * the connection (close code 4401). Put it before `handlers` in the options object (or type its
   * parameter) so TypeScript infers the context for the handlers.
   * @default () => ({})
   */
  context?: (init: ConnectionInit) => TContext | PromiseLike<TContext>;
  /** Milliseconds a new connection has to send `hello` and be accepted. @default 10_000 */
  handshakeTimeoutMs?: number;
  /** Largest frame accepted, in bytes; larger frames close the socket with 1009. @default 1_048_576 */
  maxMessageBytes?: number;
  /**
   * Connections served at once; one more is closed with 1013 (try again later) and a
   * `retry-after` hint, which clients honour. @default 10_000
   */
  maxConnections?: number;
  /**
   * Connections still in the handshake at once, counted apart from `maxConnections` so sockets
   * that never say `hello` cannot starve authenticated ones; one more is closed with 1013.
   * @default 1_000
   */
  maxHandshakes?: number;
  /**
   * Connections in the handshake at once from one remote address (behind a reverse proxy, all
   * have the proxy's: raise it to `maxHandshakes` there). @default 200
   */
  maxHandshakesPerIp?: number;
  /** Pings answered per connection and second; a flood beyond it gets no pongs. @default 10 */
  maxPingsPerSecond?: number;
  /**
   * Calls (queries and mutations) run at once per connection. Advertised to clients, which queue
   * the rest; a call beyond it fails with `BACKPRESSURE`. @default 64
   */
  maxCallsInFlight?: number;
  /** Subscriptions per connection; one more fails with `LIMIT_EXCEEDED`. @default 1_000 */
  maxSubscriptions?: number;
  /**
   * Milliseconds a connection may run no call or subscription before it is closed with 4001
   * (idle timeout); 0 keeps idle connections open. @default 0
   */
  idleTimeoutMs?: number;
  /**
   * Bytes a socket may have queued (answers, events, pongs) before the server stops pulling
   * events and sending answers for it. @default 1_048_576
   */
  highWaterMark?: number;
  /**
   * Milliseconds a socket may stay above `highWaterMark` before it is closed with 4429 (slow
   * consumer); its client reconnects and resumes. @default 30_000
   */
  slowSocketTimeoutMs?: number;
  /**
   * Browser origins allowed to connect (an `Origin` header that fails is refused with HTTP 403).
   * Requests without `Origin` are not from browsers and always pass.
   * @default every origin
   */
  allowedOrigins?: OriginPolicy;
  /** Check outputs and events against the contract before sending (strips unknown keys). @default true */
  validateOutput?: boolean;
  /** Where unexpected errors are reported; clients only ever see `INTERNAL`. @default console.error */
  onError?: ErrorReporter;
  /**
   * How messages are encoded: one codec, or several that clients choose from by subprotocol.
   * The server agrees to the first subprotocol a client offers that one of them speaks, and the
   * connection uses that codec; a client offering none of them is closed with 4406.
   * @default jsonCodec
   * @example
   * codec: [msgpackCodec, jsonCodec] // from @wirecall/msgpack: binary clients and JSON ones
   */
  codec?: Codec | readonly Codec[];
  /**
   * Topics with event ids and replay, reachable from handlers as `ctx.pubsub`: what makes
   * subscriptions resumable. The Redis adapter shares topics between server instances.
   * @default memoryPubSub() (this process only, 1 000 events of replay per topic)
   */
  pubsub?: PubSub;
  /**
   * Where mutations' outcomes are kept by idempotency key, so a mutation re-sent after a
   * reconnect runs at most once. The in-memory default does not survive a restart of the
   * process; the Redis adapter's store does.
   * @default memoryDedupeStore() (100 000 outcomes, 5 minutes each)
   */
  dedupe?: DedupeStore;
  /**
   * Pings clients that fall silent and drops those that do not answer (close code 4410),
   * freeing their subscriptions; `false` for none.
   * @default { intervalMs: 30_000, timeoutMs: 10_000 }
   */
  heartbeat?: ServerHeartbeatOptions | false;
}

/** Options of {@link WirecallServer.attach}. */
export interface AttachOptions {
  /** Only upgrade requests for this path are handled. @default '/' */
  path?: string;
}

/** Options of {@link WirecallServer.listen}. */
export interface ListenOptions extends AttachOptions {
  /** Port to listen on; 0 picks a free one. @default 0 */
  port?: number;
  /** Interface to bind. @default '127.0.0.1' */
  host?: string;
}

/** Options of {@link WirecallServer.close}. */
export interface CloseOptions {
  /**
   * Milliseconds running calls get to finish before their connections are closed anyway; with 0,
   * everything is closed at once and running calls fail with `CONNECTION_CLOSED`.
   * @default 0
   */
  timeoutMs?: number;
  /**
   * Tells clients to wait at least this many milliseconds before reconnecting (a `retry-after`
   * hint in the close reason), e.g. for the length of a deploy. @default no hint
   */
  retryAfterMs?: number;
}

/** Where a standalone server listens. */
export interface ListeningAddress {
  readonly host: string;
  readonly port: number;
  /** The `ws://` URL clients connect to. */
  readonly url: string;
}

/** Live counts, for monitoring and tests. */
export interface ServerStats {
  readonly connections: number;
  readonly calls: number;
  readonly subscriptions: number;
}

/**
 * The wirecall servers attached to each HTTP server, by path. One `upgrade` listener per HTTP
 * server serves them all, so an upgrade that none of them takes is refused exactly once.
 */
const attachedServers = new WeakMap<HttpServer, Map<string, WirecallServer>>();

/** The path of a request's target; undefined when the target is no valid URL. */
function pathnameOf(request: IncomingMessage): string | undefined {
  try {
    return new URL(request.url ?? '/', 'http://localhost').pathname;
  } catch {
    // A target such as `//[` must not throw out of an 'upgrade' listener: that crashes the process.
    return undefined;
  }
}

/** The codecs of a server by subprotocol, in the server's order of preference. */
function codecsBySubprotocol(option: Codec | readonly Codec[] | undefined): Map<string, Codec> {
  const codecs: readonly Codec[] =
    option === undefined ? [jsonCodec] : 'encode' in option ? [option] : option;
  if (codecs.length === 0) throw new TypeError('The server needs at least one codec');
  const bySubprotocol = new Map<string, Codec>();
  for (const codec of codecs) {
    if (bySubprotocol.has(codec.subprotocol))
      throw new TypeError(`Two codecs speak the subprotocol ${codec.subprotocol}`);
    bySubprotocol.set(codec.subprotocol, codec);
  }
  return bySubprotocol;
}

/** A wirecall server: dispatches a contract's procedures for any number of WebSocket connections. */
export class WirecallServer {
  readonly #settings: ConnectionSettings;
  /** The connection settings for each subprotocol: the same but for the codec. */
  readonly #settingsBySubprotocol = new Map<string, ConnectionSettings>();
  readonly #wss: WebSocketServer;
  readonly #connections: Set<ServerConnection>;
  readonly #ownedHttpServers: HttpServer[] = [];
  readonly #allowedOrigins: OriginPolicy | undefined;
  #closing: Promise<void> | undefined;
  /**
   * The server's pub/sub, the same `ctx.pubsub` handlers see: publish to it from anywhere (an
   * HTTP route, a job queue consumer).
   */
  readonly pubsub: PubSub;

  /** @internal Use {@link createServer}. */
  constructor(routes: ReadonlyMap<string, Route>, options: ServerOptions<ContractShape, object>) {
    const codecs = codecsBySubprotocol(options.codec);
    const limits = resolveLimits(options);
    this.#allowedOrigins = options.allowedOrigins;
    this.pubsub = options.pubsub ?? memoryPubSub();
    const heartbeat = options.heartbeat === false ? { intervalMs: 0 } : options.heartbeat;
    this.#connections = new Set();
    this.#settings = {
      pubsub: this.pubsub,
      dedupe: options.dedupe ?? memoryDedupeStore(),
      heartbeat: new ServerHeartbeat({
        intervalMs: heartbeat?.intervalMs ?? 30_000,
        timeoutMs: heartbeat?.timeoutMs ?? 10_000,
      }),
      connections: this.#connections,
      handshakes: new HandshakeBudget(limits.maxHandshakes, limits.maxHandshakesPerIp),
      codec: codecs.values().next().value as Codec,
      routes,
      // One frozen object for all connections: handlers get a copy in `ctx` anyway.
      createContext: options.context ?? (() => emptyContext),
      limits,
      validateOutput: options.validateOutput ?? true,
      report: options.onError ?? consoleReporter,
    };
    for (const [subprotocol, codec] of codecs)
      this.#settingsBySubprotocol.set(subprotocol, { ...this.#settings, codec });
    this.#wss = new WebSocketServer({
      noServer: true,
      // The server keeps its own set of connections; ws's would cost a set entry and a 'close'
      // listener per connection.
      clientTracking: false,
      maxPayload: limits.maxMessageBytes,
      // Offered only protocols we do not speak, we still agree to one of them: WebSocket clients
      // fail a handshake that names none (1006, no reason), while this way the connection opens
      // and closes at once with 4406, which tells the client why.
      handleProtocols: (offered) => {
        for (const subprotocol of offered) if (codecs.has(subprotocol)) return subprotocol;
        return offered.values().next().value ?? false;
      },
    });
  }

  /** Live counts of connections, running calls and subscriptions. */
  stats(): ServerStats {
    let calls = 0;
    let subscriptions = 0;
    for (const connection of this.#connections) {
      const counts = connection.countOperations();
      calls += counts.calls;
      subscriptions += counts.subscriptions;
    }
    return { connections: this.#connections.size, calls, subscriptions };
  }

  /**
   * Serves a connection over any transport that implements {@link ServerSocket}: the entry point
   * of adapters for other runtimes.
   */
  accept(socket: ServerSocket, request: IncomingMessage): void {
    if (this.#closing) {
      socket.close(CloseCode.GOING_AWAY, 'Server shutting down');
      return;
    }
    const { handshakes, limits } = this.#settings;
    if (this.#connections.size - handshakes.pending >= limits.maxConnections) {
      socket.close(CloseCode.TRY_AGAIN_LATER, atConnectionLimit);
      return;
    }
    // `handleUpgrade` agreed to a subprotocol we do not speak only to say so with a close code.
    const settings = this.#settingsBySubprotocol.get(socket.protocol);
    if (!settings) {
      const spoken = [...this.#settingsBySubprotocol.keys()].join(', ');
      // Subprotocols are ASCII tokens: 123 characters are the 123 bytes a close reason may have.
      const reason = `Unsupported subprotocol; this server speaks ${spoken}`.slice(0, 123);
      socket.close(CloseCode.UNSUPPORTED_PROTOCOL, reason);
      return;
    }
    const address = request.socket?.remoteAddress ?? '';
    if (!handshakes.take(address)) {
      socket.close(
        CloseCode.TRY_AGAIN_LATER,
        'Too many connections in the handshake; retry-after=1000',
      );
      return;
    }
    // It adds itself to the server's connections, and removes itself once closed.
    new ServerConnection(socket, request, settings, address);
  }

  /**
   * Completes a WebSocket upgrade from any Node HTTP framework's `upgrade` event.
   * @example
   * httpServer.on('upgrade', (req, socket, head) => wirecall.handleUpgrade(req, socket, head));
   */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.#closing) {
      socket.end(
        'HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
      );
      return;
    }
    if (!isOriginAllowed(this.#allowedOrigins, request.headers.origin)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.#wss.handleUpgrade(request, socket, head, (ws) => this.accept(fromWsSocket(ws), request));
  }

  /**
   * Serves WebSocket upgrades on an existing HTTP server (node:http, Express's, Fastify's).
   * Several wirecall servers may share one HTTP server on different paths. Upgrades for other
   * paths are left to other listeners, or refused with 404 when there are none.
   * @throws Error when another wirecall server is attached to the same path of `httpServer`.
   */
  attach(httpServer: HttpServer, options: AttachOptions = {}): void {
    const path = options.path ?? '/';
    let byPath = attachedServers.get(httpServer);
    if (!byPath) {
      const servers = new Map<string, WirecallServer>();
      attachedServers.set(httpServer, servers);
      httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
        const pathname = pathnameOf(request);
        const server = pathname === undefined ? undefined : servers.get(pathname);
        if (server) {
          server.handleUpgrade(request, socket, head);
        } else if (httpServer.listenerCount('upgrade') === 1) {
          socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        }
      });
      byPath = servers;
    }
    if (byPath.has(path)) {
      throw new Error(`A wirecall server is already attached to "${path}" of this HTTP server`);
    }
    byPath.set(path, this);
  }

  /** Starts a standalone HTTP server that serves only WebSocket upgrades. */
  async listen(options: ListenOptions = {}): Promise<ListeningAddress> {
    const host = options.host ?? '127.0.0.1';
    const httpServer = createHttpServer((_request, response) => {
      response.writeHead(426, { 'content-type': 'text/plain', upgrade: 'websocket' });
      response.end('This is a wirecall WebSocket endpoint.\n');
    });
    this.attach(httpServer, options);
    this.#ownedHttpServers.push(httpServer);
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(options.port ?? 0, host, () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
    const address = httpServer.address();
    const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
    const urlHost = host.includes(':') ? `[${host}]` : host;
    return { host, port, url: `ws://${urlHost}:${port}${options.path ?? '/'}` };
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

  async #shutDown({ timeoutMs = 0, retryAfterMs }: CloseOptions): Promise<void> {
    const reason =
      retryAfterMs === undefined
        ? 'Server shutting down'
        : `Server shutting down; retry-after=${Math.max(0, Math.round(retryAfterMs))}`;
    await Promise.all(
      [...this.#connections].map((connection) => connection.drain(timeoutMs, reason)),
    );
    this.#wss.close();
    await Promise.all(
      this.#ownedHttpServers.splice(0).map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    );
  }
}

/**
 * Creates a server for a contract. Every procedure needs a handler; inputs are validated against
 * the contract before a handler runs.
 * @example
 * const server = createServer(api, {
 *   context: ({ params }) => ({ user: authenticate(params) }),
 *   handlers: { greet: ({ name }) => `Hello, ${name}!` },
 * });
 * await server.listen({ port: 8080 });
 */
export function createServer<TContract extends ContractShape, TContext extends object = object>(
  contract: TContract,
  options: ServerOptions<TContract, TContext>,
): WirecallServer {
  if (!isContract(contract))
    throw new TypeError('createServer expects a contract made by defineContract()');
  const routes = resolveRoutes(contract, options.handlers);
  return new WirecallServer(routes, options as unknown as ServerOptions<ContractShape, object>);
}
