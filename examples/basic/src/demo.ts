import { runExampleClient } from './client.js';
import { createExampleServer } from './server.js';

// Starts the server and runs the client against it, in one process.
const server = createExampleServer();
const { url } = await server.listen({ port: 0 });
console.log(`server listening on ${url}\n`);
await runExampleClient(url, (line) => console.log(`client> ${line}`));
await server.close();
console.log('\ndone: server closed.');
