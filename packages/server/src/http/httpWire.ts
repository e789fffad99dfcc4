import { CloseCode, ErrorCode, PROTOCOL_V1 } from '@wirecall/core';

/** The headers of the HTTP wire (docs/protocol.md, "HTTP and Server-Sent Events"). */
export const HttpHeader = {
  /** Marks a wirecall request; HTML forms cannot send it, so it also forces CORS preflights. */
  PROTOCOL: 'wirecall-protocol',
  /** The client's session id, as `hello.session`. */
  SESSION: 'wirecall-session',
  /** The connection params: `encodeURIComponent` of their JSON. */
  PARAMS: 'wirecall-params',
  /** The event stream a control request is for. */
  STREAM: 'wirecall-stream',
} as const;

/** The value of {@link HttpHeader.PROTOCOL}: HTTP speaks JSON only. */
export const HTTP_PROTOCOL = PROTOCOL_V1;

/** The content type of a batch's answers: one JSON message per line. */
export const NDJSON = 'application/x-ndjson';

/** The HTTP status that answers a connection the server refused with `closeCode`. */
export function statusForClose(closeCode: number): number {
  switch (closeCode) {
    case CloseCode.UNAUTHORIZED:
      return 401;
    case CloseCode.FORBIDDEN:
      return 403;
    case CloseCode.PROTOCOL_ERROR:
    case CloseCode.UNSUPPORTED_PROTOCOL:
      return 400;
    case CloseCode.MESSAGE_TOO_BIG:
      return 413;
    case CloseCode.INTERNAL_ERROR:
      return 500;
    default:
      return 503;
  }
}

/** The error code of an HTTP status the server answers with (the table in docs/protocol.md). */
export function codeForStatus(status: number): string {
  switch (status) {
    case 401:
      return ErrorCode.UNAUTHORIZED;
    case 403:
      return ErrorCode.FORBIDDEN;
    case 404:
      return ErrorCode.NOT_FOUND;
    case 413:
    case 414:
    case 429:
      return ErrorCode.LIMIT_EXCEEDED;
    case 500:
      return ErrorCode.INTERNAL;
    case 503:
      return ErrorCode.UNAVAILABLE;
    default:
      return 'BAD_REQUEST';
  }
}

/**
 * The HTTP status of a safe query's answer sent to a GET: what HTTP caches key their behaviour
 * on (an error is never cached as a success). Declared error codes of a procedure are 400s.
 */
export function statusForErrorCode(code: string): number {
  switch (code) {
    case ErrorCode.UNAUTHORIZED:
      return 401;
    case ErrorCode.FORBIDDEN:
      return 403;
    case ErrorCode.NOT_FOUND:
      return 404;
    case ErrorCode.LIMIT_EXCEEDED:
    case ErrorCode.RATE_LIMITED:
    case ErrorCode.BACKPRESSURE:
      return 429;
    case ErrorCode.INTERNAL:
      return 500;
    case ErrorCode.UNAVAILABLE:
    case ErrorCode.CONNECTION_CLOSED:
      return 503;
    case ErrorCode.TIMEOUT:
      return 504;
    default:
      return 400;
  }
}
