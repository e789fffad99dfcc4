import { CloseCode } from '@wirecall/core';
import type { CloseInfo } from './closeInfo.js';
import { type WebSocketLike, WS_OPEN } from './webSocketLike.js';

interface Terminable {
  terminate?: () => void;
}

/**
 * Detaches the client from a socket and closes it if it is still up: a dead peer (heartbeat
 * timeout) is dropped at once where the runtime can, since it would never answer a close
 * handshake; otherwise the socket closes with the client's 4xxx code, or 1000.
 */
export function closeSocket(socket: WebSocketLike, info: CloseInfo): void {
  socket.onopen = null;
  socket.onmessage = null;
  socket.onclose = null;
  // `ws` emits 'error' when a connecting socket is closed; it must keep a listener.
  socket.onerror = () => {};
  if (socket.readyState > WS_OPEN) return;
  const terminate = (socket as Terminable).terminate;
  try {
    if (info.code === CloseCode.HEARTBEAT_TIMEOUT && typeof terminate === 'function')
      terminate.call(socket);
    else
      socket.close(
        info.code >= 4000 && info.code < 5000 ? info.code : CloseCode.NORMAL,
        // A close reason is at most 123 bytes; a longer one would make `close` throw.
        truncateReason(info.reason),
      );
  } catch {
    // Closing a socket that is still connecting throws in some runtimes; it is gone either way.
  }
}

function truncateReason(reason: string): string {
  if (reason.length <= 40) return reason;
  const bytes = new TextEncoder().encode(reason);
  if (bytes.byteLength <= 123) return reason;
  return new TextDecoder().decode(bytes.slice(0, 120)).replace(/\uFFFD$/, '');
}
