import type { Server as HttpServer } from 'node:http';
import type { CloseOptions } from '../serverOptions.js';
import type { AttachOptions } from './nodeHttp.js';
import type { WirecallServer } from './WirecallServer.js';

/** The parts of a Fastify instance the adapter uses (Fastify 4 and 5). */
export interface FastifyLike {
  /** The `node:http` server Fastify listens with. */
  readonly server: HttpServer;
  /** Registers a hook; the adapter uses `preClose`, which runs before Fastify stops listening. */
  addHook(name: 'preClose', hook: () => Promise<void>): unknown;
}

/** Options of {@link attachToFastify}. */
export interface FastifyAttachOptions extends AttachOptions {
  /**
   * How the wirecall server closes when the app closes: give running calls `timeoutMs` to finish,
   * as `server.close()` does.
   * @default {} (close at once; running calls are handed over to the clients' reconnects)
   */
  close?: CloseOptions;
}

/**
 * Serves `server`'s WebSocket upgrades on `options.path` of a Fastify app, and closes it when the
 * app closes: `app.close()` then shuts both down (open WebSockets would otherwise keep Fastify's
 * HTTP server from closing).
 * @example
 * attachToFastify(server, app, { path: '/rpc' });
 * await app.listen({ port: 3000 });
 */
export function attachToFastify(
  server: WirecallServer,
  app: FastifyLike,
  options: FastifyAttachOptions = {},
): void {
  const { close, ...attach } = options;
  server.attach(app.server, attach);
  app.addHook('preClose', () => server.close(close));
}
