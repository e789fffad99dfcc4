import {
  createServer as createHttpServer,
  type Server as HttpServer,
  type IncomingMessage,
  type RequestListener,
  type ServerResponse,
} from 'node:http';
import type { Duplex } from 'node:stream';

/** What serves the upgrades of one path of an HTTP server. */
export interface UpgradeHandler {
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
}

/** What serves the plain HTTP requests (calls, event streams) of one path of an HTTP server. */
export type HttpRequestHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** Options of {@link WirecallServer.attach}. */
export interface AttachOptions {
  /**
   * Only requests for this path are handled: WebSocket upgrades, and the HTTP requests that
   * carry the `wirecall-protocol` header (or are its CORS preflights); the app keeps the rest.
   * @default '/'
   */
  path?: string;
}

/** Options of {@link WirecallServer.listen}. */
export interface ListenOptions extends AttachOptions {
  /** Port to listen on; 0 picks a free one. @default 0 */
  port?: number;
  /** Interface to bind. @default '127.0.0.1' */
  host?: string;
}

/** Where a standalone server listens. */
export interface ListeningAddress {
  readonly host: string;
  readonly port: number;
  /** The `ws://` URL clients connect to (the same URL with `http://` serves HTTP and SSE). */
  readonly url: string;
}

/**
 * Whether a plain request is wirecall's: it carries the protocol header, asks for an event
 * stream, is a GET of a safe query (`?call=`), or is the preflight of one that will.
 */
function isWirecallRequest(request: IncomingMessage): boolean {
  if (request.headers['wirecall-protocol'] !== undefined) return true;
  // A safe query's GET may come without the header (a link, a CDN, a plain fetch).
  if (request.method === 'GET' && /[?&]call=/.test(request.url ?? '')) return true;
  // A plain EventSource, which cannot send the header, asks for an event stream.
  if (request.method === 'GET' && /text\/event-stream/i.test(request.headers.accept ?? ''))
    return true;
  const asked = request.headers['access-control-request-headers'];
  return (
    request.method === 'OPTIONS' && typeof asked === 'string' && /wirecall-protocol/i.test(asked)
  );
}

/**
 * Serves wirecall's plain requests for `path` before the app's own listeners, which keep every
 * other request: listeners registered before this call are moved behind it.
 */
function serveRequests(httpServer: HttpServer, path: string, requests: HttpRequestHandler): void {
  const app = httpServer.listeners('request') as RequestListener[];
  httpServer.removeAllListeners('request');
  httpServer.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (pathnameOf(request) === path && isWirecallRequest(request)) {
      requests(request, response);
      return;
    }
    for (const listener of app) listener.call(httpServer, request, response);
  });
}

const notFound = 'HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n';

/**
 * The upgrade handlers attached to each HTTP server, by path. One `upgrade` listener per HTTP
 * server serves them all, so an upgrade that none of them takes is refused exactly once.
 */
const attached = new WeakMap<HttpServer, Map<string, UpgradeHandler>>();

/** The path of a request's target; undefined when the target is no valid URL. */
function pathnameOf(request: IncomingMessage): string | undefined {
  try {
    return new URL(request.url ?? '/', 'http://localhost').pathname;
  } catch {
    // A target such as `//[` must not throw out of an 'upgrade' listener: that crashes the process.
    return undefined;
  }
}

/**
 * Serves the upgrades for `path` of `httpServer` with `handler`. Upgrades for paths no handler
 * serves are left to other listeners, or refused with 404 when there are none.
 * @throws Error when a handler is attached to the same path of `httpServer` already.
 */
export function attachToHttpServer(
  httpServer: HttpServer,
  handler: UpgradeHandler,
  options: AttachOptions = {},
  requests?: HttpRequestHandler,
): void {
  const path = options.path ?? '/';
  let byPath = attached.get(httpServer);
  if (!byPath) {
    const handlers = new Map<string, UpgradeHandler>();
    attached.set(httpServer, handlers);
    httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const pathname = pathnameOf(request);
      const served = pathname === undefined ? undefined : handlers.get(pathname);
      if (served) served.handleUpgrade(request, socket, head);
      else if (httpServer.listenerCount('upgrade') === 1) socket.end(notFound);
    });
    byPath = handlers;
  }
  if (byPath.has(path)) {
    throw new Error(`A wirecall server is already attached to "${path}" of this HTTP server`);
  }
  byPath.set(path, handler);
  if (requests) serveRequests(httpServer, path, requests);
}

/**
 * Starts an HTTP server that serves `handler`'s WebSocket upgrades and, on the same path,
 * `requests` (calls and event streams over HTTP); other plain requests get 426 (upgrade
 * required), or 404 for other paths.
 */
export async function listenStandalone(
  handler: UpgradeHandler,
  options: ListenOptions = {},
  requests?: HttpRequestHandler,
): Promise<{ readonly httpServer: HttpServer; readonly address: ListeningAddress }> {
  const host = options.host ?? '127.0.0.1';
  const path = options.path ?? '/';
  const httpServer = createHttpServer((request, response) => {
    const plainGet = request.method === 'GET' || request.method === 'HEAD';
    if (requests && pathnameOf(request) === path && (isWirecallRequest(request) || !plainGet)) {
      // Every request on the path but a page load, so a POST without the protocol header hears
      // why it failed; a browser opening the URL still learns it is a WebSocket endpoint.
      requests(request, response);
      return;
    }
    response.writeHead(426, { 'content-type': 'text/plain', upgrade: 'websocket' });
    response.end('This is a wirecall WebSocket endpoint.\n');
  });
  attachToHttpServer(httpServer, handler, options);
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 0, host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = `ws://${urlHost}:${port}${options.path ?? '/'}`;
  return { httpServer, address: { host, port, url } };
}

/** Closes an HTTP server and every connection it still has. */
export function closeHttpServer(httpServer: HttpServer): Promise<void> {
  return new Promise((resolve) => {
    httpServer.close(() => resolve());
    httpServer.closeAllConnections();
  });
}
