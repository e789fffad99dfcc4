/** How a socket ended, as the client saw it. */
export interface CloseInfo {
  /** The WebSocket close code; 1006 when the connection dropped without one. */
  readonly code: number;
  readonly reason: string;
}
