import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    bun: 'src/bun.ts',
    deno: 'src/deno.ts',
    internal: 'src/internal.ts',
    opentelemetry: 'src/telemetry/opentelemetry.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // The entry points share their modules as chunks (in CJS too): `/bun` and `/deno` find the
  // servers `createServer` made in the one registry of the main entry's chunk, and `/internal`
  // hands out the same hub classes.
  splitting: true,
});
