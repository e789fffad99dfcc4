import { type CallMessage, CloseCode, type HelloMessage, type ServerMessage } from '@wirecall/core';
import { errorCodeForClose } from '@wirecall/core/internal';
import type { ConnectionHub } from '../hub/ConnectionHub.js';
import type { ConnectionRequest } from '../request.js';
import { HttpSocket } from './HttpSocket.js';
import { httpError } from './httpError.js';
import { HTTP_PROTOCOL, NDJSON, statusForClose } from './httpWire.js';
import { RateLimitHeaders } from './rateLimitHeaders.js';

const encoder = new TextEncoder();

/**
 * Serves one POST of calls: a connection of its own in the hub (so the context, limits, dedupe
 * store and handlers are the WebSocket's), its answers streamed back one NDJSON line each as
 * they finish. Resolves with the response once every call has passed its middleware or been
 * answered, so its head carries the rate-limit headers of all their checks (see
 * {@link RateLimitHeaders}) while slow handlers still stream; or with the error that refused
 * the request. After `maxDurationMs` (0: never) the response ends with the answers it has, even
 * while calls still run: the client sends the others again (mutations under their idempotency
 * keys, which the dedupe store answers once their first run ends).
 */
export function serveCalls(
  hub: ConnectionHub,
  request: ConnectionRequest,
  hello: HelloMessage,
  calls: readonly CallMessage[],
  signal: AbortSignal,
  maxDurationMs = 0,
): Promise<Response> {
  return new Promise((resolve) => {
    const unanswered = new Set(calls.map((call) => call.id));
    /** Calls neither through their middleware nor answered: the head waits for them. */
    const unchecked = new Set(unanswered);
    const limits = new RateLimitHeaders();
    let body: ReadableStreamDefaultController<Uint8Array> | undefined;
    let response: Response | undefined;
    let settled = false;
    let deadline: ReturnType<typeof setTimeout> | undefined;
    const finish = () => {
      clearTimeout(deadline);
      try {
        body?.close();
      } catch {
        // Cancelled by the client already.
      }
    };
    /** Hands over the response once nothing can add to its headers any more. */
    const head = (force = false) => {
      if (settled || response === undefined || (unchecked.size > 0 && !force)) return;
      settled = true;
      for (const [name, value] of Object.entries(limits.headers())) {
        response.headers.set(name, value);
      }
      resolve(response);
    };
    const checked = (id: number) => {
      if (unchecked.delete(id)) head();
    };
    const socket = new HttpSocket(HTTP_PROTOCOL, {
      send: (frame) => {
        const message = JSON.parse(frame) as ServerMessage;
        if (message.type === 'welcome') {
          response = answer();
          if (maxDurationMs > 0) {
            deadline = setTimeout(() => {
              // Queries still running are aborted; mutations finish and settle their keys.
              unanswered.clear();
              head(true);
              finish();
              socket.peerClosed(CloseCode.GOING_AWAY, 'maxDurationMs reached');
            }, maxDurationMs);
          }
          socket.deliver(JSON.stringify(calls));
          return;
        }
        if (message.type !== 'result' && message.type !== 'error') return;
        if (!unanswered.delete(message.id)) return;
        body?.enqueue(encoder.encode(`${frame}\n`));
        checked(message.id);
        if (unanswered.size === 0) {
          clearTimeout(deadline);
          socket.close(CloseCode.NORMAL, 'Calls answered');
        }
      },
      close: (code, reason) => {
        if (response === undefined) {
          settled = true;
          resolve(httpError(statusForClose(code), reason));
          return;
        }
        // Closed before every call was answered (shutdown, a protocol error): say so per call.
        const error = { code: errorCodeForClose(code), message: reason || 'Connection closed' };
        for (const id of unanswered) {
          body?.enqueue(encoder.encode(`${JSON.stringify({ type: 'error', id, error })}\n`));
        }
        unanswered.clear();
        head(true);
        finish();
      },
      rateLimited: (check) => limits.note(check),
      callAdmitted: checked,
    });
    const answer = () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start: (controller) => {
            body = controller;
          },
          // The client went away: its calls' signals abort (mutations finish for its retry).
          cancel: () => socket.peerClosed(CloseCode.ABNORMAL, 'Request aborted'),
        }),
        { status: 200, headers: { 'content-type': NDJSON, 'cache-control': 'no-store' } },
      );
    signal.addEventListener(
      'abort',
      () => {
        socket.peerClosed(CloseCode.ABNORMAL, 'Request aborted');
        // No one reads it any more, but the request must not wait for its head forever.
        head(true);
      },
      { once: true },
    );
    hub.accept(socket, request);
    socket.deliver(JSON.stringify(hello));
  });
}
