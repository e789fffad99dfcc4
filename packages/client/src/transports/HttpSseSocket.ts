import { type ClientMessage, CloseCode } from '@wirecall/core';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { WebSocketConstructor, WebSocketLike } from '../connection/webSocketLike.js';
import { type FetchFunction, HttpCalls } from './HttpCalls.js';
import { headersOf, readText } from './httpBody.js';
import { closeCodeForStatus, errorOfResponse } from './httpClose.js';
import { safeQueryUrl } from './safeQueryUrl.js';
import { toHttpUrl } from './transportUrls.js';

/** A stream silent for this many ping intervals is presumed dead. */
const SILENT_PINGS = 2.5;

/**
 * The HTTP transport behind the WebSocket interface the client's connection already speaks
 * (docs/protocol.md, "HTTP and Server-Sent Events"): `hello` opens the client's one event stream,
 * calls sent in one turn go as one POST whose answers come back as they finish, subscription
 * messages go as control POSTs. A lost stream or a lost answer closes it with 1006, so the
 * connection reconnects, resumes subscriptions and re-sends calls (mutations with their keys)
 * exactly as after a dropped WebSocket.
 */
export class HttpSseSocket implements WebSocketLike {
  readyState = 0;
  protocol = '';
  readonly bufferedAmount = 0;
  binaryType = 'arraybuffer';
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  readonly #url: string;
  readonly #fetch: FetchFunction;
  readonly #safeQueries: ReadonlySet<string>;
  readonly #stream = new AbortController();
  readonly #requests: HttpCalls;
  #headers: Record<string, string> = {};
  #streamId: string | undefined;
  #calls: ClientMessage[] = [];
  #control: ClientMessage[] = [];
  #flushing = false;
  /** The last control POST: the next waits for it, so their messages reach the stream in order. */
  #controlSent: Promise<void> = Promise.resolve();
  #silence: ReturnType<typeof setTimeout> | undefined;
  #pingMs = 0;

