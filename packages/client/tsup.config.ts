import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', opentelemetry: 'src/telemetry/opentelemetry.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // ESM-only: bundled, so the CommonJS build runs on every Node 20 without require(esm).
  noExternal: ['eventsource-parser'],
});
