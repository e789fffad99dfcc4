import WebSocket from 'isomorphic-ws';
import type { WebSocketConstructor } from './webSocketLike.js';

/** Whether this is Node itself, rather than Bun or Deno, which also set `process.versions.node`. */
function isNode(): boolean {
  const versions = (globalThis as { process?: { versions?: Record<string, string | undefined> } })
    .process?.versions;
  return versions?.node !== undefined && versions.bun === undefined && !('Deno' in globalThis);
}

/**
 * The WebSocket a client uses when none is given: the `ws` package in Node (Buffers without a
 * copy), and the runtime's own everywhere that has one (browsers, Bun, Deno, Workers), since
 * `isomorphic-ws` resolves to a compatibility layer there rather than the native socket.
 */
export function defaultWebSocket(): WebSocketConstructor {
  const native = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!isNode() && native) return native;
  return WebSocket as unknown as WebSocketConstructor;
}
