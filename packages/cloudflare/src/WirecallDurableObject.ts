import { CloseCode, type Frame, jsonCodec, type PresenceDefinition } from '@wirecall/core';
import type { CloseOptions, ServerPresence, ServerStats } from '@wirecall/server';
import { describeRequest, isOriginAllowed } from '@wirecall/server/internal';
import { type ConnectionAttachment, readAttachment } from './connectionAttachment.js';
import type { DurableServer } from './durableServer.js';
import { HibernatingSocket } from './HibernatingSocket.js';
import { createIncarnation, type Incarnation } from './incarnation.js';
import { isInternalRequest, serveInternalPublish } from './internalPublish.js';
import {
  type DurableObjectContext,
  type HibernatableWebSocket,
  workersGlobals,
} from './workersTypes.js';

/** The client's ping and the server's pong on `wirecall.v1`, byte for byte (see `jsonCodec`). */
const PING_FRAME = jsonCodec.encode({ type: 'ping' }) as string;
const PONG_FRAME = jsonCodec.encode({ type: 'pong' }) as string;

const encoder = new TextEncoder();

/**
 * A Durable Object that serves a wirecall contract over hibernatable WebSockets and over HTTP
 * and Server-Sent Events. Extend it, return your server from {@link createServer}, export the
 * class and bind it in `wrangler.jsonc`.
 *
 * Each socket's state (its request's kept headers, connection params, session and every running
 * subscription with its cursor and credit) lives in the socket's attachment, the only per-socket
 * memory that survives hibernation. Every entry point (`fetch`, `webSocketMessage`,
 * `webSocketClose`, `webSocketError`, `alarm`) first makes sure the server of this incarnation
 * exists, rebuilding each connection from its attachment after a wake-up (its `context` runs
 * again, its subscriptions restart from their cursors), before it handles anything. Nothing
 * keeps a timer: the client's pings are answered by the runtime (`setWebSocketAutoResponse`)
 * without waking the object, so an idle object hibernates.
 * @example
 * export class ChatRoom extends WirecallDurableObject<Env> {
 *   createServer() {
 *     return durableServer(chat, { handlers });
 *   }
 * }
 */
export abstract class WirecallDurableObject<TEnv = unknown> {
  /** The object's state: storage, sockets, id. */
  protected readonly ctx: DurableObjectContext;
  /** The Worker's bindings. */
  protected readonly env: TEnv;
  #ready: Promise<Incarnation> | undefined;
  readonly #sockets = new Map<HibernatableWebSocket, HibernatingSocket>();

