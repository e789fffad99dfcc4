import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';

// Builds the browser app into dist/, which the todo server serves next to its WebSocket.
export default defineConfig({
  root: fileURLToPath(new URL('./src/client', import.meta.url)),
  // Use the workspace packages' TypeScript sources, so the demo needs no package build first.
  resolve: { conditions: ['@wirecall/source', ...defaultClientConditions] },
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
  },
  logLevel: 'warn',
});
