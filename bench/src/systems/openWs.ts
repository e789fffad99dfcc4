import { once } from 'node:events';
import WebSocket, { WebSocketServer } from 'ws';

/** Starts a `ws` server on 127.0.0.1 and resolves with it and its URL once it listens. */
export async function listenWs(port: number): Promise<{ wss: WebSocketServer; url: string }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port });
  await once(wss, 'listening');
  const address = wss.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return { wss, url: `ws://127.0.0.1:${bound}` };
}

/** Closes a `ws` server and every socket it holds. */
export function closeWs(wss: WebSocketServer): Promise<void> {
  for (const socket of wss.clients) socket.terminate();
  return new Promise((resolve) => wss.close(() => resolve()));
}

/** Closes a client socket and resolves once it is closed; a peer that does not answer is cut off. */
export async function closeSocket(ws: WebSocket): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return;
  const closed = once(ws, 'close');
  ws.close();
  const timer = setTimeout(() => ws.terminate(), 1_000);
  await closed;
  clearTimeout(timer);
}

/** A WebSocket constructor as the wirecall and tRPC clients take it. */
export type WebSocketClass = new (url: string, protocols?: string | string[]) => WebSocket;

/** The `ws` client bound to a source address (see `ConnectOptions.localAddress`). */
export function webSocketFrom(localAddress: string): WebSocketClass {
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { localAddress });
    }
  };
}
