import type { HttpHandler } from '../http/HttpHandler.js';
import type { ConnectionHub } from '../hub/ConnectionHub.js';
import type { OriginPolicy } from '../origin.js';

/**
 * What the adapters of other runtimes (Bun, Deno) need of a server beyond its public API: its
 * hub, its HTTP handler and its origin policy. Not on the class, so the public type stays as it is.
 */
export interface ServerInternals {
  readonly hub: ConnectionHub;
  readonly http: HttpHandler;
  readonly allowedOrigins: OriginPolicy | undefined;
}

/**
 * Each server's internals. The package's entry points share this module (one chunk in the build),
 * so `@wirecall/server/bun` finds what `@wirecall/server` registered.
 */
const internals = new WeakMap<object, ServerInternals>();

/** Registers a server's internals; its constructor calls it. */
export function registerInternals(server: object, parts: ServerInternals): void {
  internals.set(server, parts);
}

/**
 * A server's internals.
 * @throws TypeError when `server` was not made by `createServer` (of this copy of the package).
 */
export function internalsOf(server: object): ServerInternals {
  const parts = internals.get(server);
  if (!parts) {
    throw new TypeError(
      'Expected a server made by createServer() of @wirecall/server (is the package installed twice?)',
    );
  }
  return parts;
}
