import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createTodoServer } from '../src/server/createTodoServer.js';

// Two tabs in a real browser (Debian's Chromium, driven by playwright-core); skipped, saying why,
// where it is not installed.
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const title = hasChromium
  ? 'todos in two browser tabs'
  : `todos in two browser tabs (skipped: no Chromium at ${CHROMIUM}; apt-get install -y chromium)`;
const root = fileURLToPath(new URL('..', import.meta.url));

describe.skipIf(!hasChromium)(title, () => {
  let staticDir: string;
  let server: ReturnType<typeof createTodoServer>;
  let port: number;
  let browser: Browser;

  beforeAll(async () => {
    staticDir = await mkdtemp(join(tmpdir(), 'wirecall-todos-'));
    const { build } = await import('vite');
    await build({
      configFile: join(root, 'vite.config.ts'),
      build: { outDir: staticDir, emptyOutDir: true, sourcemap: false },
      logLevel: 'error',
    });
    server = createTodoServer(staticDir);
    port = await server.listen(0);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-dev-shm-usage'],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (staticDir) await rm(staticDir, { recursive: true, force: true });
  });

  async function open(): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    page.on('pageerror', (error) => console.error('page error:', error));
    await page.goto(`http://127.0.0.1:${port}/`);
    return page;
  }

  const shows = (page: Page, list: string, text: string) =>
    page.getByTestId(list).getByText(text, { exact: true }).waitFor({ timeout: 20_000 });

  it('shows a todo added in one tab in the other, without polling, in both bindings', async () => {
    const first = await open();
    const second = await open();
    await first.getByLabel('Todo').fill('buy milk');
    await first.getByRole('button', { name: 'Add' }).click();
    for (const page of [second, first]) {
      await shows(page, 'hook-list', 'buy milk');
      await shows(page, 'tanstack-list', 'buy milk');
    }
    await second.getByLabel('Todo').fill('and eggs');
    await second.getByRole('button', { name: 'Add' }).click();
    await shows(first, 'hook-list', 'and eggs');
    await shows(first, 'tanstack-list', 'and eggs');
  }, 90_000);
});
