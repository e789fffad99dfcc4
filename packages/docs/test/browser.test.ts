import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateDocs } from '@wirecall/docs';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { docsContract } from './fixtures/docsContract.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  // playwright's own browser download cannot run everywhere; the test uses the system's Chromium.
  console.warn(
    `browser.test.ts: skipping the headless-browser check of the generated HTML: no Chromium at ${CHROMIUM} (apt-get install chromium)`,
  );
}
const outDir = fileURLToPath(new URL('../../../test-results/docs/', import.meta.url));

describe('generated HTML in a browser', () => {
  it.skipIf(!hasChromium)(
    hasChromium
      ? 'shows every procedure offline and the filter hides the others (headless Chromium)'
      : `skipped: no Chromium at ${CHROMIUM} (apt-get install chromium to run it)`,
    async () => {
      const { html } = generateDocs(docsContract, { title: 'Fixture API', version: '1.2.3' });
      await mkdir(outDir, { recursive: true });
      const page = new URL('index.html', pathToFileURL(outDir));
      await writeFile(page, html);

      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      });
      try {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        const tab = await context.newPage();
        const external: string[] = [];
        tab.on('request', (request) => {
          if (!request.url().startsWith('file:')) external.push(request.url());
        });
        const errors: string[] = [];
        tab.on('pageerror', (error) => errors.push(error.message));
        await tab.goto(page.href);

        const cards = tab.locator('article.procedure');
        const shownIds = () =>
          cards.evaluateAll((all) =>
            all.filter((el) => !(el as HTMLElement).hidden).map((el) => el.id),
          );
        await expect.poll(() => cards.count()).toBe(8);
        for (const path of [
          'health',
          'chat.send',
          'chat.messages',
          'catalog.tree',
          'files.upload',
        ]) {
          expect(await tab.locator(`article[id="${path}"]`).isVisible()).toBe(true);
          expect(await tab.locator(`nav a[href="#${path}"]`).isVisible()).toBe(true);
        }
        expect(await tab.locator('#no-match').isVisible()).toBe(false);
        await tab.screenshot({ path: `${outDir}contract.png` });

        await tab.fill('#filter', 'upload');
        expect(await shownIds()).toEqual(['files.upload']);
        expect(await tab.locator('article[id="chat.send"]').isVisible()).toBe(false);
        expect(await tab.locator('nav a[href="#chat.send"]').isVisible()).toBe(false);
        expect(await tab.locator('section[data-namespace="chat"]').isVisible()).toBe(false);
        await tab.screenshot({ path: `${outDir}contract-filtered.png` });

        // Words match anywhere: kind, description, error codes.
        await tab.fill('#filter', 'mutation room_closed');
        expect(await shownIds()).toEqual(['chat.send']);
        await tab.fill('#filter', 'no such procedure');
        expect(await tab.locator('#no-match').isVisible()).toBe(true);
        await tab.fill('#filter', '');
        await expect.poll(() => shownIds().then((ids) => ids.length)).toBe(8);

        // The hostile description and schema text stayed text.
        expect(await tab.evaluate(() => (window as { __pwned?: boolean }).__pwned)).toBeUndefined();
        expect(
          await tab.locator('article[id="notes.add"] .description').first().textContent(),
        ).toContain('<script>window.__pwned = true</script>');
        expect(errors).toEqual([]);
        expect(external).toEqual([]);
      } finally {
        await browser.close();
      }
    },
  );
});
