import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatServer, createChatServer } from '../src/server/createChatServer.js';
import { sqliteStore } from '../src/server/store/sqliteStore.js';

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
  let dataDir: string;
  let server: ChatServer;
  let port: number;
  let browser: Browser;

  beforeAll(async () => {
    // Build the app into a folder of its own, so a running `pnpm demo` is left alone.
    staticDir = await mkdtemp(join(tmpdir(), 'wirecall-chat-'));
    dataDir = await mkdtemp(join(tmpdir(), 'wirecall-chat-data-'));
    const { build } = await import('vite');
    await build({
      configFile: join(root, 'vite.config.ts'),
      build: { outDir: staticDir, emptyOutDir: true, sourcemap: false },
      logLevel: 'error',
    });
    server = createChatServer({ staticDir, store: sqliteStore(join(dataDir, 'chat.sqlite')) });
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
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** A page in a fresh browser context (its own storage), chatting as `name`. */
  async function open(name: string, at = port): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1100, height: 700 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[${name}] page error:`, error));
    await page.goto(`http://127.0.0.1:${at}/?name=${name}#general`);
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

  it('shows who is online and who is typing (presence), and drops a person who leaves', async () => {
    const ada = await open('ada');
    const grace = await open('grace');
    const online = (page: Page, name: string) =>
      page.getByTestId('online').locator('li', { hasText: name });
    for (const page of [ada, grace]) {
      await online(page, 'ada').waitFor({ timeout: 20_000 });
      await online(page, 'grace').waitFor({ timeout: 20_000 });
    }
    // Typing in one page shows in the other, both ways, and ends with the send.
    for (const [typist, watcher, name] of [
      [grace, ada, 'grace'],
      [ada, grace, 'ada'],
    ] as const) {
      await typist.getByLabel('Message').pressSequentially('hel', { delay: 20 });
      await expect
        .poll(() => watcher.getByTestId('typing').textContent(), { timeout: 20_000 })
        .toBe(`${name} is typing…`);
      expect(await online(watcher, name).getAttribute('data-typing')).toBe('true');
      // Nobody is told that they are typing themselves.
      expect(await typist.getByTestId('typing').textContent()).toBe('');
      await typist.getByRole('button', { name: 'Send' }).click();
      await expect
        .poll(() => watcher.getByTestId('typing').textContent(), { timeout: 20_000 })
        .toBe('');
      expect(await online(watcher, name).getAttribute('data-typing')).toBe('false');
    }
    await ada.screenshot({ path: join(screenshots, 'presence.png') });

    // Another room is another presence: grace moving to #random leaves #general.
    await grace.evaluate(() => {
      location.hash = 'random';
    });
    await expect.poll(() => online(ada, 'grace').count(), { timeout: 20_000 }).toBe(0);
    await grace.evaluate(() => {
      location.hash = 'general';
    });
    await online(ada, 'grace').waitFor({ timeout: 20_000 });
    // Closing grace's browser context (all her tabs) removes her from ada's list.
    await grace.context().close();
    await expect.poll(() => online(ada, 'grace').count(), { timeout: 20_000 }).toBe(0);
    expect(await online(ada, 'ada').count()).toBe(1);
    await ada.context().close();
  }, 90_000);

  it('shows reconnecting while the server restarts, then goes on live', async () => {
    const ada = await open('ada');
    const grace = await open('grace');

    await server.close();
    await Promise.all([connection(ada, 'reconnecting'), connection(grace, 'reconnecting')]);
    await ada.screenshot({ path: join(screenshots, 'reconnecting.png') });

    server = createChatServer({ staticDir, store: sqliteStore(join(dataDir, 'chat.sqlite')) });
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
  /**
   * The chat server as its own process (as `pnpm demo` runs it), on `port` (0: any), keeping
   * its messages in `db`; resolves once it listens, with its port.
   */
  async function startProcess(
    db: string,
    at: number,
  ): Promise<{ child: ChildProcess; port: number }> {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@wirecall/source', 'src/server/main.ts'],
      {
        cwd: root,
        env: { ...process.env, PORT: String(at), CHAT_DB: db, CHAT_STATIC_DIR: staticDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout?.on('data', (chunk) => {
        output += chunk;
        const found = /open (http:\/\/\S+)/.exec(output);
        if (found?.[1]) resolve(found[1]);
      });
      child.once('exit', (code) =>
        reject(new Error(`chat server exited with ${code}:\n${output}`)),
      );
    });
    return { child, port: Number(new URL(url).port) };
  }

  /** Every message a page shows, in order, with its delivery status. */
  function shown(page: Page): Promise<string[]> {
    return page
      .locator('[data-testid="messages"] li[data-status]')
      .evaluateAll((items) =>
        items.map(
          (item) =>
            `${item.getAttribute('data-status')}: ${item.querySelector('.text')?.textContent}`,
        ),
      );
  }

  it('keeps the whole conversation, once each, through a server killed and restarted mid-conversation', async () => {
    const db = join(dataDir, 'killed.sqlite');
    let running = await startProcess(db, 0);
    const at = running.port;
    const children = [running.child];
    try {
      const ada = await open('ada', at);
      const grace = await open('grace', at);
      await send(ada, 'one from ada');
      await messageIn(grace, 'one from ada');
      await send(grace, 'two from grace');
      await messageIn(ada, 'two from grace');

      // A send still on its way when the server dies: whether or not the server stored it,
      // it must end up in the conversation exactly once.
      await send(ada, 'three, racing the kill');
      running.child.kill('SIGKILL');
      await Promise.all([connection(ada, 'reconnecting'), connection(grace, 'reconnecting')]);

      // Sent while the server is down: shown at once as pending, the box cleared, no error.
      await send(grace, 'four, while down');
      await send(ada, 'five, while down');
      for (const [page, text] of [
        [grace, 'four, while down'],
        [ada, 'five, while down'],
      ] as const) {
        await expect.poll(() => shown(page), { timeout: 20_000 }).toContain(`pending: ${text}`);
        expect(await page.getByLabel('Message').inputValue()).toBe('');
        expect(await page.getByTestId('send-error').count()).toBe(0);
      }
      await ada.screenshot({ path: join(screenshots, 'pending-while-down.png') });

      running = await startProcess(db, at);
      children.push(running.child);
      await Promise.all([connection(ada, 'open'), connection(grace, 'open')]);

      const expected = [
        'sent: one from ada',
        'sent: two from grace',
        'sent: three, racing the kill',
        'sent: four, while down',
        'sent: five, while down',
      ];
      const inOrder = (texts: string[]) => [...texts].sort();
      await expect
        .poll(async () => inOrder(await shown(ada)), { timeout: 20_000 })
        .toEqual(inOrder(expected));
      await expect
        .poll(async () => inOrder(await shown(grace)), { timeout: 20_000 })
        .toEqual(inOrder(expected));
      expect(await shown(ada)).toEqual(await shown(grace));
      expect(await ada.getByTestId('send-error').count()).toBe(0);

      // A tab opened after the restart sees the same history; the conversation goes on live.
      const linus = await open('linus', at);
      await expect.poll(() => shown(linus), { timeout: 20_000 }).toEqual(await shown(ada));
      await send(linus, 'six, after the restart');
      await messageIn(ada, 'six, after the restart');
      await messageIn(grace, 'six, after the restart');
      await ada.screenshot({ path: join(screenshots, 'after-kill.png') });
      for (const page of [ada, grace, linus]) await page.context().close();
    } finally {
      for (const child of children) child.kill('SIGKILL');
    }
  }, 120_000);
});
