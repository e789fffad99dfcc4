import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/internal.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  // Both entries share one copy of each module, so the hub's classes are the same from either.
  splitting: true,
  target: 'es2022',
});
