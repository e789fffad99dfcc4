// A conformance server through the Node adapter (`server.listen`) in a process of its own: Node
// (with tsx), or Bun and Deno through their Node compatibility. The model of every runtime's server
// script: prints `LISTENING <url>` once it listens, and closes gracefully on SIGTERM.
import { createServer } from '@wirecall/server';
import { conformanceCloseOptions, conformanceContract } from '../conformanceContract.js';
import { conformanceServerOptions } from '../conformanceHandlers.js';

const server = createServer(conformanceContract, conformanceServerOptions());
const { url } = await server.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`LISTENING ${url}\n`);
process.once('SIGTERM', () => {
  void server.close(conformanceCloseOptions).then(() => process.exit(0));
});
