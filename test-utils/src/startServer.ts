import type { ContractShape } from '@wirecall/core';
import { createServer, type ServerOptions, type WirecallServer } from '@wirecall/server';

/** A wirecall server on a loopback port, closed by `await using`. */
export interface StartedServer extends AsyncDisposable {
  readonly server: WirecallServer;
  readonly url: string;
  readonly port: number;
}

/** Starts a real server on 127.0.0.1 with a free port. */
export async function startServer<
  TContract extends ContractShape,
  TContext extends object = object,
>(contract: TContract, options: ServerOptions<TContract, TContext>): Promise<StartedServer> {
  const server = createServer(contract, options);
  const { url, port } = await server.listen({ port: 0 });
  return { server, url, port, [Symbol.asyncDispose]: () => server.close() };
}
