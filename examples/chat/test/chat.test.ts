import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatServer, createChatServer } from '../src/server/createChatServer.js';

// End-to-end in a real browser: Debian's Chromium, driven by playwright-core. Skipped, saying
// why, where it is not installed (`apt-get install -y chromium`; .ci/run installs it).
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const title = hasChromium
  ? 'chat in a real browser'
  : `chat in a real browser (skipped: no Chromium at ${CHROMIUM}; apt-get install -y chromium)`;

const root = fileURLToPath(new URL('..', import.meta.url));
const screenshots = join(root, '../../test-results/chat');

describe.skipIf(!hasChromium)(title, () => {
  let staticDir: string;
  let server: ChatServer;
  let port: number;
  let browser: Browser;

  beforeAll(async () => {
    // Build the app into a folder of its own, so a running `pnpm demo` is left alone.
    staticDir = await mkdtemp(join(tmpdir(), 'wirecall-chat-'));
    const { build } = await import('vite');
    await build({
      configFile: join(root, 'vite.config.ts'),
      build: { outDir: staticDir, emptyOutDir: true, sourcemap: false },
      logLevel: 'error',
    });
    server = createChatServer({ staticDir });
    port = Number(new URL(await server.listen(0)).port);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-dev-shm-usage'],
    });
    await mkdir(screenshots, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (staticDir) await rm(staticDir, { recursive: true, force: true });
  });

  /** A page in a fresh browser context (its own storage), chatting as `name`. */
  async function open(name: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1100, height: 700 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[${name}] page error:`, error));
    await page.goto(`http://127.0.0.1:${port}/?name=${name}#general`);
    await connection(page, 'open');
    return page;
  }

  function connection(page: Page, state: string) {
    return page.waitForSelector(`[data-testid="connection"][data-state="${state}"]`, {
      timeout: 20_000,
    });
  }

  async function send(page: Page, text: string): Promise<void> {
    await page.getByLabel('Message').fill(text);
    await page.getByRole('button', { name: 'Send' }).click();
  }

  function messageIn(page: Page, text: string) {
    return page
      .getByTestId('messages')
      .getByText(text, { exact: true })
      .waitFor({ timeout: 20_000 });
  }

  it('delivers a message sent in one page live to another, and shows typed errors', async () => {
    const ada = await open('ada');
    const grace = await open('grace');
    // Presence: each page sees both people in the room.
    for (const page of [ada, grace]) {
      await page.getByTestId('online').getByText('ada').waitFor({ timeout: 20_000 });
      await page.getByTestId('online').getByText('grace').waitFor({ timeout: 20_000 });
    }

    await send(ada, 'hello from ada');
    await messageIn(grace, 'hello from ada');
    await messageIn(ada, 'hello from ada');
    await expect.poll(() => ada.getByLabel('Message').inputValue()).toBe('');

    // Too long: the server's declared MESSAGE_TOO_LONG error reaches the user, typed.
    await send(ada, 'x'.repeat(300));
    const error = ada.getByTestId('send-error');
    await error.waitFor({ timeout: 20_000 });
    expect(await error.getAttribute('data-code')).toBe('MESSAGE_TOO_LONG');
    expect(await error.textContent()).toBe('Message too long: 300 characters, the limit is 280.');

    await ada.screenshot({ path: join(screenshots, 'ada.png') });
    await grace.screenshot({ path: join(screenshots, 'grace.png') });
    await ada.context().close();
    await grace.context().close();
  }, 90_000);

  it('shows reconnecting while the server restarts, then goes on live', async () => {
    const ada = await open('ada');
    const grace = await open('grace');

    await server.close();
    await Promise.all([connection(ada, 'reconnecting'), connection(grace, 'reconnecting')]);
    await ada.screenshot({ path: join(screenshots, 'reconnecting.png') });

    server = createChatServer({ staticDir });
    await server.listen(port);
    await Promise.all([connection(ada, 'open'), connection(grace, 'open')]);

    // Both pages go on receiving (and presence is rebuilt on the new server).
    await send(grace, 'back after the restart');
    await messageIn(ada, 'back after the restart');
    await send(ada, 'and ada too');
    await messageIn(grace, 'and ada too');
    await ada.getByTestId('online').getByText('grace').waitFor({ timeout: 20_000 });
    await ada.screenshot({ path: join(screenshots, 'after-restart.png') });
    await ada.context().close();
    await grace.context().close();
  }, 90_000);
});
