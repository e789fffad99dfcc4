import {
  type CallMessage,
  type ClientMessage,
  MAX_TRACESTATE_LENGTH,
  type SubscribeMessage,
  type TraceContext,
} from '@wirecall/core';
import { isTraceparent } from '@wirecall/core/internal';
import type { ConnectionHub } from '../hub/ConnectionHub.js';
import { isOriginAllowed, type OriginPolicy } from '../origin.js';
import type { PubSub } from '../pubsub/pubsub.js';
import { describeRequest } from '../request.js';
import { corsHeaders, preflight } from './cors.js';
import { EventStream } from './EventStream.js';
import { HttpRequestError, httpError } from './httpError.js';
import { type HttpOptions, type HttpSettings, resolveHttpSettings } from './httpOptions.js';
import { HTTP_PROTOCOL, HttpHeader } from './httpWire.js';
import { helloOf, parseMessages, readBody } from './readRequest.js';
import { StreamRelay } from './StreamRelay.js';
import { safeQueryAnswer, safeQueryCall } from './safeQuery.js';
import { serveCalls } from './serveCalls.js';

/** What the runtime knows of a request beyond the WHATWG `Request`. */
export interface HttpRequestInfo {
  /** The peer's IP address. @default undefined */
  readonly remoteAddress?: string | undefined;
  /** The runtime's own request, passed to `context` as `request.raw`. @default the `Request` */
  readonly raw?: unknown;
}

/** What an {@link HttpHandler} knows of the contract and the other instances. */
export interface HttpHandlerDeps {
  /** Whether a path names a query declared `safe: true` (those may be sent as GETs). */
  readonly isSafeQuery?: ((path: string) => boolean) | undefined;
  /**
   * The pub/sub shared with the other instances, if the server was given one: control POSTs for
   * streams held elsewhere go through it ({@link StreamRelay}).
   */
  readonly sharedPubSub?: PubSub | undefined;
}

/** The messages a control POST may carry: those of a running stream's subscriptions. */
const controlTypes = new Set<ClientMessage['type']>([
  'subscribe',
  'unsubscribe',
  'credit',
  'ping',
  'pong',
]);

/**
 * The subscription a GET names in its query (`?subscribe=<path>&input=<JSON>`), resumed after
 * its `Last-Event-ID` header (or `lastEventId` parameter): what a plain `EventSource` opens, and
 * re-opens after a drop with the last id it saw. Undefined for the multiplexed stream.
 * @throws HttpRequestError (400) for an input that is no JSON or a subscription that is invalid.
 */
function singleSubscription(request: Request): SubscribeMessage | undefined {
  const query = new URL(request.url).searchParams;
  const path = query.get('subscribe');
  if (path === null) return undefined;
  const input = query.get('input');
  const lastEventId = request.headers.get('last-event-id') ?? query.get('lastEventId');
  let decoded: unknown;
  try {
    decoded = input === null ? undefined : JSON.parse(input);
  } catch {
    throw new HttpRequestError(400, 'The input parameter must be JSON');
  }
  const [message] = parseMessages(
    JSON.stringify({
      type: 'subscribe',
      id: 1,
      path,
      ...(decoded === undefined ? {} : { input: decoded }),
      ...(lastEventId ? { lastEventId } : {}),
    }),
  );
  return message as SubscribeMessage;
}

/**
 * The calls of a POST, those without trace context of their own given the request's W3C
 * `traceparent` (and `tracestate`) header: what an instrumented `fetch` or a proxy adds. A
 * malformed header is ignored, as the W3C recommendation says, rather than failing the calls.
 */
function withHeaderTrace(calls: readonly CallMessage[], headers: Headers): readonly CallMessage[] {
  const traceparent = headers.get('traceparent');
  if (traceparent === null || !isTraceparent(traceparent)) return calls;
  const tracestate = headers.get('tracestate');
  const trace: TraceContext =
    tracestate !== null && tracestate.length <= MAX_TRACESTATE_LENGTH
      ? { traceparent, tracestate }
      : { traceparent };
  return calls.map((call) => (call.trace === undefined ? { ...call, trace } : call));
}

