import {
  type Codec,
  type ContractShape,
  DEFAULT_HIGH_WATER_MARK,
  getProcedures,
  isContract,
  jsonCodec,
} from '@wirecall/core';
import { defaultWebSocket } from './connection/defaultWebSocket.js';
import type { HeartbeatOptions } from './connection/heartbeat.js';
import { browserLifecycleSource, type LifecycleSource } from './connection/lifecycleEvents.js';
import { createRetryPolicy, type RetryOption } from './connection/reconnect.js';
import { systemTimers, type Timers } from './connection/timers.js';
import type { WebSocketConstructor } from './connection/webSocketLike.js';
import type { ClientHandles } from './handles.js';
import { createWatch } from './live/watchQuery.js';
import { bindHandle } from './observers/handleClient.js';
import type { CallOptions } from './operations/PendingCall.js';
import type { SubscribeOptions } from './operations/Subscription.js';
import { PresenceRoom } from './presence/PresenceRoom.js';
import { createSessionId } from './sessionId.js';
import type { FetchFunction } from './transports/HttpCalls.js';
import { socketConstructor } from './transports/socketConstructor.js';
import { isClientUrl, type TransportName } from './transports/transportUrls.js';
import { runtimeOf, WirecallClient } from './WirecallClient.js';

/** Options of {@link createClient}. */
export interface ClientOptions {
  /**
   * The server's URL: `ws(s)://` or `http(s)://`, one serves both (the client derives the other
   * for the transport it uses); a list to fail over between servers (each attempt takes the
   * next); or a function called before every attempt (fresh tokens, sticky routing).
   */
  url: string | readonly string[] | (() => string | PromiseLike<string>);
  /**
   * WebSocket implementation.
   * @default the `ws` package in Node; the runtime's own `WebSocket` in browsers, Bun, Deno and Workers
   */
  WebSocket?: WebSocketConstructor;
  /**
   * How to reach the server: `websocket`; `http` (calls as POSTs, subscriptions over one
   * Server-Sent Events stream, for hosts and proxies without WebSockets); or `auto`, a WebSocket
   * first and HTTP when the upgrade fails while first connecting, back to the WebSocket when it
   * works again. Everything (resume, exactly-once mutations, timeouts) works the same on each.
   * @default 'auto', or 'websocket' when a `WebSocket` implementation is given
   */
  transport?: TransportName;
  /**
   * The fetch function the HTTP transport uses: pass `server.fetch` (wrapped) to route calls
   * straight into a server in tests and edge hosts. @default globalThis.fetch
   */
  fetch?: FetchFunction;
  /**
   * Connection params sent in the first message (not the URL, which ends up in logs), or a
   * function (possibly async) called for every new connection, e.g. to fetch a fresh token.
   */
  params?: unknown;
  /** Default timeout of every call, in milliseconds; `Infinity` waits forever. @default 30_000 */
  timeoutMs?: number;
  /** Milliseconds the server has to accept a new connection. @default 10_000 */
  handshakeTimeoutMs?: number;
  /**
   * Reconnection after a drop: backoff options, a function of the attempt returning a delay or
   * `false`, or `false` to never reconnect.
   * @default exponential backoff with full jitter: up to 1 s, doubling, at most 30 s, forever
   */
  retry?: RetryOption;
  /**
   * Pings that detect a dead connection, or `false` for none.
   * @default { intervalMs: 10_000, timeoutMs: 5_000 }
   */
  heartbeat?: HeartbeatOptions | false;
  /** Connect on first use instead of at once, and disconnect after `idleTimeoutMs` with nothing running. @default false */
  lazy?: boolean;
  /** With `lazy`, milliseconds without calls or subscriptions before disconnecting. @default 30_000 */
  idleTimeoutMs?: number;
  /** Whether calls made while disconnected wait for the connection (else reject with `OFFLINE`). @default true */
  waitForConnection?: boolean;
  /**
   * Calls queued or in flight at once; more wait for room (at most this many more, each holding
   * its input, not an encoded frame) or reject with `BACKPRESSURE`, as `whenQueueFull` says.
   * @default 10_000
   */
  maxPendingCalls?: number;
  /** Bytes of encoded calls queued or in flight at once (see `maxPendingCalls`). @default 16_777_216 */
  maxPendingBytes?: number;
  /**
   * What a call does when the queue is full: `wait` for room (under its timeout and signal; at
   * most `maxPendingCalls` calls wait, more reject) or `fail` at once with `BACKPRESSURE`, whose
   * `data.retryAfterMs` hints when to try again. @default 'wait'
   */
  whenQueueFull?: 'wait' | 'fail';
  /**
   * Bytes encoded and not yet written (the socket's buffer and the batch being made) that the
   * client allows: a frame goes out only while it fits under this, so even one synchronous burst
   * of calls holds no more than this in frames; the rest wait as their input until the socket
   * drains. A single larger message still goes, alone.
   * @default 1_048_576
   */
  highWaterMark?: number;
  /** Message codec; must match the server's. @default jsonCodec */
  codec?: Codec;
  /** Browser connectivity and visibility signals. @default window and document in browsers, none elsewhere */
  lifecycle?: LifecycleSource | false;
  /** Timer functions, for tests that drive time by hand. @default the global timers */
  timers?: Timers;
}

