/** The part of the WHATWG WebSocket API the client uses; `ws` and browsers both provide it. */
export interface WebSocketLike {
  readonly readyState: number;
  readonly protocol: string;
  readonly bufferedAmount: number;
  binaryType: string;
  /** Called once the socket is open. */
  onopen: ((event: unknown) => void) | null;
  /** Called with each received frame. */
  onmessage: ((event: { data: unknown }) => void) | null;
  /** Called once the socket is closed, with its close code and reason. */
  onclose: ((event: { code: number; reason: string }) => void) | null;
  /** Called on a socket error; a close follows. */
  onerror: ((event: unknown) => void) | null;
  /** Sends one frame. */
  send(data: string | ArrayBufferLike | ArrayBufferView): void;
  /** Starts the closing handshake. */
  close(code?: number, reason?: string): void;
}

/** A WebSocket constructor, such as the browser's `WebSocket` or the `ws` package's. */
export type WebSocketConstructor = new (
  url: string,
  protocols?: string | string[],
) => WebSocketLike;

/** `readyState` of an open socket. */
export const WS_OPEN = 1;
