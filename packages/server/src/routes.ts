import { type ContractShape, getProcedures } from '@wirecall/core';
import type { MiddlewareEntry } from './middleware/middleware.js';
import { type ChainTarget, chainFor } from './middleware/middlewareChain.js';

/**
 * A procedure with its handler, resolved once when the server is created, and the server's
 * middleware that applies to it, around its handler (none if none does).
 */
export type Route = ChainTarget;

/**
 * Resolves every procedure's handler (and the middleware around it) once, so dispatch is one map
 * lookup per message.
 * @throws TypeError naming the first procedure without a handler, or a scoped middleware's path
 * that names no procedure or namespace (a typo would silently leave procedures unguarded).
 */
export function resolveRoutes(
  contract: ContractShape,
  handlers: object,
  middleware: readonly MiddlewareEntry[] = [],
): ReadonlyMap<string, Route> {
  const routes = new Map<string, Route>();
  for (const [path, procedure] of getProcedures(contract)) {
    let node: unknown = handlers;
    for (const name of path.split('.')) {
      node =
        typeof node === 'object' && node !== null
          ? (node as Record<string, unknown>)[name]
          : undefined;
    }
    // A presence needs no handler: without one, anyone may join as the connection's member.
    if (node === undefined && procedure.kind === 'presence') node = () => undefined;
    if (typeof node !== 'function') {
      throw new TypeError(`Missing handler for ${procedure.kind} "${path}"`);
    }
    const route: Route = { path, procedure, handler: node as Route['handler'] };
    const chain = chainFor(route, middleware);
    routes.set(path, chain ? { ...route, middleware: chain } : route);
  }
  checkScopes(routes, middleware);
  return routes;
}

function checkScopes(routes: ReadonlyMap<string, Route>, middleware: readonly MiddlewareEntry[]) {
  if (!Array.isArray(middleware)) throw new TypeError('The middleware option must be an array');
  for (const entry of middleware) {
    if (typeof entry === 'function') continue;
    if (typeof entry !== 'object' || entry === null || typeof entry.middleware !== 'function') {
      throw new TypeError('Each middleware must be a function or made by scoped()');
    }
    const { path } = entry;
    const matches = [...routes.keys()].some(
      (route) => route === path || route.startsWith(`${path}.`),
    );
    if (!matches)
      throw new TypeError(`Scoped middleware "${path}" names no procedure or namespace`);
  }
}
