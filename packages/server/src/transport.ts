import type { Frame } from '@wirecall/core';

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
  /** Registers the one listener for incoming frames. */
  onMessage(listener: (frame: Frame) => void): void;
  /** Registers the one listener for the socket closing, for whatever cause. */
  onClose(listener: (code: number, reason: string) => void): void;
}
