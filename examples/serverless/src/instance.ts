// One serverless-style instance: `server.fetch` under node:http, no WebSocket. A host such as
// Vercel or Netlify would call `fetch` itself; this process stands in for one function instance.
import { createServer } from 'node:http';
import { fetchListener } from '@wirecall/server';
import { createBoardServer } from './createBoardServer.js';

const board = createBoardServer({
  redisUrl: process.env.REDIS_URL,
  keyPrefix: process.env.KEY_PREFIX,
  maxDurationMs: process.env.MAX_DURATION_MS ? Number(process.env.MAX_DURATION_MS) : undefined,
});
const http = createServer(fetchListener(board.fetch));
http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = http.address();
  // The parent (the local balancer, a test) reads the port from this line.
  console.log(JSON.stringify({ listening: typeof address === 'object' && address?.port }));
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await board[Symbol.asyncDispose]();
    http.close();
    process.exit(0);
  });
}
