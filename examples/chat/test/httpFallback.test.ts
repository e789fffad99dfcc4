import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startUpgradeBlockingProxy, type UpgradeBlockingProxy } from '@wirecall/test-utils';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatServer, createChatServer } from '../src/server/createChatServer.js';
import { sqliteStore } from '../src/server/store/sqliteStore.js';

// The HTTP + SSE fallback in a real browser: Debian's Chromium, driven by playwright-core, on
// pages served through a proxy that refuses WebSocket upgrades (as corporate proxies do).
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const title = hasChromium
  ? 'chat over the HTTP fallback in a real browser'
  : `chat over the HTTP fallback in a real browser (skipped: no Chromium at ${CHROMIUM})`;

const root = fileURLToPath(new URL('..', import.meta.url));
const rooms = Array.from({ length: 10 }, (_, n) => `room-${n}`);

describe.skipIf(!hasChromium)(title, () => {
  let staticDir: string;
  let dataDir: string;
  let server: ChatServer;
  let proxy: UpgradeBlockingProxy;
  let browser: Browser;

  beforeAll(async () => {
    staticDir = await mkdtemp(join(tmpdir(), 'wirecall-chat-http-'));
    dataDir = await mkdtemp(join(tmpdir(), 'wirecall-chat-http-data-'));
    const { build, defaultClientConditions } = await import('vite');
    await build({
      configFile: join(root, 'vite.config.ts'),
      build: { outDir: staticDir, emptyOutDir: true, sourcemap: false },
      logLevel: 'error',
    });
    // The many-subscriptions page, next to the app (served at /tabs/).
    await build({
      configFile: false,
      root: join(root, 'test/httpTabs'),
      base: '/tabs/',
      resolve: { conditions: ['@wirecall/source', ...defaultClientConditions] },
      build: { outDir: join(staticDir, 'tabs'), emptyOutDir: true, sourcemap: false },
      logLevel: 'error',
    });
    server = createChatServer({
      staticDir,
      rooms: ['general', ...rooms],
      store: sqliteStore(join(dataDir, 'chat.sqlite')),
    });
    const port = Number(new URL(await server.listen(0)).port);
    proxy = await startUpgradeBlockingProxy(port);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-dev-shm-usage'],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await proxy?.[Symbol.asyncDispose]();
    await server?.close();
    if (staticDir) await rm(staticDir, { recursive: true, force: true });
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const origin = () => `http://127.0.0.1:${proxy.port}`;

  async function openChat(name: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1100, height: 700 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[${name}] page error:`, error));
    await page.goto(`${origin()}/?name=${name}#general`);
    await page.waitForSelector('[data-testid="connection"][data-state="open"]', {
      timeout: 30_000,
    });
    return page;
  }

  async function send(page: Page, text: string): Promise<void> {
    await page.getByLabel('Message').fill(text);
    await page.getByRole('button', { name: 'Send' }).click();
  }

  function messageIn(page: Page, text: string) {
    return page
      .getByTestId('messages')
      .getByText(text, { exact: true })
      .waitFor({ timeout: 30_000 });
  }

  it('chats (calls and a live subscription) when the WebSocket upgrade is refused', async () => {
    const refusedBefore = proxy.refused;
    const ada = await openChat('ada');
    const grace = await openChat('grace');
    // Both pages tried the WebSocket, were refused, and fell back to HTTP + SSE.
    expect(proxy.refused - refusedBefore).toBeGreaterThanOrEqual(2);
    expect(proxy.upgraded).toBe(0);

    await send(ada, 'hello over http');
    await messageIn(grace, 'hello over http');
    await messageIn(ada, 'hello over http');
    await send(grace, 'and back');
    await messageIn(ada, 'and back');
    // A typed error still reaches the user over HTTP.
    await send(ada, 'x'.repeat(300));
    const error = ada.getByTestId('send-error');
    await error.waitFor({ timeout: 30_000 });
    expect(await error.getAttribute('data-code')).toBe('MESSAGE_TOO_LONG');
    // Presence (a subscription too) shows both people.
    await ada.getByTestId('online').getByText('grace').waitFor({ timeout: 30_000 });
    await ada.context().close();
    await grace.context().close();
  }, 120_000);

  it('runs 10 subscriptions in each of 3 tabs of one origin over HTTP/1.1', async () => {
    // One browser context: its tabs share Chromium's six HTTP/1.1 connections per origin. One
    // stream per subscription would need 30; the client multiplexes them over one per tab.
    const context = await browser.newContext();
    const tabs: Page[] = [];
    for (let n = 0; n < 3; n++) {
      const page = await context.newPage();
      page.on('pageerror', (error) => console.error(`[tab ${n}] page error:`, error));
      await page.goto(`${origin()}/tabs/index.html?name=tab${n}&rooms=${rooms.join(',')}`);
      tabs.push(page);
    }
    for (const tab of tabs) {
      await tab.waitForFunction(() => window.live?.() === 10, undefined, { timeout: 45_000 });
    }
    const [first, second, third] = tabs as [Page, Page, Page];
    // Each tab sends to some rooms; every tab receives every message in every room.
    const sent: Array<[string, string]> = [];
    for (const [n, room] of rooms.entries()) {
      const tab = [first, second, third][n % 3] as Page;
      const text = `m${n} in ${room}`;
      await tab.evaluate(([r, t]) => window.send(r, t), [room, text] as const);
      sent.push([room, text]);
    }
    for (const tab of tabs) {
      await tab.waitForFunction(
        (expected) =>
          expected.every(([room, text]) => window.received[room]?.includes(text) ?? false),
        sent,
        { timeout: 45_000 },
      );
      const received = await tab.evaluate(() => window.received);
      for (const [room, text] of sent) {
        expect(received[room]?.filter((t) => t === text)).toHaveLength(1);
      }
    }
    // Still HTTP/1.1 through the proxy, and no WebSocket involved.
    const protocol = await first.evaluate(
      () =>
        (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming)
          .nextHopProtocol,
    );
    expect(protocol).toBe('http/1.1');
    expect(proxy.upgraded).toBe(0);
    await context.close();
  }, 150_000);
});
