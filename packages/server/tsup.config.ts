import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/bun.ts', 'src/deno.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // The entry points share their modules as chunks (in CJS too): `/bun` and `/deno` find the
  // servers `createServer` made in the one registry of the main entry's chunk.
  splitting: true,
});
