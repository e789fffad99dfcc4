// A wirecall server in its own process, for chaos tests that kill and restart it. Prints
// `{"port":N}` on stdout once it listens. Run with tsx and the `@wirecall/source` condition.
import { createServer } from '@wirecall/server';
import { resumeContract } from '../resumeContract.js';
import { createResumeHandlers } from '../resumeHandlers.js';

const { handlers } = createResumeHandlers();
const server = createServer(resumeContract, { handlers, onError: () => {} });
const { port } = await server.listen({ port: 0 });
process.stdout.write(`${JSON.stringify({ port })}\n`);
