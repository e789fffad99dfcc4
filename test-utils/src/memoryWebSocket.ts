import type { WebSocketConstructor, WebSocketLike } from '@wirecall/client';

/** The server end of a {@link memoryWebSocket}: the test plays the server through it. */
export interface MemoryServerEnd {
  /** Every frame the client sent, in order. */
  readonly received: unknown[];
  /** Whether the socket is still open. */
  readonly open: boolean;
  /** Delivers a frame to the client, as a server sending it would. */
  send(frame: string | Uint8Array): void;
  /** Closes the socket from the server's side with `code`. */
  close(code: number, reason?: string): void;
}

/** A WebSocket constructor for the client whose sockets live in memory. */
export interface MemoryWebSocket {
  /** Give it to `createClient` as `WebSocket`. */
  readonly WebSocket: WebSocketConstructor;
  /** The server ends of the sockets made so far, newest last. */
  readonly sockets: MemoryServerEnd[];
}

/**
 * In-memory WebSockets that agree to the first subprotocol the client offers and let the test
 * play the server: only for fuzzing the client's decoder at a rate real sockets cannot reach;
 * every other test talks to a real server over a real socket.
 */
export function memoryWebSocket(): MemoryWebSocket {
  const sockets: MemoryServerEnd[] = [];
  class InMemorySocket implements WebSocketLike {
    readyState = 0;
    protocol = '';
    bufferedAmount = 0;
    binaryType = 'arraybuffer';
    onopen: WebSocketLike['onopen'] = null;
    onmessage: WebSocketLike['onmessage'] = null;
    onclose: WebSocketLike['onclose'] = null;
    onerror: WebSocketLike['onerror'] = null;
    readonly #received: unknown[] = [];

    constructor(_url: string, protocols?: string | string[]) {
      const offered = typeof protocols === 'string' ? protocols : (protocols?.[0] ?? '');
      const socket = this;
      sockets.push({
        received: this.#received,
        get open() {
          return socket.readyState === 1;
        },
        send: (frame) => {
          if (this.readyState === 1) this.onmessage?.({ data: frame });
        },
        close: (code, reason = '') => this.#closed(code, reason),
      });
      queueMicrotask(() => {
        if (this.readyState !== 0) return;
        this.readyState = 1;
        this.protocol = offered;
        this.onopen?.({});
      });
    }

    send(data: string | ArrayBufferLike | ArrayBufferView): void {
      if (this.readyState !== 1) throw new Error('InvalidStateError: the socket is not open');
      this.#received.push(data);
    }

    close(code = 1005, reason = ''): void {
      this.#closed(code, reason);
    }

    #closed(code: number, reason: string): void {
      if (this.readyState >= 2) return;
      this.readyState = 3;
      queueMicrotask(() => this.onclose?.({ code, reason }));
    }
  }
  return { WebSocket: InMemorySocket, sockets };
}
