import { once } from 'node:events';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

/** An app served by a WHATWG `fetch` function: Hono's `app.fetch`, and most others. */
export type FetchHandler = (request: Request) => Response | Promise<Response>;

/**
 * Node's request as a WHATWG `Request`; its body streamed, not read ahead. Its `signal` aborts
 * when the client goes away before the response is complete.
 */
export function toRequest(incoming: IncomingMessage, outgoing?: ServerResponse): Request {
  const headers = new Headers();
  const raw = incoming.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2)
    headers.append(raw[i] as string, raw[i + 1] as string);
  const method = incoming.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const aborted = new AbortController();
  outgoing?.once('close', () => {
    if (!outgoing.writableFinished) aborted.abort();
  });
  return new Request(`http://${incoming.headers.host ?? 'localhost'}${incoming.url ?? '/'}`, {
    method,
    headers,
    signal: aborted.signal,
    ...(hasBody
      ? { body: Readable.toWeb(incoming) as ReadableStream<Uint8Array>, duplex: 'half' }
      : {}),
  } as RequestInit);
}

/** Answers a Node request with what `fetch` responds, streaming the body at the client's pace. */
export async function respond(
  fetch: (request: Request) => Response | Promise<Response>,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
): Promise<void> {
  let response: Response;
  try {
    response = await fetch(toRequest(incoming, outgoing));
  } catch {
    // The app's own error handling failed: answer without telling the client why.
    if (!outgoing.headersSent) outgoing.writeHead(500).end();
    return;
  }
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie') outgoing.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) outgoing.setHeader('set-cookie', cookies);
  outgoing.writeHead(response.status, response.statusText);
  // Events must reach the client as they are written, not when a buffer fills.
  outgoing.flushHeaders();
  const reader = response.body?.getReader();
  // A client gone while the body waits (an idle event stream) cancels it at once, not at the next write.
  outgoing.once('close', () => {
    if (!outgoing.writableFinished) reader?.cancel().catch(() => {});
  });
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    // Wait for a slow client instead of buffering the whole body.
    if (!outgoing.write(value)) {
      await Promise.race([once(outgoing, 'drain'), once(outgoing, 'close')]);
    }
    if (outgoing.destroyed) {
      await reader.cancel();
      return;
    }
  }
  outgoing.end();
}

/**
 * A `node:http` request listener that answers with a `fetch` handler: how a fetch-style app
 * (Hono's) runs on a Node HTTP server beside wirecall's upgrades.
 */
export function fetchListener(fetch: FetchHandler): RequestListener {
  return (incoming, outgoing) => {
    respond(fetch, incoming, outgoing).catch(() => outgoing.destroy());
  };
}