/**
 * Serves the contract over HTTP (docs/protocol.md, "HTTP and Server-Sent Events"): POSTs of
 * calls, one event stream per client, control POSTs for its subscriptions. Checks origins, the
 * protocol header, content types and sizes, then hands each request to the hub as a connection
 * of its own, so everything after that is the WebSocket's code.
 */
export class HttpHandler {
  readonly #hub: ConnectionHub;
  readonly #origins: OriginPolicy | undefined;
  readonly #settings: HttpSettings;
  readonly #isSafeQuery: (path: string) => boolean;
  readonly #relay: StreamRelay | undefined;
  /** The open streams of this process, by id. */
  readonly #streams = new Map<string, EventStream>();
  /** Open streams by session id, for `maxStreamsPerSession`. */
  readonly #perSession = new Map<string, number>();

  constructor(
    hub: ConnectionHub,
    origins: OriginPolicy | undefined,
    options?: HttpOptions,
    deps: HttpHandlerDeps = {},
  ) {
    this.#hub = hub;
    this.#origins = origins;
    this.#settings = resolveHttpSettings(options);
    this.#isSafeQuery = deps.isSafeQuery ?? (() => false);
    this.#relay =
      deps.sharedPubSub &&
      new StreamRelay(deps.sharedPubSub, ({ stream, session, body }) => {
        const local = this.#streams.get(stream);
        // The same check as for a local control POST: ids alone grant nothing.
        if (local && local.session === session) local.control(body);
      });
  }

  /** Stops hearing other instances' control POSTs (the server is closing). */
  close(): void {
    this.#relay?.close();
  }

