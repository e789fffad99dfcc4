import type { ClientMessage, HelloMessage } from '@wirecall/core';
import { parseClientFrame } from '@wirecall/core/internal';
import { HttpRequestError } from './httpError.js';
import { HttpHeader } from './httpWire.js';

/**
 * A request's body as text, read no further than `maxBytes` (a larger body is refused with 413
 * before the rest of it is read or held).
 * @throws HttpRequestError
 */
export async function readBody(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const reader = request.body?.getReader();
  if (!reader) return '';
  // TextDecoder rather than Node's Buffer: the fetch handler runs in Workers too.
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

function tooLarge(maxBytes: number): HttpRequestError {
  return new HttpRequestError(413, `The body is larger than the server's ${maxBytes} bytes`);
}

/**
 * The messages of a POST body, checked by the WebSocket protocol's own parser.
 * @throws HttpRequestError (400) for a body that is no JSON or no valid messages.
 */
export function parseMessages(text: string): readonly ClientMessage[] {
  let decoded: unknown;
  try {
    decoded = JSON.parse(text);
  } catch {
    throw new HttpRequestError(400, 'The body is not valid JSON');
  }
  try {
    const parsed = parseClientFrame(decoded);
    return Array.isArray(parsed) ? parsed : [parsed as ClientMessage];
  } catch (error) {
    throw new HttpRequestError(400, (error as Error).message);
  }
}

/**
 * The `hello` a request stands for: its session and params from the headers.
 * @throws HttpRequestError (400) for params that are not encoded JSON.
 */
export function helloOf(headers: Headers): HelloMessage {
  const session = headers.get(HttpHeader.SESSION) ?? undefined;
  const encoded = headers.get(HttpHeader.PARAMS);
  let params: unknown;
  if (encoded !== null) {
    try {
      params = JSON.parse(decodeURIComponent(encoded));
    } catch {
      throw new HttpRequestError(
        400,
        `The ${HttpHeader.PARAMS} header must be encodeURIComponent of JSON`,
      );
    }
  }
  if (session !== undefined && (session.length === 0 || session.length > 128)) {
    throw new HttpRequestError(
      400,
      `The ${HttpHeader.SESSION} header must have 1 to 128 characters`,
    );
  }
  return {
    type: 'hello',
    ...(params === undefined ? {} : { params }),
    ...(session === undefined ? {} : { session }),
  };
}
