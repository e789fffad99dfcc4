import type { Frame } from '@wirecall/core';
import type { WebSocket } from 'ws';
import type { ServerSocket } from '../transport.js';
import { createWriteBatcher } from './writeBatcher.js';

/** Adapts a `ws` WebSocket to the server's transport interface. */
export function fromWsSocket(ws: WebSocket): ServerSocket {
  // `ws` emits 'error' for bad frames (oversized, invalid UTF-8) and then closes the socket;
  // without a listener the error would crash the process.
  ws.on('error', () => {});
  // `_socket` is the TCP socket under `ws`; it has no public accessor.
  const batchWrites = createWriteBatcher(() => (ws as unknown as { _socket?: unknown })._socket);
  return {
    get protocol() {
      return ws.protocol;
    },
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
    send(frame: Frame) {
      if (ws.readyState !== ws.OPEN) return;
      batchWrites();
      ws.send(frame);
    },
    close(code: number, reason: string) {
      if (ws.readyState === ws.CLOSED || ws.readyState === ws.CLOSING) return;
      ws.close(code, reason);
    },
    onMessage(listener) {
      ws.on('message', (data, isBinary) => {
        // `ws` hands over a Buffer unless its binaryType was changed; copy only what is not one.
        const bytes = Buffer.isBuffer(data)
          ? data
          : Array.isArray(data)
            ? Buffer.concat(data)
            : Buffer.from(data);
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
