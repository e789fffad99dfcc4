import {
  createServer as createHttpServer,
  type Server as HttpServer,
  type RequestListener,
} from 'node:http';
import type { AttachOptions } from './nodeHttp.js';
import type { WirecallServer } from './WirecallServer.js';

/**
 * An HTTP server for an Express app that also serves `server`'s WebSocket upgrades on
 * `options.path`; listen on it where you would call `app.listen`. Any `(request, response)`
 * listener works the same way.
 * @example
 * const httpServer = serveExpress(server, app, { path: '/rpc' }); // ws://host:3000/rpc
 * httpServer.listen(3000);
 */
export function serveExpress(
  server: WirecallServer,
  app: RequestListener,
  options: AttachOptions = {},
): HttpServer {
  const httpServer = createHttpServer(app);
  server.attach(httpServer, options);
  return httpServer;
}
