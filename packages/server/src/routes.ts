import { type AnyProcedure, type ContractShape, getProcedures } from '@wirecall/core';

/** A procedure with its handler, resolved once when the server is created. */
export interface Route {
  readonly path: string;
  readonly procedure: AnyProcedure;
  readonly handler: (input: unknown, ctx: never) => unknown;
}

/**
 * Resolves every procedure's handler once, so dispatch is one map lookup per message.
 * @throws TypeError naming the first procedure without a handler.
 */
export function resolveRoutes(
  contract: ContractShape,
  handlers: object,
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
    routes.set(path, { path, procedure, handler: node as Route['handler'] });
  }
  return routes;
}
