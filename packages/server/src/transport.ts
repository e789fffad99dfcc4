import type { Frame, OperationId } from '@wirecall/core';
import type { RateLimitCheck } from './middleware/rateLimitStore.js';

/**
 * What a socket tells the connection it serves, given with {@link ServerSocket.listen}: one
 * object with two methods (the connection itself) rather than two closures per connection.
 */
export interface SocketListener {
  /** One frame from the peer. */
  received(frame: Frame): void;
  /** The socket closed, for whatever cause. */
  ended(code: number, reason: string): void;
}

/**
 * The few things the server needs from a WebSocket. The `ws` adapter implements it; adapters
 * for other runtimes (Bun, Deno, uWebSockets) implement it too, without touching dispatch.
 */
export interface ServerSocket {
  /** The negotiated subprotocol, e.g. `wirecall.v1`; empty when none was agreed. */
  readonly protocol: string;
  /** Bytes queued in the socket but not yet written to the network. */
  readonly bufferedAmount: number;
  /**
   * Sends one frame. A returned promise means the transport wants the caller to wait before
   * sending more: that is how backpressure reaches the server.
   */
  send(frame: Frame): void | Promise<void>;
  /** Closes the socket with a close code and a reason of at most 123 bytes. */
  close(code: number, reason: string): void;
  /**
   * Destroys the connection at once, without a close handshake: used for peers that stopped
   * answering. Optional; without it the server calls `close`.
   */
  terminate?(): void;
  /**
   * Stops taking frames from the peer until {@link resume}, so its sends back up to it over TCP:
   * how the server keeps a client that sends without reading from making it queue answers
   * without bound. Optional; without it the server reads on.
   */
  pause?(): void;
  /** Takes frames from the peer again after {@link pause}. */
  resume?(): void;
  /**
   * A rate limit checked a request that came on this socket (passed or refused). Optional: the
   * HTTP transport answers with `RateLimit-*` and `Retry-After` headers from it; a WebSocket has
   * nothing to do, as the refusal's `RATE_LIMITED` error carries `retryAfterMs`.
   */
  rateLimited?(check: RateLimitCheck): void;
  /**
   * A call that came on this socket passed its middleware; its handler runs now. Optional: the
   * HTTP transport waits for it (or the call's answer) before the response's head.
   */
  callAdmitted?(id: OperationId): void;
  /** Registers the one listener for incoming frames. */
  onMessage(listener: (frame: Frame) => void): void;
  /** Registers the one listener for the socket closing, for whatever cause. */
  onClose(listener: (code: number, reason: string) => void): void;
  /**
   * Registers the one listener for frames and for the close at once, instead of
   * {@link onMessage} and {@link onClose}: the server then makes no closures per connection.
   * Optional; without it the server calls those two.
   */
  listen?(listener: SocketListener): void;
}
