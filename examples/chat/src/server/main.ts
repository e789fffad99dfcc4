import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createChatServer } from './createChatServer.js';
import { openStore } from './store/openStore.js';

// Serves the built app and its WebSocket on one port: `pnpm demo` builds first, then runs this.
// CHAT_STATIC_DIR serves another build (the browser tests use one of their own).
const staticDir =
  process.env.CHAT_STATIC_DIR || fileURLToPath(new URL('../../dist', import.meta.url));
if (!existsSync(staticDir)) {
  console.error('No build found: run `pnpm --filter @wirecall/example-chat build` first.');
  process.exit(1);
}
const host = process.env.HOST ?? '127.0.0.1';
const { store, description } = openStore();
let server = createChatServer({ staticDir, store });
let url: string;
try {
  url = await server.listen(Number(process.env.PORT ?? 3000), host);
} catch (error) {
  // Port 3000 taken and no PORT asked for: any free port will do.
  if (process.env.PORT || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
  server = createChatServer({ staticDir, store });
  url = await server.listen(0, host);
}
console.log(`\nwirecall chat is running: open ${url} (in two tabs to see messages go live)`);
console.log(`Messages are kept in ${description}. Press Ctrl+C to stop.\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