/** The paths of the contract's queries declared `safe: true`: the HTTP transport GETs them. */
function safeQueriesOf(contract: ContractShape): ReadonlySet<string> {
  const paths = new Set<string>();
  for (const [path, procedure] of getProcedures(contract)) {
    if (procedure.kind === 'query' && procedure.safe === true) paths.add(path);
  }
  return paths;
}

/** A typed client: the contract's procedures as handles, plus the connection's controls. */
export type Client<TContract extends ContractShape> = WirecallClient & ClientHandles<TContract>;

/**
 * Creates a typed client for a contract and starts connecting (unless `lazy`). Every call and
 * subscription is multiplexed over one WebSocket, which reconnects by itself after drops:
 * subscriptions resume and calls are re-sent (mutations at most once).
 * @example
 * const client = createClient(api, { url: 'ws://localhost:8080' });
 * const greeting = await client.greet({ name: 'Ada' });
 */
export function createClient<TContract extends ContractShape>(
  contract: TContract,
  options: ClientOptions,
): Client<TContract> {
  if (!isContract(contract))
    throw new TypeError('createClient expects a contract made by defineContract()');
  const { params } = options;
  const heartbeat =
    options.heartbeat === false ? { intervalMs: 0, timeoutMs: 0 } : options.heartbeat;
  const client = new WirecallClient({
    url: urlSource(options.url),
    WebSocket: socketConstructor(
      options.transport ?? (options.WebSocket ? 'websocket' : 'auto'),
      options.WebSocket ?? defaultWebSocket(),
      options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      safeQueriesOf(contract),
    ),
    codec: options.codec ?? jsonCodec,
    params: typeof params === 'function' ? (params as () => unknown) : () => params,
    session: createSessionId(),
    timeoutMs: options.timeoutMs ?? 30_000,
    handshakeTimeoutMs: options.handshakeTimeoutMs ?? 10_000,
    retry: createRetryPolicy(options.retry),
    heartbeat: {
      intervalMs: heartbeat?.intervalMs ?? 10_000,
      timeoutMs: heartbeat?.timeoutMs ?? 5_000,
    },
    lifecycle:
      options.lifecycle === false ? undefined : (options.lifecycle ?? browserLifecycleSource()),
    timers: options.timers ?? systemTimers,
    lazy: options.lazy ?? false,
    idleTimeoutMs: options.idleTimeoutMs ?? 30_000,
    waitForConnection: options.waitForConnection ?? true,
    maxPendingCalls: options.maxPendingCalls ?? 10_000,
    maxPendingBytes: options.maxPendingBytes ?? 16_777_216,
    whenQueueFull: options.whenQueueFull ?? 'wait',
    highWaterMark: options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK,
  });
  const runtime = runtimeOf(client);
  for (const [path, procedure] of getProcedures(contract)) {
    const names = path.split('.');
    const leaf = names.pop() as string;
    let namespace: Record<string, unknown> = client as unknown as Record<string, unknown>;
    for (const name of names) {
      if (!Object.hasOwn(namespace, name)) {
        assertFree(namespace, name, path);
        namespace[name] = {};
      }
      namespace = namespace[name] as Record<string, unknown>;
    }
    assertFree(namespace, leaf, path);
    const handle =
      procedure.kind === 'presence'
        ? {
            join: (input: unknown, state: unknown) => new PresenceRoom(runtime, path, input, state),
          }
        : procedure.kind === 'subscription'
          ? {
              subscribe: (input?: unknown, subscribeOptions?: SubscribeOptions<unknown>) =>
                runtime.subscribe(path, input, subscribeOptions, procedure.flow),
            }
          : procedure.kind === 'mutation'
            ? (input?: unknown, callOptions?: CallOptions) =>
                runtime.call(path, input, { ...callOptions, mutation: true })
            : Object.assign(
                (input?: unknown, callOptions?: CallOptions) =>
                  runtime.call(path, input, callOptions),
                { watch: createWatch(runtime, path) },
              );
    Object.defineProperties(handle, {
      path: { value: path, enumerable: true },
      procedure: { value: procedure, enumerable: true },
    });
    bindHandle(handle, client);
    namespace[leaf] = handle;
  }
  return client as Client<TContract>;
}

function assertUrl(url: unknown): string {
  if (!isClientUrl(url)) {
    throw new TypeError(
      `wirecall client URLs must start with ws://, wss://, http:// or https:// (got ${JSON.stringify(url)})`,
    );
  }
  return url;
}

/** Turns the `url` option into a function called before every attempt. */
function urlSource(url: ClientOptions['url']): () => string | Promise<string> {
  if (typeof url === 'function') return async () => assertUrl(await url());
  if (Array.isArray(url)) {
    if (url.length === 0) throw new TypeError('createClient needs at least one URL');
    const urls = url.map(assertUrl);
    let next = 0;
    return () => urls[next++ % urls.length] as string;
  }
  const single = assertUrl(url);
  return () => single;
}

function assertFree(namespace: object, name: string, path: string): void {
  if (name in namespace) {
    throw new TypeError(
      `Contract name "${name}" (in "${path}") collides with the client's own "${name}"; nest it in a namespace`,
    );
  }
}
