// The few parts of Deno's API the adapter uses, declared structurally here rather than taken from
// Deno's types: the server's types must build for Node users too. Deno's own satisfy them.

/** What Deno's `Deno.serve` tells a handler of a request (`Deno.ServeHandlerInfo`). */
export interface DenoServeInfo {
  readonly remoteAddr?: { readonly hostname?: string } | undefined;
}

/** The parts of the WebSocket `Deno.upgradeWebSocket` makes that the adapter uses. */
export interface DenoWebSocketLike {
  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  /** Bytes queued and not yet written: real in Deno, which has no drain event. */
  readonly bufferedAmount: number;
  /** How binary messages arrive; the adapter sets `arraybuffer`. */
  binaryType: string;
  /** Queues a message. */
  send(data: string | Uint8Array): void;
  /** Closes with a close handshake. */
  close(code?: number, reason?: string): void;
  /** Listens for the socket opening. */
  addEventListener(type: 'open', listener: () => void): void;
  /** Listens for messages. */
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  /** Listens for the socket closing. */
  addEventListener(
    type: 'close',
    listener: (event: { readonly code: number; readonly reason: string }) => void,
  ): void;
}

/** `Deno.upgradeWebSocket`, as the adapter calls it. */
export type DenoUpgradeWebSocket = (
  request: Request,
  options: { protocol?: string; idleTimeout?: number },
) => { readonly socket: DenoWebSocketLike; readonly response: Response };
