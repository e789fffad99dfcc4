import type { ServerSocket } from '../transport.js';

/** How long a flooding client has to answer the close before its socket is destroyed. */
const FLOODER_CLOSE_WAIT_MS = 1_000;

/**
 * Stops reading from a client just closed for flooding: what it queued behind the close frame
 * would otherwise still be parsed, frame by frame, until its close reply got through. The socket
 * is destroyed a second later in case the client never answers the close.
 */
export function silenceFlooder(socket: ServerSocket, isSocketClosed: () => boolean): void {
  socket.pause?.();
  if (!socket.terminate) return;
  setTimeout(() => {
    if (!isSocketClosed()) socket.terminate?.();
  }, FLOODER_CLOSE_WAIT_MS).unref?.();
}
