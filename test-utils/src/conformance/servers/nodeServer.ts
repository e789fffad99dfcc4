// A conformance server in its own Node process, through `server.listen`: the model of the server
// scripts that other runtimes run (Bun, Deno). Prints `LISTENING <url>` once it listens, and closes
// gracefully on SIGTERM. Run with tsx and the `@wirecall/source` condition.
import { createServer } from '@wirecall/server';
import { conformanceCloseOptions, conformanceContract } from '../conformanceContract.js';
import { conformanceServerOptions } from '../conformanceHandlers.js';

const server = createServer(conformanceContract, conformanceServerOptions());
const { url } = await server.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`LISTENING ${url}\n`);
process.once('SIGTERM', () => {
  void server.close(conformanceCloseOptions).then(() => process.exit(0));
});
