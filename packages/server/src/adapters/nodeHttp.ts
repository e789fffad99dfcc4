import {
  createServer as createHttpServer,
  type Server as HttpServer,
  type IncomingMessage,
} from 'node:http';
import type { Duplex } from 'node:stream';

/** What serves the upgrades of one path of an HTTP server. */
export interface UpgradeHandler {
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
}

/** Options of {@link WirecallServer.attach}. */
export interface AttachOptions {
  /** Only upgrade requests for this path are handled. @default '/' */
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
  /** The `ws://` URL clients connect to. */
  readonly url: string;
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
}

/**
 * Starts an HTTP server that serves only `handler`'s WebSocket upgrades and answers plain
 * requests with 426 (upgrade required).
 */
export async function listenStandalone(
  handler: UpgradeHandler,
  options: ListenOptions = {},
): Promise<{ readonly httpServer: HttpServer; readonly address: ListeningAddress }> {
  const host = options.host ?? '127.0.0.1';
  const httpServer = createHttpServer((_request, response) => {
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
