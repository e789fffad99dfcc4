import { ErrorCode } from '../errors/codes.js';

/**
 * WebSocket close codes used by wirecall. 4xxx codes mirror HTTP statuses where one fits.
 * The close reason is human-readable text, except where a code says otherwise.
 */
export const CloseCode = {
  /** The client or server closed on purpose; nothing is wrong. */
  NORMAL: 1000,
  /** The server is shutting down or restarting; reconnect, possibly to another instance. */
  GOING_AWAY: 1001,
  /** The connection dropped without a close frame (never sent, only observed). */
  ABNORMAL: 1006,
  /** A frame was larger than the server's maximum message size. */
  MESSAGE_TOO_BIG: 1009,
  /**
   * The server is at its connection limit (or otherwise overloaded); the reason carries a
   * `retry-after=<ms>` hint that clients honour before reconnecting.
   */
  TRY_AGAIN_LATER: 1013,
  /** The connection ran nothing for the server's idle timeout; reconnect when there is work. */
  IDLE_TIMEOUT: 4001,
  /** A frame was not a valid message of the protocol (bad JSON, unknown type, missing id). */
  PROTOCOL_ERROR: 4400,
  /** The connection params were missing or rejected by the server's `context`. */
  UNAUTHORIZED: 4401,
  /** The server's `context` refused this client. */
  FORBIDDEN: 4403,
  /** The client did not offer a subprotocol this server speaks (`wirecall.v1`). */
  UNSUPPORTED_PROTOCOL: 4406,
  /** The client sent no `hello` within the handshake timeout. */
  HANDSHAKE_TIMEOUT: 4408,
  /** The peer stopped answering pings; it is presumed dead. */
  HEARTBEAT_TIMEOUT: 4410,
  /** The client reused the id of an operation that is still running, or sent `hello` twice. */
  CONFLICT: 4409,
  /**
   * The socket stayed above the server's high-water mark for too long: the client does not read
   * what it is sent. Reconnect; subscriptions resume.
   */
  SLOW_CONSUMER: 4429,
  /**
   * The client sent frames faster than the server's `maxFramesPerSecond` (a flood, of any kind
   * of frame); it was closed before they were read. Reconnect after a backoff.
   */
  TOO_MANY_FRAMES: 4430,
  /** The server failed unexpectedly while setting up the connection. */
  INTERNAL_ERROR: 4500,
} as const;

/** One of the close codes in {@link CloseCode}. */
export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];

/**
 * Whether a client should give up rather than reconnect after a close with this code: the same
 * request would be refused again (bad credentials, a protocol the server does not speak, a bug).
 */
export function isFatalCloseCode(code: number): boolean {
  switch (code) {
    case CloseCode.PROTOCOL_ERROR:
    case CloseCode.UNAUTHORIZED:
    case CloseCode.FORBIDDEN:
    case CloseCode.UNSUPPORTED_PROTOCOL:
    case CloseCode.CONFLICT:
      return true;
    default:
      return false;
  }
}

/**
 * The close codes that carry an error of their own, both ways: a server refusing a connection
 * for an error with one of these codes closes it with the paired close code, and a client that
 * gives up after such a close fails its operations with that error. Every other close fails them
 * with `CONNECTION_CLOSED`.
 */
const CLOSE_ERRORS: ReadonlyArray<readonly [CloseCodeValue, ClosingErrorCode]> = [
  [CloseCode.UNAUTHORIZED, ErrorCode.UNAUTHORIZED],
  [CloseCode.FORBIDDEN, ErrorCode.FORBIDDEN],
];

/** An error code that has a close code of its own (see {@link closeCodeForError}). */
export type ClosingErrorCode = typeof ErrorCode.UNAUTHORIZED | typeof ErrorCode.FORBIDDEN;

/** The error code operations fail with when the connection closes with `closeCode` for good. */
export function errorCodeForClose(
  closeCode: number,
): ClosingErrorCode | typeof ErrorCode.CONNECTION_CLOSED {
  for (const [close, error] of CLOSE_ERRORS) if (close === closeCode) return error;
  return ErrorCode.CONNECTION_CLOSED;
}

/** The close code for refusing a connection with an error of this code, if it has one. */
export function closeCodeForError(errorCode: string): CloseCodeValue | undefined {
  for (const [close, error] of CLOSE_ERRORS) if (error === errorCode) return close;
  return undefined;
}