  constructor(ctx: DurableObjectContext, env: TEnv) {
    this.ctx = ctx;
    this.env = env;
    const { WebSocketRequestResponsePair } = workersGlobals();
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING_FRAME, PONG_FRAME));
  }

  /**
   * The server this object runs, made with {@link durableServer}. Called once per incarnation
   * (after every wake-up), before the first event is handled: `this.env` and `this.ctx` are set.
   */
  protected abstract createServer(): DurableServer;

  /** Serves WebSocket upgrades, the HTTP transport (calls, SSE) and internal publishes. */
  async fetch(request: Request): Promise<Response> {
    const incarnation = await this.#init();
    if (isInternalRequest(request)) return serveInternalPublish(incarnation.hub.pubsub, request);
    if (request.headers.get('upgrade')?.toLowerCase() === 'websocket') {
      return this.#upgrade(incarnation, request);
    }
    return incarnation.http.fetch(request, { remoteAddress: remoteAddressOf(request) });
  }

  /** A message on a hibernatable socket: the object may just have woken up for it. */
  async webSocketMessage(ws: HibernatableWebSocket, message: string | ArrayBuffer): Promise<void> {
    const { hub } = await this.#init();
    const socket = this.#sockets.get(ws);
    if (!socket) return;
    const size =
      typeof message === 'string' ? encoder.encode(message).byteLength : message.byteLength;
    if (size > hub.maxMessageBytes) {
      socket.close(CloseCode.MESSAGE_TOO_BIG, 'Message too big');
      socket.closed(CloseCode.MESSAGE_TOO_BIG, 'Message too big');
      this.#sockets.delete(ws);
      return;
    }
    const frame: Frame = typeof message === 'string' ? message : new Uint8Array(message);
    socket.receive(frame);
  }

  /** A socket closed. */
  async webSocketClose(
    ws: HibernatableWebSocket,
    code: number,
    reason: string,
    _wasClean?: boolean,
  ): Promise<void> {
    await this.#init();
    this.#forget(ws, code, reason);
    try {
      // Completes the closing handshake; 1005 and 1006 cannot be sent.
      ws.close(code === 1005 || code === 1006 ? CloseCode.NORMAL : code, reason);
    } catch {
      // Closed already.
    }
  }

  /** A socket failed. */
  async webSocketError(ws: HibernatableWebSocket, _error: unknown): Promise<void> {
    await this.#init();
    this.#forget(ws, CloseCode.ABNORMAL, 'WebSocket error');
  }

  /**
   * The object's alarm: initialises the object like every other entry point, then runs
   * {@link onAlarm}. Override `onAlarm`, not this, for alarms of your own.
   */
  async alarm(): Promise<void> {
    await this.#init();
    await this.onAlarm();
  }

  /** Runs when the object's alarm fires, after it is initialised. Does nothing by default. */
  protected onAlarm(): void | Promise<void> {}

  /**
   * Publishes an event to a topic of this object's pub/sub (the handlers' `ctx.pubsub`): every
   * subscription of it on every socket of this object gets it. Resolves with the event's id.
   */
  async publish(topic: string, event: unknown): Promise<string> {
    const { hub } = await this.#init();
    return hub.pubsub.publish(topic, event);
  }

  /**
   * Server code's view of a presence of the contract in this object: a room's members (as this
   * incarnation has them: presence lives in the object's memory) and publishing to them.
   * @throws TypeError when `procedure` is not a presence of this object's contract.
   */
  async presence<TProcedure extends PresenceDefinition>(
    procedure: TProcedure,
  ): Promise<ServerPresence<TProcedure>> {
    const { hub } = await this.#init();
    return hub.presence(procedure);
  }

  /** Live counts of this incarnation's connections, running calls and subscriptions. */
  async stats(): Promise<ServerStats> {
    const { hub } = await this.#init();
    return hub.stats();
  }

  /**
   * Closes every connection gracefully, as a deploy would: running calls get `timeoutMs` to
   * finish, then sockets close with 1001 and clients reconnect (and resume) on their own. The
   * object refuses connections until it is evicted.
   */
  async close(options: CloseOptions = {}): Promise<void> {
    const { hub } = await this.#init();
    await hub.close(options);
  }

  /** The server of this incarnation, made at the first entry point and rebuilt after waking. */
  #init(): Promise<Incarnation> {
    this.#ready ??= this.ctx.blockConcurrencyWhile(() => this.#start());
    return this.#ready;
  }

  async #start(): Promise<Incarnation> {
    const incarnation = createIncarnation(this.createServer(), this.ctx.storage);
    // Every socket that survived hibernation gets its connection back before any event runs.
    const restores: Promise<void>[] = [];
    for (const ws of this.ctx.getWebSockets()) {
      const attachment = readAttachment(ws.deserializeAttachment());
      if (!attachment) {
        try {
          ws.close(CloseCode.INTERNAL_ERROR, 'Connection state lost');
        } catch {
          // Closed already.
        }
        continue;
      }
      const socket = this.#serve(incarnation, ws, attachment);
      if (socket) restores.push(socket.restore());
    }
    await Promise.all(restores);
    return incarnation;
  }

  /** Hands a socket to the hub, which serves or refuses it. */
  #serve(
    incarnation: Incarnation,
    ws: HibernatableWebSocket,
    attachment: ConnectionAttachment,
  ): HibernatingSocket | undefined {
    const codec = incarnation.hub.codecFor(attachment.protocol) ?? jsonCodec;
    const socket = new HibernatingSocket(ws, attachment, codec, incarnation.maxAttachmentBytes);
    this.#sockets.set(ws, socket);
    const { request } = attachment;
    incarnation.hub.accept(
      socket,
      describeRequest({
        url: request.url,
        headers: request.headers,
        remoteAddress: request.remoteAddress,
      }),
    );
    return socket;
  }

  #upgrade(incarnation: Incarnation, request: Request): Response {
    const { hub, server } = incarnation;
    if (hub.closing) return new Response('Server shutting down', { status: 503 });
    const origin = request.headers.get('origin') ?? undefined;
    const host = request.headers.get('host') ?? new URL(request.url).host;
    if (!isOriginAllowed(server.options.allowedOrigins, origin, host)) {
      return new Response('Forbidden', { status: 403 });
    }
    const offered = (request.headers.get('sec-websocket-protocol') ?? '')
      .split(',')
      .map((each) => each.trim())
      .filter((each) => each.length > 0);
    const protocol = hub.chooseSubprotocol(offered);
    const { WebSocketPair } = workersGlobals();
    const pair = new WebSocketPair();
    const ws = pair[1];
    this.ctx.acceptWebSocket(ws);
    const headers: Record<string, string> = {};
    for (const name of incarnation.headers) {
      const value = request.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    const remoteAddress = remoteAddressOf(request);
    const attachment: ConnectionAttachment = {
      v: 1,
      protocol: protocol === false ? '' : protocol,
      request: { url: request.url, headers, ...(remoteAddress ? { remoteAddress } : {}) },
      subs: {},
    };
    this.#serve(incarnation, ws, attachment)?.persist();
    return new Response(null, {
      status: 101,
      webSocket: pair[0],
      ...(protocol === false ? {} : { headers: { 'sec-websocket-protocol': protocol } }),
    } as ResponseInit);
  }

  #forget(ws: HibernatableWebSocket, code: number, reason: string): void {
    const socket = this.#sockets.get(ws);
    this.#sockets.delete(ws);
    socket?.closed(code, reason);
  }
}

/** The client's address as Cloudflare tells it. */
function remoteAddressOf(request: Request): string | undefined {
  return request.headers.get('cf-connecting-ip') ?? undefined;
}
