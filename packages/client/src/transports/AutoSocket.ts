import { CloseCode } from '@wirecall/core';
import type { WebSocketConstructor, WebSocketLike } from '../connection/webSocketLike.js';
import type { FetchFunction } from './HttpCalls.js';
import { HttpSseSocket } from './HttpSseSocket.js';
import { toWebSocketUrl } from './transportUrls.js';

/** What one client's `auto` transport remembers across its connections. */
export interface TransportMemory {
  /** The transport that last completed a connection; undefined until one did. */
  worked: 'websocket' | 'http' | undefined;
  /** Milliseconds before the next WebSocket probe while on HTTP; doubles after each failure. */
  probeDelayMs: number;
}

/** The first WebSocket probe after falling back, and the longest wait between probes. */
const FIRST_PROBE_MS = 5_000;
const LAST_PROBE_MS = 300_000;

/** A fresh memory: nothing worked yet. */
export function transportMemory(): TransportMemory {
  return { worked: undefined, probeDelayMs: FIRST_PROBE_MS };
}

/**
 * The `auto` transport as a socket constructor: a WebSocket first; HTTP + SSE when the upgrade
 * fails before any WebSocket of this client ever opened (a later drop is only a drop: Engine.IO's
 * rule), remembered for the client's next connections. While on HTTP it probes the WebSocket
 * with backoff, and when a probe opens it ends the HTTP connection with 1001, so the client
 * reconnects over the WebSocket, resuming subscriptions and re-sending calls under their keys.
 */
export function autoSocket(
  WebSocket: WebSocketConstructor,
  fetch: FetchFunction,
  memory: TransportMemory = transportMemory(),
  safeQueries: ReadonlySet<string> = new Set(),
): WebSocketConstructor {
  return class AutoSocket implements WebSocketLike {
    onopen: ((event: unknown) => void) | null = null;
    onmessage: ((event: { data: unknown }) => void) | null = null;
    onclose: ((event: { code: number; reason: string }) => void) | null = null;
    onerror: ((event: unknown) => void) | null = null;
    readonly #url: string;
    readonly #protocols: string | string[] | undefined;
    #inner: WebSocketLike;
    #binaryType = 'arraybuffer';
    #probe: ReturnType<typeof setTimeout> | undefined;
    #ended = false;
    /** The frame reader's `ws`-style listener: handed to a `ws` socket directly (no MessageEvent per frame). */
    #onFrame: ((data: unknown, isBinary: boolean) => void) | undefined;

    constructor(url: string, protocols?: string | string[]) {
      this.#url = url;
      this.#protocols = protocols;
      this.#inner = memory.worked === 'http' ? this.#http() : this.#webSocket();
    }

    get readyState(): number {
      return this.#inner.readyState;
    }

    get protocol(): string {
      return this.#inner.protocol;
    }

    get bufferedAmount(): number {
      return this.#inner.bufferedAmount;
    }

    get binaryType(): string {
      return this.#binaryType;
    }

    set binaryType(value: string) {
      this.#binaryType = value;
      this.#setBinaryType(this.#inner);
    }

    /**
     * `ws`'s own 'message' event, which the frame reader prefers where a socket has it: it skips
     * the MessageEvent the browser-style `onmessage` makes for every frame. Only 'message'.
     */
    on(event: string, listener: (data: unknown, isBinary: boolean) => void): void {
      if (event !== 'message') return;
      this.#onFrame = listener;
      this.#listen(this.#inner);
    }

    send(data: string | ArrayBufferLike | ArrayBufferView): void {
      this.#inner.send(data);
    }

    close(code?: number, reason?: string): void {
      this.#ended = true;
      clearTimeout(this.#probe);
      this.#inner.close(code, reason);
    }

    #webSocket(): WebSocketLike {
      const socket = new WebSocket(toWebSocketUrl(this.#url), this.#protocols);
      let opened = false;
      this.#wire(socket, () => {
        opened = true;
        memory.worked = 'websocket';
      });
      socket.onerror = (event) => {
        if (opened || memory.worked === 'websocket') this.onerror?.(event);
      };
      socket.onclose = (event) => {
        if (!opened && memory.worked !== 'websocket' && !this.#ended) {
          // The upgrade failed on the first connection: a proxy or host without WebSockets.
          this.#inner = this.#http();
          return;
        }
        this.#closed(event);
      };
      return socket;
    }

    #http(): WebSocketLike {
      const socket = new (HttpSseSocket.using(fetch, safeQueries))(this.#url, this.#protocols);
      this.#wire(socket, () => {
        memory.worked = 'http';
        this.#scheduleProbe();
      });
      socket.onerror = (event) => this.onerror?.(event);
      socket.onclose = (event) => this.#closed(event);
      return socket;
    }

    #wire(socket: WebSocketLike, onOpen: () => void): void {
      this.#setBinaryType(socket);
      socket.onopen = (event) => {
        onOpen();
        this.onopen?.(event);
      };
      this.#listen(socket);
    }

    /** `nodebuffer` is `ws`'s alone: a native or HTTP socket takes `arraybuffer` instead. */
    #setBinaryType(socket: WebSocketLike): void {
      const isWs = typeof (socket as unknown as { on?: unknown }).on === 'function';
      socket.binaryType =
        this.#binaryType === 'nodebuffer' && !isWs ? 'arraybuffer' : this.#binaryType;
    }

    /** Routes `socket`'s frames to the frame reader's listener, or to `onmessage`. */
    #listen(socket: WebSocketLike): void {
      const onFrame = this.#onFrame;
      const events = socket as unknown as {
        on?: (event: 'message', listener: (data: unknown, isBinary: boolean) => void) => void;
      };
      if (!onFrame) {
        socket.onmessage = (event) => this.onmessage?.(event);
      } else if (typeof events.on === 'function') {
        socket.onmessage = null;
        events.on('message', onFrame);
      } else {
        socket.onmessage = (event) => onFrame(event.data, typeof event.data !== 'string');
      }
    }

    #closed(event: { code: number; reason: string }): void {
      this.#ended = true;
      clearTimeout(this.#probe);
      this.onclose?.(event);
    }

    /** Tries the WebSocket again in a while; back to it as soon as one opens. */
    #scheduleProbe(): void {
      const delay = memory.probeDelayMs * (0.5 + Math.random() / 2);
      this.#probe = setTimeout(() => {
        if (this.#ended) return;
        const probe = new WebSocket(toWebSocketUrl(this.#url), this.#protocols);
        probe.onerror = () => {};
        probe.onopen = () => {
          probe.onclose = null;
          probe.close(CloseCode.NORMAL, 'Probe');
          memory.worked = 'websocket';
          memory.probeDelayMs = FIRST_PROBE_MS;
          this.#inner.close(CloseCode.GOING_AWAY, 'The WebSocket works again');
        };
        probe.onclose = () => {
          memory.probeDelayMs = Math.min(memory.probeDelayMs * 2, LAST_PROBE_MS);
          if (!this.#ended) this.#scheduleProbe();
        };
      }, delay);
      (this.#probe as { unref?: () => void }).unref?.();
    }
  };
}
