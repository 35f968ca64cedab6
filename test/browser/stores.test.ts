// The Stores page in Chromium: Magento's websites and store views (through the MagentoStores port), each store view's
// routing saved from its own form, a refused value shown beside that store, and the page usable on a phone.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveStores, readStores } from '../../src/settings/stores.js';
import { fakeXero, harness, PASSWORD, type Harness } from '../http/support.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const SHOTS = join(process.cwd(), 'test-results', 'admin-ui');

// Magento's store structure as the generated store has it (src/emulators/magento/generator/reference.ts).
const WEBSITES = [
  { id: 1, code: 'base', name: 'Main Website' },
  { id: 2, code: 'europe', name: 'Europe Website' },
];
const STORES = {
  '0': { code: 'admin', timezone: 'America/Los_Angeles', baseCurrency: 'USD' },
  '1': { code: 'default', name: 'Default Store View', websiteId: 1, timezone: 'America/Los_Angeles', baseCurrency: 'USD' },
  '2': { code: 'uk', name: 'UK Store View', websiteId: 2, timezone: 'Europe/London', baseCurrency: 'USD' },
  '3': { code: 'de', name: 'German Store View', websiteId: 2, timezone: 'Europe/Berlin', baseCurrency: 'USD' },
};

let h: Harness;
let browser: Browser;
let base: string;

describe.skipIf(!available)('the Stores page in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const xero = fakeXero();
    h = await harness({
      config: { publicUrl: 'http://127.0.0.1', adminPassword: PASSWORD },
      xeroConnect: {
        ...xero,
        organisations: async () => [
          { tenantId: 't-1', name: 'Americas Shop', status: 'connected', isDefault: true },
          { tenantId: 't-2', name: 'Europe Shop', status: 'connected' },
        ],
      },
      stores: {
        async refresh() {
          const current = await readStores(h.storage.settings);
          const next = Object.fromEntries(Object.entries(STORES).map(([id, s]) => [id, { ...current[id], ...s }]));
          await saveStores(h.storage.settings, next);
          return { websites: WEBSITES };
        },
      },
    });
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  async function signedIn(viewport: { width: number; height: number }): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${base}/login`);
    await page.getByLabel('Admin password').fill(PASSWORD);
    await Promise.all([page.waitForURL(`${base}/`), page.getByLabel('Admin password').press('Enter')]);
    return { page, problems };
  }

  it('is linked in the navigation, lists both websites and their store views, and saves one store\'s routing', async () => {
    const { page, problems } = await signedIn({ width: 1280, height: 900 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Stores' }).click();
    await page.waitForURL(`${base}/stores`);
    await expect(page.getByRole('heading', { level: 2 }).allTextContents()).resolves.toEqual(['Main Website', 'Europe Website']);
    const german = page.locator('#store-3');
    await expect(german.getByRole('heading', { level: 3 }).textContent()).resolves.toContain('German Store View');

    await german.getByLabel('Xero organisation').selectOption({ label: 'Europe Shop' });
    await german.getByLabel('Invoice number prefix').fill('DE-');
    await german.getByLabel('Credit note number prefix').fill('DECN-');
    await german.getByLabel('Tracking category').fill('Store');
    await german.getByLabel('Tracking option').fill('Germany');
    await german.getByRole('button', { name: 'Save German Store View' }).click();
    await page.locator('.flash.notice').filter({ hasText: 'Saved German Store View.' }).waitFor();
    expect((await readStores(h.storage.settings))['3']).toMatchObject({ tenantId: 't-2', invoicePrefix: 'DE-', creditNotePrefix: 'DECN-', tracking: { name: 'Store', option: 'Germany' } });
    await expect(page.locator('[data-routing="3"]').textContent()).resolves.toBe('Now: Europe Shop');

    const uk = page.locator('#store-2');
    await uk.getByLabel('Xero organisation').selectOption({ label: 'Not synced' });
    await uk.getByRole('button', { name: 'Save UK Store View' }).click();
    await page.locator('.flash.notice').filter({ hasText: 'Saved UK Store View.' }).waitFor();
    expect((await readStores(h.storage.settings))['2']?.tenantId).toBeNull();
    await page.screenshot({ path: join(SHOTS, 'stores.png'), fullPage: true });
    expect(problems, problems.join('\n')).toEqual([]);
    await page.context().close();
  });

  it('shows a refused value beside its store and keeps what was saved', async () => {
    const { page } = await signedIn({ width: 1280, height: 900 });
    await page.goto(`${base}/stores`);
    const main = page.locator('#store-1');
    await main.getByLabel('Contact-number scope').fill('M 1');
    await main.getByLabel('Tracking category').fill('Store');
    await main.getByRole('button', { name: 'Save Default Store View' }).click();
    await expect(page.getByRole('alert').first().textContent()).resolves.toContain('The store was not saved');
    const errors = await page.locator('#store-1 [role=alert] li').allTextContents();
    expect(errors).toEqual([
      '1.contactPrefix: A contact-number scope uses letters, digits, dot, dash, slash or underscore',
      '1.tracking.option: Name the tracking option',
    ]);
    expect((await readStores(h.storage.settings))['1']?.contactPrefix).toBeUndefined();
    await page.context().close();
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const { page, problems } = await signedIn({ width: 390, height: 844 });
    await page.goto(`${base}/stores`);
    const by = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(by).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SHOTS, 'stores-phone.png'), fullPage: true });
    expect(problems, problems.join('\n')).toEqual([]);
    await page.context().close();
  });
});
