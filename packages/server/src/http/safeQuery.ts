import { type CallMessage, MAX_GET_URL_LENGTH, type ServerMessage } from '@wirecall/core';
import { HttpRequestError, httpError } from './httpError.js';
import { statusForErrorCode } from './httpWire.js';
import { parseMessages } from './readRequest.js';

/** The call id a GET's query runs under: URLs carry no per-call id, so caches can share them. */
export const SAFE_QUERY_ID = 1;

/**
 * The call a GET names in its query (`?call=<path>&input=<JSON>`), when it names one; undefined
 * otherwise (the GET opens an event stream). Only queries declared `safe: true` run this way: a
 * GET can come from any page (a link, an image, a form), so nothing that changes state may.
 * @throws HttpRequestError 414 for a URL longer than `MAX_GET_URL_LENGTH`, 405 for a path that is
 * not a safe query (mutations included), 400 for an input that is no JSON or a bad message.
 */
export function safeQueryCall(
  request: Request,
  isSafeQuery: (path: string) => boolean,
): CallMessage | undefined {
  if (request.url.length > MAX_GET_URL_LENGTH) {
    throw new HttpRequestError(
      414,
      `The URL is longer than ${MAX_GET_URL_LENGTH} characters: send the call as a POST`,
    );
  }
  const query = new URL(request.url).searchParams;
  const path = query.get('call');
  if (path === null) return undefined;
  if (!isSafeQuery(path)) {
    throw new HttpRequestError(
      405,
      `"${path.slice(0, 256)}" is not a query declared safe: only those may be sent as a GET, every other call as a POST`,
    );
  }
  const input = query.get('input');
  let decoded: unknown;
  try {
    decoded = input === null ? undefined : JSON.parse(input);
  } catch {
    throw new HttpRequestError(400, 'The input parameter must be JSON');
  }
  const [message] = parseMessages(
    JSON.stringify({
      type: 'call',
      id: SAFE_QUERY_ID,
      path,
      ...(decoded === undefined ? {} : { input: decoded }),
    }),
  );
  return message as CallMessage;
}

/**
 * A GET's answer from the NDJSON answer of its one call: the `result` or `error` message as
 * JSON, with a status HTTP caches understand (200 for a result). No `cache-control` is set:
 * caching a safe query is the application's choice, made with its own headers.
 */
export async function safeQueryAnswer(answer: Response): Promise<Response> {
  if (!answer.ok) return answer;
  const line = (await answer.text()).split('\n').find((text) => text.length > 0);
  // Cut at maxDurationMs: sending it again would be cut again.
  if (line === undefined) {
    return httpError(504, "The query ran longer than the server's maxDurationMs", {}, 'TIMEOUT');
  }
  const message = JSON.parse(line) as ServerMessage;
  const status = message.type === 'error' ? statusForErrorCode(message.error.code) : 200;
  return new Response(line, { status, headers: { 'content-type': 'application/json' } });
}
