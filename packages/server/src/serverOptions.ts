import type { Codec, ContractShape } from '@wirecall/core';
import type { ConnectionInit } from './connection/connectionSettings.js';
import type { ServerHeartbeatOptions } from './connection/serverHeartbeat.js';
import type { DedupeStore } from './dedupe/dedupeStore.js';
import type { ErrorReporter } from './errorBoundary.js';
import type { Handlers } from './handlers.js';
import type { HttpOptions } from './http/httpOptions.js';
import type { Logger } from './logger.js';
import type { MiddlewareEntry } from './middleware/middleware.js';
import type { OriginPolicy } from './origin.js';
import type { PresenceOptions } from './presence/presenceOptions.js';
import type { PresenceStore } from './presence/presenceStore.js';
import type { PubSub } from './pubsub/pubsub.js';
import type { ConnectionRequest } from './request.js';
import type { ServerTelemetry } from './telemetry/ServerTelemetry.js';

/** Options of {@link createServer}. */
export interface ServerOptions<
  TContract extends ContractShape,
  TContext extends object,
  TMiddleware extends readonly MiddlewareEntry[] = readonly [],
> {
  /**
   * One handler per procedure, in the contract's namespaces; each sees in `ctx` the context that
   * the middleware applying to it added.
   */
  handlers: NoInfer<Handlers<TContract, TContext, TMiddleware>>;
  /**
   * Middleware run, in this order, before the handler of every call and subscription start:
   * made by `middleware()`, or `scoped(path, …)` for one procedure or namespace. Each sees the
   * validated input and may add to `ctx`, refuse with an `RpcError` or run code after the handler.
   * @default []
   * @example
   * middleware: [auth, scoped('chat.send', rateLimit({ limit: 5, windowMs: 1_000 }))]
   */
  middleware?: TMiddleware;
  /**
   * Builds a connection's context from the request that opened it (a {@link ConnectionRequest}:
   * URL, headers, remote address; under Node `request.raw` is the `IncomingMessage`) and the
   * params of its `hello`; every handler of the connection sees it in `ctx`. Throw `new RpcError('UNAUTHORIZED')` to refuse
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
   * Frames a connection may send per second (with bursts of 20 ms' worth), counted before they are
   * decoded; a connection flooding past it is closed with 4430 (too many frames). @default 100_000
   */
  maxFramesPerSecond?: number;
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
   * Browser origins allowed to connect, over WebSocket and HTTP alike (an `Origin` header that
   * fails is refused with HTTP 403). Requests without `Origin` are not from browsers and always
   * pass.
   * @default origins on the request's own host (its `Host` header), and loopback origins
   * (`localhost`, `127.0.0.1`, `[::1]`) for local development
   */
  allowedOrigins?: OriginPolicy;
  /** Check outputs and events against the contract before sending (strips unknown keys). @default true */
  validateOutput?: boolean;
  /** Where unexpected errors are reported; clients only ever see `INTERNAL`. @default console.error (none with a `logger`) */
  onError?: ErrorReporter;
  /**
   * A pino-shaped logger (`error` and `warn` taking `(fields, message)`): handler failures and
   * other unexpected errors go to `error` (`{ err, path }`), connections closed for protocol
   * violations (4400, 4409, 4430) to `warn`, failed connections (4500) to `error`. With a logger
   * and no `onError`, nothing is printed to stderr.
   * @default silent
   * @example
   * logger: pino()
   */
  logger?: Logger;
  /**
   * Tracing and metrics: a span per call and subscription (a child of the client's span when its
   * call frame carries trace context), counts of calls, connections, subscriptions, dropped events
   * and rate-limit refusals. See docs/observability.md.
   * @default none: nothing is measured
   * @example
   * import { opentelemetry } from '@wirecall/server/opentelemetry';
   * createServer(api, { handlers, telemetry: opentelemetry() });
   */
  telemetry?: ServerTelemetry;
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
   * @default memoryDedupeStore() (100 000 outcomes, 64 MiB, 2 MiB per client, 5 minutes each)
   */
  dedupe?: DedupeStore;
  /**
   * Where presence rooms are kept, and their limits: a store (`redisPresence()` from
   * `@wirecall/redis` across instances), or {@link PresenceOptions} with one.
   * @default memoryPresence() (this process only), with the defaults of {@link PresenceOptions}
   */
  presence?: PresenceStore | PresenceOptions;
  /**
   * Who a connection's user is, derived from the context your `context` option built (a user id,
   * say): the server scopes mutations' idempotency records by it besides the client-chosen
   * session id, so another user who sends the same session id and key is never answered with
   * this user's outcome. Return undefined for anonymous connections. Set it whenever connections
   * authenticate. Called once per connection, after `context`.
   * @default none: records are scoped by session id only
   * @example
   * identity: (ctx) => ctx.user.id
   */
  identity?: (context: NoInfer<TContext>) => string | undefined;
  /**
   * Pings clients that fall silent and drops those that do not answer (close code 4410),
   * freeing their subscriptions; `false` for none.
   * @default { intervalMs: 30_000, timeoutMs: 10_000 }
   */
  heartbeat?: ServerHeartbeatOptions | false;
  /**
   * Calls and subscriptions over plain HTTP and Server-Sent Events (`server.fetch`, and the
   * non-upgrade requests `listen` and `attach` serve): limits and CORS.
   * @default {} (see {@link HttpOptions})
   */
  http?: HttpOptions;
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
  /**
   * The most events one subscription holds at the server, waiting for its client's credit or
   * for its socket to drain: how far the slowest subscriber lags. Counted for subscriptions fed
   * straight from an in-process pub/sub (a handler that returns `ctx.pubsub.subscribe(topic)` as it
   * is, on a pub/sub with `listen` such as `memoryPubSub`); others, and a handler's own
   * `ctx.queue()`, are not counted.
   */
  readonly backlog: number;
}
