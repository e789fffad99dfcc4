import { type ContractShape, isContract } from '@wirecall/core';
import { WirecallServer } from './adapters/WirecallServer.js';
import type { MiddlewareEntry } from './middleware/middleware.js';
import { resolveRoutes } from './routes.js';
import type { ServerOptions } from './serverOptions.js';

/**
 * Creates a server for a contract. Every procedure needs a handler; inputs are validated against
 * the contract before a handler runs.
 * @example
 * const server = createServer(api, {
 *   context: ({ params }) => ({ user: authenticate(params) }),
 *   handlers: { greet: ({ name }) => `Hello, ${name}!` },
 * });
 * await server.listen({ port: 8080 });
 */
export function createServer<
  TContract extends ContractShape,
  TContext extends object = object,
  const TMiddleware extends readonly MiddlewareEntry[] = readonly MiddlewareEntry[],
>(contract: TContract, options: ServerOptions<TContract, TContext, TMiddleware>): WirecallServer {
  if (!isContract(contract))
    throw new TypeError('createServer expects a contract made by defineContract()');
  const routes = resolveRoutes(contract, options.handlers, options.middleware);
  return new WirecallServer(routes, options as unknown as ServerOptions<ContractShape, object>);
}
