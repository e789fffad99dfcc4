import {
  CloseCode,
  type HelloMessage,
  type ServerMessage,
  type SubscribeMessage,
} from '@wirecall/core';
import type { ConnectionHub } from '../hub/ConnectionHub.js';
import type { ConnectionRequest } from '../request.js';
import { HttpSocket } from './HttpSocket.js';
import { httpError } from './httpError.js';
import { HTTP_PROTOCOL, statusForClose } from './httpWire.js';

/** How an {@link EventStream} runs. */
export interface EventStreamOptions {
  readonly id: string;
  readonly session: string | undefined;
  readonly pingMs: number;
  /** Milliseconds after which the stream ends (the client resumes on a new one); 0 for never. */
  readonly maxDurationMs: number;
  /** Bytes the response may hold unread before the connection core is asked to wait. */
  readonly highWaterMark: number;
  /** The stream ended, for whatever cause. */
  readonly onEnd: () => void;
}

const encoder = new TextEncoder();

/** An SSE `id` must hold no line break or NUL; cursors that do are sent without one. */
const unsafeId = /[\r\n\0]/;

/**
 * One client's `text/event-stream`: a connection in the hub whose every message (the welcome,
 * all its subscriptions' events) is an SSE event, controlled by the messages of control POSTs.
 * The body is pulled: while the client reads slowly, sends wait, so the subscriptions' overflow
 * policies apply as over a WebSocket.
 */
export class EventStream {
  readonly id: string;
  readonly session: string | undefined;
  readonly #options: EventStreamOptions;
  readonly #socket: HttpSocket;
  #body: ReadableStreamDefaultController<Uint8Array> | undefined;
  #waiting: (() => void) | undefined;
  #ping: ReturnType<typeof setInterval> | undefined;
  #deadline: ReturnType<typeof setTimeout> | undefined;
  #ended = false;

  constructor(options: EventStreamOptions) {
    this.id = options.id;
    this.session = options.session;
    this.#options = options;
    this.#socket = new HttpSocket(HTTP_PROTOCOL, {
      send: (frame) => this.#send(frame),
      close: (code, reason) => this.#close(code, reason),
    });
  }

  /**
   * Opens the stream's connection: resolves with the SSE response once the context accepted the
   * request, or with the error that refused it.
   */
  open(
    hub: ConnectionHub,
    request: ConnectionRequest,
    hello: HelloMessage,
    subscribe?: SubscribeMessage,
  ): Promise<Response> {
    return new Promise((resolve) => {
      this.#respond = resolve;
      this.#subscribe = subscribe;
      hub.accept(this.#socket, request);
      this.#socket.deliver(JSON.stringify(hello));
    });
  }

  /** Hands the messages of a control POST to the connection, in order. */
  control(body: string): void {
    this.#socket.deliver(body);
  }

  #respond: ((response: Response) => void) | undefined;
  #subscribe: SubscribeMessage | undefined;

  #send(frame: string): void | Promise<void> {
    if (this.#respond) {
      const message = JSON.parse(frame) as ServerMessage;
      if (message.type !== 'welcome') return;
      const respond = this.#respond;
      this.#respond = undefined;
      respond(this.#start(frame));
      // A stream opened for one subscription (a plain EventSource) starts it at once.
      if (this.#subscribe) this.#socket.deliver(JSON.stringify(this.#subscribe));
      return;
    }
    const message = JSON.parse(frame) as ServerMessage;
    const id =
      message.type === 'event' && message.eventId !== undefined && !unsafeId.test(message.eventId)
        ? `id: ${message.eventId}\n`
        : '';
    return this.#write(`${id}data: ${frame}\n\n`);
  }

  #start(welcome: string): Response {
    const { pingMs, maxDurationMs, highWaterMark } = this.#options;
    const body = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.#body = controller;
        },
        pull: () => {
          const waiting = this.#waiting;
          this.#waiting = undefined;
          waiting?.();
        },
        cancel: () => this.#end(CloseCode.ABNORMAL, 'Stream cancelled', false),
      },
      new ByteLengthQueuingStrategy({ highWaterMark }),
    );
    const open = { stream: this.id, pingMs, maxDurationMs: maxDurationMs || null };
    void this.#write(`event: open\ndata: ${JSON.stringify(open)}\n\n`);
    void this.#write(`data: ${welcome}\n\n`);
    this.#ping = setInterval(() => void this.#write('event: ping\ndata:\n\n'), pingMs);
    if (maxDurationMs > 0) {
      // Ends the response even while every subscription waits for events: serverless hosts
      // kill a function at their limit, and a clean end lets the client resume at once.
      this.#deadline = setTimeout(
        () => this.#end(CloseCode.GOING_AWAY, 'maxDurationMs reached', true),
        maxDurationMs,
      );
    }
    return new Response(body, {
      status: 200,
      headers: {
        'content-type': 'text/event-stream',
        // Proxies and compression middleware must pass events on as they come.
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
      },
    });
  }

  #write(text: string): void | Promise<void> {
    const body = this.#body;
    if (!body || this.#ended) return;
    try {
      body.enqueue(encoder.encode(text));
    } catch {
      // The client cancelled the body: the stream ends (cancel() runs #end) and takes no more.
      return;
    }
    const room = body.desiredSize ?? 0;
    this.#socket.bufferedAmount = Math.max(0, this.#options.highWaterMark - room);
    if (room > 0) return;
    return new Promise((resolve) => {
      const previous = this.#waiting;
      this.#waiting = () => {
        previous?.();
        resolve();
      };
    });
  }

  /** The connection core closed the connection: tell the client why, then end the stream. */
  #close(code: number, reason: string): void {
    if (this.#respond) {
      const respond = this.#respond;
      this.#respond = undefined;
      respond(httpError(statusForClose(code), reason));
      this.#finish();
      return;
    }
    this.#end(code, reason, false);
  }

  /** Ends the stream; `tellCore` when the end comes from this side rather than the core's close. */
  #end(code: number, reason: string, tellCore: boolean): void {
    if (this.#ended) return;
    if (this.#body) {
      void this.#write(`event: close\ndata: ${JSON.stringify({ code, reason })}\n\n`);
      try {
        this.#body.close();
      } catch {
        // Cancelled by the client already.
      }
    }
    this.#finish();
    if (tellCore || code === CloseCode.ABNORMAL) this.#socket.peerClosed(code, reason);
  }

  #finish(): void {
    this.#ended = true;
    clearInterval(this.#ping);
    clearTimeout(this.#deadline);
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.();
    this.#options.onEnd();
  }
}
