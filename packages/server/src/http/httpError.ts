import { codeForStatus } from './httpWire.js';

/**
 * The answer to a request the server cannot take: its status and a typed error body
 * `{"error":{"code","message"}}` (docs/protocol.md, "Errors of the request itself"), so a client
 * learns why instead of guessing from a bare status.
 */
export function httpError(
  status: number,
  message: string,
  headers: Record<string, string> = {},
  code = codeForStatus(status),
): Response {
  return new Response(JSON.stringify({ error: { code, message } }), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** A request error found while reading a request, answered by {@link httpError}. */
export class HttpRequestError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = 'HttpRequestError';
    this.status = status;
  }
}
