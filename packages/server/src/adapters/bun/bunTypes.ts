// The few parts of Bun's API the adapter uses, declared structurally here rather than taken from
// `@types/bun`: the server's types must build for Node users too. Bun's own `Server` and
// `ServerWebSocket` satisfy them.
import type { ConnectionRequest } from '../../request.js';

/** What Bun's `websocket` handlers tell the adapter of one socket. */
export interface BunSocketEvents {
  /** A message arrived. */
  receive(message: string | Uint8Array): void;
  /** Bun wrote out what backpressure had queued: sending may go on. */
  drained(): void;
  /** The socket closed. */
  closed(code: number, reason: string): void;
}

/** What the Bun adapter keeps on each of Bun's WebSockets (`ws.data`). */
export interface BunSocketData {
  /** The subprotocol agreed to in the upgrade (Bun's socket does not say). */
  readonly protocol: string;
  /** The request that opened the socket, as connections and `context` see it. */
  readonly request: ConnectionRequest;
  /** The socket as the server's core sees it, from `open` on. */
  events?: BunSocketEvents;
}

/** The parts of Bun's `ServerWebSocket` the adapter uses. */
export interface BunWebSocketLike {
  readonly data: BunSocketData;
  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  /**
   * Sends a message: the bytes written, -1 when it was queued under backpressure (wait for
   * `drain`), 0 when it was dropped.
   */
  send(data: string | Uint8Array): number;
  /** Closes with a close handshake. */
  close(code?: number, reason?: string): void;
  /** Drops the connection at once, without a close handshake. */
  terminate(): void;
  /** Bytes Bun has queued and not yet written. */
  getBufferedAmount(): number;
  /** Stops reading messages from the peer. */
  pause(): void;
  /** Reads messages from the peer again. */
  resume(): void;
}

/** The parts of Bun's `Server` the adapter uses. */
export interface BunServerLike {
  /** Upgrades a request to a WebSocket; false when it cannot. */
  upgrade(
    request: Request,
    options: { headers?: Record<string, string>; data: BunSocketData },
  ): boolean;
  /** The peer's address of a request. */
  requestIP(request: Request): { readonly address: string } | null;
  /** Seconds a request may stay idle before Bun closes it; 0 for never. */
  timeout(request: Request, seconds: number): void;
}
