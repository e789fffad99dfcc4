import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createChatServer } from './createChatServer.js';

// Serves the built app and its WebSocket on one port: `pnpm demo` builds first, then runs this.
const staticDir = fileURLToPath(new URL('../../dist', import.meta.url));
if (!existsSync(staticDir)) {
  console.error('No build found: run `pnpm --filter @wirecall/example-chat build` first.');
  process.exit(1);
}
const host = process.env.HOST ?? '127.0.0.1';
let server = createChatServer({ staticDir });
let url: string;
try {
  url = await server.listen(Number(process.env.PORT ?? 3000), host);
} catch (error) {
  // Port 3000 taken and no PORT asked for: any free port will do.
  if (process.env.PORT || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
  server = createChatServer({ staticDir });
  url = await server.listen(0, host);
}
console.log(`\nwirecall chat is running: open ${url} (in two tabs to see messages go live)`);
console.log('Press Ctrl+C to stop.\n');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
