import type { Server as HttpServer } from 'node:http';
import { serveExpress } from './express.js';
import { type FetchHandler, fetchListener } from './fetchListener.js';
import type { AttachOptions } from './nodeHttp.js';
import type { WirecallServer } from './WirecallServer.js';

/**
 * A `node:http` server for a Hono app (or any app with a WHATWG `fetch`) that also serves
 * `server`'s WebSocket upgrades on `options.path`; listen on it. `@hono/node-server` is not
 * needed for it: attach to its server instead if you use it.
 * @example
 * const app = new Hono().get('/health', (c) => c.text('ok'));
 * serveHono(server, app, { path: '/rpc' }).listen(3000);
 */
export function serveHono(
  server: WirecallServer,
  app: { readonly fetch: FetchHandler },
  options: AttachOptions = {},
): HttpServer {
  return serveExpress(
    server,
    fetchListener((request) => app.fetch(request)),
    options,
  );
}
