import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    // Both configs build at once: leave the bin's files to the other one.
    clean: ['!cli.*'],
    target: 'es2022',
  },
  {
    // The bin is ESM only: it is run, never imported, and tsx's loader API wants ESM.
    entry: { cli: 'src/cli.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'es2022',
  },
]);
