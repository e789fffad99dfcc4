import { fileURLToPath } from 'node:url';
import { defineConfig, type TestProjectConfiguration } from 'vitest/config';
import { WORKER_COMPATIBILITY_DATE } from './test-utils/src/runtimes/compatibilityDate.js';

/** React 18 and the testing library built against it, from the `test-react18` workspace package. */
const react18 = (name: string) =>
  fileURLToPath(new URL(`./test-react18/node_modules/${name}`, import.meta.url));

/** Solid's browser build (Node's resolves to its server build, which renders once and never reacts). */
const solid = (path: string) =>
  fileURLToPath(
    new URL(`./packages/tanstack-query/node_modules/solid-js/${path}`, import.meta.url),
  );

/**
 * Tests that run inside workerd, Cloudflare's runtime, through its Vitest pool. Loading the pool
 * adds seconds to every vitest start, so it runs in CI, in `pnpm test:workerd`, and wherever
 * WIRECALL_WORKERD_POOL=1; the client is tested in workerd through miniflare in every run anyway.
 */
async function workerdProjects(): Promise<TestProjectConfiguration[]> {
  if (!process.env.CI && process.env.WIRECALL_WORKERD_POOL !== '1') return [];
  const { cloudflareTest } = await import('@cloudflare/vitest-pool-workers');
  return [
    {
      extends: true,
      plugins: [cloudflareTest({ miniflare: { compatibilityDate: WORKER_COMPATIBILITY_DATE } })],
      test: {
        name: 'workerd',
        include: ['test-utils/test-workerd/**/*.test.ts'],
        globalSetup: ['test-utils/test-workerd/globalSetup.ts'],
      },
    },
  ];
}

export default defineConfig({
  resolve: { conditions: ['@wirecall/source'] },
  ssr: { resolve: { conditions: ['@wirecall/source'] } },
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'wirecall',
          include: [
            'packages/*/{src,test}/**/*.test.{ts,tsx}',
            'examples/*/test/**/*.test.ts',
            'scripts/**/*.test.ts',
            'test-utils/test/**/*.test.ts',
          ],
          exclude: ['packages/tanstack-query/test/solidQuery.test.ts', '**/node_modules/**'],
          typecheck: {
            enabled: true,
            include: ['packages/*/{src,test}/**/*.test-d.{ts,tsx}'],
            tsconfig: './tsconfig.json',
          },
        },
      },
      ...(await workerdProjects()),
      {
        // @tanstack/solid-query on Solid's reactive (browser) build, in Node.
        extends: true,
        resolve: {
          alias: [
            { find: /^solid-js$/, replacement: solid('dist/solid.js') },
            { find: /^solid-js\/store$/, replacement: solid('store/dist/store.js') },
            { find: /^solid-js\/web$/, replacement: solid('web/dist/web.js') },
          ],
        },
        test: {
          name: 'solid',
          include: ['packages/tanstack-query/test/solidQuery.test.ts'],
          server: { deps: { inline: [/@tanstack\/solid-query/, /solid-js/] } },
        },
      },
      {
        // The React package's tests again on React 18, the oldest version its peer range allows.
        extends: true,
        resolve: {
          alias: [
            { find: /^react-dom(\/.*)?$/, replacement: `${react18('react-dom')}$1` },
            { find: /^react(\/.*)?$/, replacement: `${react18('react')}$1` },
            { find: /^@testing-library\/react$/, replacement: react18('@testing-library/react') },
          ],
        },
        test: {
          name: 'react18',
          include: ['packages/react/test/**/*.test.tsx'],
          env: { EXPECTED_REACT_MAJOR: '18' },
        },
      },
    ],
  },
});
