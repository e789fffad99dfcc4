// A conformance server through Bun's native adapter (`bunHandler` on `Bun.serve`), run by `bun`.
// Prints `LISTENING <url>` once it listens, and closes gracefully on SIGTERM.
import { createServer } from '@wirecall/server';
import { bunHandler } from '@wirecall/server/bun';
import { conformanceCloseOptions, conformanceContract } from '../conformanceContract.js';
import { conformanceServerOptions } from '../conformanceHandlers.js';

/** The part of Bun's global this script uses (Bun's types are not part of this workspace). */
declare const Bun: {
  serve(options: { port: number; hostname: string } & ReturnType<typeof bunHandler>): {
    readonly port: number;
    stop(closeActiveConnections?: boolean): Promise<void>;
  };
};

const server = createServer(conformanceContract, conformanceServerOptions());
const bun = Bun.serve({ port: 0, hostname: '127.0.0.1', ...bunHandler(server, { path: '/rpc' }) });
process.stdout.write(`LISTENING ws://127.0.0.1:${bun.port}/rpc\n`);
process.once('SIGTERM', () => {
  void server
    .close(conformanceCloseOptions)
    .then(() => bun.stop(true))
    .then(() => process.exit(0));
});
