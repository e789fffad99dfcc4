import { type CallMessage, CloseCode, type HelloMessage, type ServerMessage } from '@wirecall/core';
import { errorCodeForClose } from '@wirecall/core/internal';
import type { ConnectionHub } from '../hub/ConnectionHub.js';
import type { ConnectionRequest } from '../request.js';
import { HttpSocket } from './HttpSocket.js';
import { httpError } from './httpError.js';
import { HTTP_PROTOCOL, NDJSON, statusForClose } from './httpWire.js';

const encoder = new TextEncoder();

/**
 * Serves one POST of calls: a connection of its own in the hub (so the context, limits, dedupe
 * store and handlers are the WebSocket's), its answers streamed back one NDJSON line each as
 * they finish. Resolves with the response once the context accepted the request, or with the
 * error that refused it. After `maxDurationMs` (0: never) the response ends with the answers it
 * has, even while calls still run: the client sends the others again (mutations under their
 * idempotency keys, which the dedupe store answers once their first run ends).
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
    let body: ReadableStreamDefaultController<Uint8Array> | undefined;
    let welcomed = false;
    let deadline: ReturnType<typeof setTimeout> | undefined;
    const finish = () => {
      clearTimeout(deadline);
      try {
        body?.close();
      } catch {
        // Cancelled by the client already.
      }
    };
    const socket = new HttpSocket(HTTP_PROTOCOL, {
      send: (frame) => {
        const message = JSON.parse(frame) as ServerMessage;
        if (message.type === 'welcome') {
          welcomed = true;
          resolve(answer());
          if (maxDurationMs > 0) {
            deadline = setTimeout(() => {
              // Queries still running are aborted; mutations finish and settle their keys.
              unanswered.clear();
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
        if (unanswered.size === 0) {
          clearTimeout(deadline);
          socket.close(CloseCode.NORMAL, 'Calls answered');
        }
      },
      close: (code, reason) => {
        if (!welcomed) {
          resolve(httpError(statusForClose(code), reason));
          return;
        }
        // Closed before every call was answered (shutdown, a protocol error): say so per call.
        const error = { code: errorCodeForClose(code), message: reason || 'Connection closed' };
        for (const id of unanswered) {
          body?.enqueue(encoder.encode(`${JSON.stringify({ type: 'error', id, error })}\n`));
        }
        unanswered.clear();
        finish();
      },
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
      () => socket.peerClosed(CloseCode.ABNORMAL, 'Request aborted'),
      {
        once: true,
      },
    );
    hub.accept(socket, request);
    socket.deliver(JSON.stringify(hello));
  });
}
