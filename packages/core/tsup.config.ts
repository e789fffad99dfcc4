import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/internal.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  // Both entries share one copy of each module (in CJS too), so a class such as ProtocolError
  // is the same whichever entry threw it.
  splitting: true,
  target: 'es2022',
  // superjson (for richCodec) is ESM only: bundled, so the CommonJS build works on every Node 20
  // and users install nothing for it.
  noExternal: ['superjson', 'copy-anything', 'is-what'],
});
