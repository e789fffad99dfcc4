import type { CallMessage, ClientMessage, SubscribeMessage } from '@wirecall/core';
import type { ConnectionHub } from '../hub/ConnectionHub.js';
import { isOriginAllowed, type OriginPolicy } from '../origin.js';
import { describeRequest } from '../request.js';
import { corsHeaders, preflight } from './cors.js';
import { EventStream } from './EventStream.js';
import { HttpRequestError, httpError } from './httpError.js';
import { type HttpOptions, type HttpSettings, resolveHttpSettings } from './httpOptions.js';
import { HTTP_PROTOCOL, HttpHeader } from './httpWire.js';
import { helloOf, parseMessages, readBody } from './readRequest.js';
import { serveCalls } from './serveCalls.js';

/** What the runtime knows of a request beyond the WHATWG `Request`. */
export interface HttpRequestInfo {
  /** The peer's IP address. @default undefined */
  readonly remoteAddress?: string | undefined;
  /** The runtime's own request, passed to `context` as `request.raw`. @default the `Request` */
  readonly raw?: unknown;
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
 * Serves the contract over HTTP (docs/protocol.md, "HTTP and Server-Sent Events"): POSTs of
 * calls, one event stream per client, control POSTs for its subscriptions. Checks origins, the
 * protocol header, content types and sizes, then hands each request to the hub as a connection
 * of its own, so everything after that is the WebSocket's code.
 */
export class HttpHandler {
  readonly #hub: ConnectionHub;
  readonly #origins: OriginPolicy | undefined;
  readonly #settings: HttpSettings;
  /** The open streams of this process, by id. */
  readonly #streams = new Map<string, EventStream>();
  /** Open streams by session id, for `maxStreamsPerSession`. */
  readonly #perSession = new Map<string, number>();

  constructor(hub: ConnectionHub, origins: OriginPolicy | undefined, options?: HttpOptions) {
    this.#hub = hub;
    this.#origins = origins;
    this.#settings = resolveHttpSettings(options);
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
    const single = request.method === 'GET' ? singleSubscription(request) : undefined;
    // A plain EventSource cannot send headers: a stream of one subscription is a read, which a
    // cross-site page cannot read without CORS, so it goes without the protocol header.
    if (single === undefined && request.headers.get(HttpHeader.PROTOCOL) !== HTTP_PROTOCOL) {
      throw new HttpRequestError(
        400,
        `A wirecall request needs the header ${HttpHeader.PROTOCOL}: ${HTTP_PROTOCOL}`,
      );
    }
    if (this.#hub.closing) return httpError(503, 'Server shutting down', { 'retry-after': '1' });
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
    if (streamId !== null) return this.#control(request, streamId, messages, text);
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
      messages as readonly CallMessage[],
      request.signal,
    );
  }

  #control(
    request: Request,
    streamId: string,
    messages: readonly ClientMessage[],
    text: string,
  ): Response {
    const stream = this.#streams.get(streamId);
    // Another session's stream is as unknown as an ended one: ids alone grant nothing.
    if (!stream || stream.session !== (request.headers.get(HttpHeader.SESSION) ?? undefined)) {
      return httpError(404, 'No such stream (it ended, or is on another server)');
    }
    for (const message of messages) {
      if (!controlTypes.has(message.type)) {
        throw new HttpRequestError(400, `"${message.type}" cannot be sent on a stream`);
      }
    }
    stream.control(text);
    return new Response(null, { status: 202 });
  }

  #openStream(
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
    if (session !== undefined && (this.#perSession.get(session) ?? 0) >= maxStreamsPerSession) {
      return Promise.resolve(
        httpError(429, `More than ${maxStreamsPerSession} streams open for one session`),
      );
    }
    const id = globalThis.crypto.randomUUID();
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
