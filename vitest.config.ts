import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@wirecall/source'] },
  ssr: { resolve: { conditions: ['@wirecall/source'] } },
  test: {
    include: ['packages/*/{src,test}/**/*.test.{ts,tsx}', 'examples/*/test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    typecheck: {
      enabled: true,
      include: ['packages/*/{src,test}/**/*.test-d.{ts,tsx}'],
      tsconfig: './tsconfig.json',
    },
  },
});
