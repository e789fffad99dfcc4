// A conformance server through Deno's native adapter (`denoHandler` on `Deno.serve`), run by
// `deno`. Prints `LISTENING <url>` once it listens, and closes gracefully on SIGTERM.
import { createServer } from '@wirecall/server';
import { type DenoHandler, denoHandler } from '@wirecall/server/deno';
import { conformanceCloseOptions, conformanceContract } from '../conformanceContract.js';
import { conformanceServerOptions } from '../conformanceHandlers.js';

/** The part of Deno's global this script uses (Deno's types are not part of this workspace). */
declare const Deno: {
  serve(
    options: { port: number; hostname: string; onListen?: () => void },
    handler: DenoHandler,
  ): { readonly addr: { readonly port: number }; shutdown(): Promise<void> };
  addSignalListener(signal: 'SIGTERM', listener: () => void): void;
  exit(code: number): never;
};

const server = createServer(conformanceContract, conformanceServerOptions());
const deno = Deno.serve(
  { port: 0, hostname: '127.0.0.1', onListen: () => {} },
  denoHandler(server, { path: '/rpc' }),
);
console.log(`LISTENING ws://127.0.0.1:${deno.addr.port}/rpc`);
Deno.addSignalListener('SIGTERM', () => {
  void server
    .close(conformanceCloseOptions)
    .then(() => deno.shutdown())
    .then(() => Deno.exit(0));
});