  /** Answers one request; never throws (a failure is a typed error response). */
  async fetch(request: Request, info: HttpRequestInfo = {}): Promise<Response> {
    const origin = request.headers.get('origin');
    const host = request.headers.get('host') ?? new URL(request.url).host;
    if (!isOriginAllowed(this.#origins, origin ?? undefined, host)) {
      return httpError(403, 'This origin may not call the server');
    }
    const response = await this.#serve(request, info).catch((error: unknown) =>
      error instanceof HttpRequestError
        ? httpError(error.status, error.message)
        : httpError(500, 'The request could not be served'),
    );
    for (const [name, value] of Object.entries(corsHeaders(this.#settings, origin))) {
      response.headers.set(name, value);
    }
    return response;
  }

  async #serve(request: Request, info: HttpRequestInfo): Promise<Response> {
    if (request.method === 'OPTIONS')
      return preflight(this.#settings, request.headers.get('origin'));
    const query = request.method === 'GET' ? safeQueryCall(request, this.#isSafeQuery) : undefined;
    const single =
      request.method === 'GET' && query === undefined ? singleSubscription(request) : undefined;
    // A plain EventSource cannot send headers: a stream of one subscription is a read, which a
    // cross-site page cannot read without CORS, so it goes without the protocol header; so does
    // a safe query, which by its declaration changes nothing whoever sends it.
    if (
      single === undefined &&
      query === undefined &&
      request.headers.get(HttpHeader.PROTOCOL) !== HTTP_PROTOCOL
    ) {
      throw new HttpRequestError(
        400,
        `A wirecall request needs the header ${HttpHeader.PROTOCOL}: ${HTTP_PROTOCOL}`,
      );
    }
    if (this.#hub.closing) return httpError(503, 'Server shutting down', { 'retry-after': '1' });
    if (query !== undefined) {
      return safeQueryAnswer(await this.#calls(request, info, [query]));
    }
    if (request.method === 'GET') return this.#openStream(request, info, single);
    if (request.method !== 'POST') {
      return httpError(405, 'Use GET for the event stream and POST for messages', {
        allow: 'GET, POST, OPTIONS',
      });
    }
    const type = request.headers.get('content-type') ?? '';
    if (!/^application\/json\s*(;|$)/i.test(type)) {
      throw new HttpRequestError(415, 'A POST must have content-type: application/json');
    }
    const text = await readBody(request, this.#hub.maxMessageBytes);
    const messages = parseMessages(text);
    const streamId = request.headers.get(HttpHeader.STREAM);
    if (streamId !== null) return await this.#control(request, streamId, messages, text);
    return this.#calls(request, info, messages);
  }

  #calls(request: Request, info: HttpRequestInfo, messages: readonly ClientMessage[]) {
    const ids = new Set<number>();
    for (const message of messages) {
      if (message.type !== 'call') {
        throw new HttpRequestError(
          400,
          `"${message.type}" goes to the event stream: send it with the ${HttpHeader.STREAM} header`,
        );
      }
      if (ids.has(message.id))
        throw new HttpRequestError(400, `Call id ${message.id} is sent twice`);
      ids.add(message.id);
    }
    const hello = helloOf(request.headers);
    return serveCalls(
      this.#hub,
      this.#describe(request, info),
      hello,
      withHeaderTrace(messages as readonly CallMessage[], request.headers),
      request.signal,
      this.#settings.maxDurationMs,
    );
  }

  async #control(
    request: Request,
    streamId: string,
    messages: readonly ClientMessage[],
    text: string,
  ): Promise<Response> {
    for (const message of messages) {
      if (!controlTypes.has(message.type)) {
        throw new HttpRequestError(400, `"${message.type}" cannot be sent on a stream`);
      }
    }
    const session = request.headers.get(HttpHeader.SESSION) ?? undefined;
    const stream = this.#streams.get(streamId);
    // Another session's stream is as unknown as an ended one: ids alone grant nothing.
    if (stream && stream.session === session) {
      stream.control(text);
      return new Response(null, { status: 202 });
    }
    // Held by another instance: passed on through the shared pub/sub (its instance checks the
    // session). A store that cannot take it answers 503, and the client reopens its stream.
    const forwarded = await this.#relay?.forward(streamId, session, text).catch(() => undefined);
    if (forwarded === undefined && this.#relay) {
      return httpError(503, 'The stream could not be reached', { 'retry-after': '1' });
    }
    if (forwarded) return new Response(null, { status: 202 });
    return httpError(404, 'No such stream (it ended, or is on another server)');
  }

  async #openStream(
    request: Request,
    info: HttpRequestInfo,
    single: SubscribeMessage | undefined,
  ): Promise<Response> {
    if (!(request.headers.get('accept') ?? '').includes('text/event-stream')) {
      throw new HttpRequestError(
        400,
        'A GET opens the event stream: send accept: text/event-stream',
      );
    }
    const hello = helloOf(request.headers);
    const { session } = hello;
    const { maxStreamsPerSession, pingIntervalMs, maxDurationMs, highWaterMark } = this.#settings;
    // Reachable from the other instances before the client learns the stream's id. A store that
    // is down leaves the stream local: control POSTs elsewhere then answer 503 and it reopens.
    await this.#relay?.listen().catch(() => {});
    if (session !== undefined && (this.#perSession.get(session) ?? 0) >= maxStreamsPerSession) {
      return httpError(429, `More than ${maxStreamsPerSession} streams open for one session`);
    }
    const id = this.#relay?.streamId() ?? globalThis.crypto.randomUUID();
    const stream = new EventStream({
      id,
      session,
      pingMs: pingIntervalMs,
      maxDurationMs,
      highWaterMark,
      onEnd: () => {
        this.#streams.delete(id);
        if (session === undefined) return;
        const left = (this.#perSession.get(session) ?? 1) - 1;
        if (left > 0) this.#perSession.set(session, left);
        else this.#perSession.delete(session);
      },
    });
    this.#streams.set(id, stream);
    if (session !== undefined)
      this.#perSession.set(session, (this.#perSession.get(session) ?? 0) + 1);
    return stream.open(this.#hub, this.#describe(request, info), hello, single);
  }

  #describe(request: Request, info: HttpRequestInfo) {
    return describeRequest({
      url: request.url,
      headers: request.headers,
      remoteAddress: info.remoteAddress,
      raw: info.raw ?? request,
    });
  }
}