  constructor(
    url: string,
    protocols: string | string[] | undefined,
    fetch: FetchFunction,
    safeQueries: ReadonlySet<string> = new Set(),
  ) {
    this.#url = toHttpUrl(url);
    this.#fetch = fetch;
    this.#safeQueries = safeQueries;
    this.#requests = new HttpCalls({
      url: this.#url,
      fetch,
      headers: () => this.#headers,
      deliver: (data) => this.#deliver(data),
      end: (code, reason) => this.#end(code, reason),
      open: () => this.readyState === 1,
    });
    const protocol = Array.isArray(protocols) ? protocols[0] : protocols;
    // Nothing to connect before `hello`: the socket is open at once, as a WebSocket after its upgrade.
    queueMicrotask(() => {
      if (this.readyState !== 0) return;
      this.readyState = 1;
      this.protocol = protocol ?? '';
      this.onopen?.({});
    });
  }

  /**
   * A constructor of sockets that use `fetch`, for the client's `WebSocket` slot; calls to the
   * `safeQueries` paths (queries declared `safe: true`) go as GETs.
   */
  static using(
    fetch: FetchFunction,
    safeQueries: ReadonlySet<string> = new Set(),
  ): WebSocketConstructor {
    return class extends HttpSseSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, fetch, safeQueries);
      }
    };
  }

  send(data: string | ArrayBufferLike | ArrayBufferView): void {
    if (this.readyState !== 1) return;
    const decoded = JSON.parse(typeof data === 'string' ? data : new TextDecoder().decode(data));
    const messages = (Array.isArray(decoded) ? decoded : [decoded]) as ClientMessage[];
    for (const message of messages) this.#route(message);
    if (this.#flushing) return;
    this.#flushing = true;
    // What is sent in one turn goes as one request, as the WebSocket batcher makes one frame.
    queueMicrotask(() => {
      this.#flushing = false;
      this.#flush();
    });
  }

  close(code: number = CloseCode.NORMAL, reason = ''): void {
    this.#end(code, reason);
  }

  #route(message: ClientMessage): void {
    switch (message.type) {
      case 'hello':
        this.#headers = headersOf(message);
        void this.#openStream();
        return;
      case 'call': {
        const get = safeQueryUrl(this.#url, message, this.#safeQueries);
        if (get === undefined) this.#calls.push(message);
        else void this.#requests.get(message.id, get);
        return;
      }
      case 'cancel':
        this.#cancel(message.id);
        return;
      default:
        this.#control.push(message);
    }
  }

  #flush(): void {
    if (this.readyState !== 1) return;
    if (this.#calls.length > 0) {
      const calls = this.#calls;
      this.#calls = [];
      void this.#requests.post(calls);
    }
    if (this.#control.length > 0 && this.#streamId !== undefined) {
      const control = this.#control;
      this.#control = [];
      this.#controlSent = this.#controlSent.then(() => this.#postControl(control));
    }
  }

  /** A call abandoned by the client: its request is aborted once it has no other call. */
  #cancel(id: number): void {
    const pending = this.#calls.findIndex((call) => call.type === 'call' && call.id === id);
    if (pending >= 0) {
      this.#calls.splice(pending, 1);
      return;
    }
    this.#requests.cancel(id);
  }

  async #postControl(messages: readonly ClientMessage[]): Promise<void> {
    if (this.readyState !== 1) return;
    try {
      const response = await this.#fetch(this.#url, {
        method: 'POST',
        headers: {
          ...this.#headers,
          'content-type': 'application/json',
          'wirecall-stream': this.#streamId as string,
        },
        body: JSON.stringify(messages),
        signal: this.#stream.signal,
      });
      if (response.ok) return;
      const { message } = await errorOfResponse(response);
      // 404: the stream ended or lives elsewhere; reconnecting opens another and resubscribes.
      this.#end(
        response.status === 404 ? CloseCode.ABNORMAL : closeCodeForStatus(response.status),
        message,
      );
    } catch {
      this.#end(CloseCode.ABNORMAL, 'A control request failed');
    }
  }

  async #openStream(): Promise<void> {
    let response: Response;
    try {
      response = await this.#fetch(this.#url, {
        method: 'GET',
        headers: { ...this.#headers, accept: 'text/event-stream' },
        signal: this.#stream.signal,
      });
    } catch {
      this.#end(CloseCode.ABNORMAL, 'The event stream could not be opened');
      return;
    }
    if (!response.ok) {
      const { message } = await errorOfResponse(response);
      this.#end(closeCodeForStatus(response.status), message);
      return;
    }
    const parser = createParser({ onEvent: (event) => this.#onEvent(event) });
    try {
      await readText(response, (text) => parser.feed(text));
    } catch {
      // Lost mid-stream: told below.
    }
    this.#end(CloseCode.ABNORMAL, 'The event stream ended');
  }

  #onEvent(event: EventSourceMessage): void {
    if (this.readyState !== 1) return;
    this.#heard();
    switch (event.event) {
      case 'open': {
        const open = JSON.parse(event.data) as { stream: string; pingMs: number };
        this.#streamId = open.stream;
        this.#pingMs = open.pingMs;
        this.#heard();
        // Control messages sent before the stream's id was known go now.
        this.#flush();
        return;
      }
      case 'ping':
        return;
      case 'close': {
        const { code, reason } = JSON.parse(event.data) as { code: number; reason: string };
        this.#end(code, reason);
        return;
      }
      default:
        this.#deliver(event.data);
    }
  }

  /** The stream spoke: restart the silence timer the server's ping interval sets. */
  #heard(): void {
    if (this.#pingMs <= 0) return;
    clearTimeout(this.#silence);
    this.#silence = setTimeout(
      () => this.#end(CloseCode.HEARTBEAT_TIMEOUT, 'The event stream fell silent'),
      this.#pingMs * SILENT_PINGS,
    );
  }

  #deliver(data: string): void {
    if (this.readyState === 1) this.onmessage?.({ data });
  }

  #end(code: number, reason: string): void {
    if (this.readyState >= 2) return;
    this.readyState = 3;
    clearTimeout(this.#silence);
    this.#stream.abort();
    this.#requests.abortAll();
    queueMicrotask(() => this.onclose?.({ code, reason }));
  }
}
