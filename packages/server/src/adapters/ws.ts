import type { Frame } from '@wirecall/core';
import type { WebSocket } from 'ws';
import type { ServerSocket } from '../transport.js';

/** Adapts a `ws` WebSocket to the server's transport interface. */
export function fromWsSocket(ws: WebSocket): ServerSocket {
  // `ws` emits 'error' for bad frames (oversized, invalid UTF-8) and then closes the socket;
  // without a listener the error would crash the process.
  ws.on('error', () => {});
  return {
    get protocol() {
      return ws.protocol;
    },
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
    send(frame: Frame) {
      if (ws.readyState === ws.OPEN) ws.send(frame);
    },
    close(code: number, reason: string) {
      if (ws.readyState === ws.CLOSED || ws.readyState === ws.CLOSING) return;
      ws.close(code, reason);
    },
    terminate() {
      ws.terminate();
    },
    onMessage(listener) {
      ws.on('message', (data, isBinary) => {
        const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
        listener(
          isBinary
            ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
            : bytes.toString('utf8'),
        );
      });
    },
    onClose(listener) {
      ws.on('close', (code, reason) => listener(code, reason.toString('utf8')));
    },
  };
}
