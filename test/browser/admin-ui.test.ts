import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeMagento, fakeReconciler, fakeXero, harness, HOSTILE, PASSWORD, type Harness } from '../http/support.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) {
  if (process.env['CI'] === 'true') throw new Error(`Chromium not found at ${CHROMIUM}: under CI=true the browser tests must run`);
  console.warn(`Browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
}

// Screenshots of the fake-backed pages go to test-results/; docs/screenshots/ holds the sandbox journey's.
const SHOTS = join(process.cwd(), 'test-results', 'admin-ui');
const GUID = '5b0f7d1e-2c3a-4b5c-8d6e-7f8091a2b3c4';
const LONG = 'Bartholomew Featherstonehaugh-Cholmondeley of the Extremely Long Company Name Holdings Limited';

let h: Harness;
let browser: Browser;
let base: string;

async function seed(hh: Harness) {
  const now = Date.now();
  await hh.storage.connections.save({
    id: 'xero:t-1', kind: 'xero', tenant_id: 't-1', name: 'Demo Company (NZ)', status: 'connected', secret: null,
    meta_json: JSON.stringify({ shortCode: '!abc12' }), access_expires_at: null,
  });
  await hh.storage.entityMap.put([
    { store_id: 1, entity_type: 'customer', magento_id: '1', xero_kind: 'contact', tenant_id: 't-1', xero_id: GUID, xero_number: 'M1-1', content_hash: null, updated_at: now },
    { store_id: 1, entity_type: 'order', magento_id: '100', xero_kind: 'invoice', tenant_id: 't-1', xero_id: GUID, xero_number: 'INV-000000100', content_hash: null, updated_at: now },
  ]);
  await hh.storage.queue.enqueue(
    Array.from({ length: 6 }, (_, i) => ({ store_id: 1, entity_type: i % 2 ? 'order' : 'customer', magento_id: String(200 + i) })),
  );
  const [claimed] = await hh.storage.queue.claim({ owner: 'w', limit: 1, leaseMs: 60_000 });
  await hh.storage.queue.park([claimed!.id], 'w', 'Email address must be valid.');
  await hh.storage.log.add([
    { at: now - 60_000, store_id: 1, tenant_id: 't-1', entity_type: 'order', magento_id: '100', action: 'create', status: 'success', message: null, xero_id: GUID, xero_number: 'INV-000000100', duration_ms: 140 },
    { at: now - 30_000, store_id: 1, tenant_id: 't-1', entity_type: 'order', magento_id: '101', action: 'create', status: 'error', message: `Account code '999' is not a valid code for this document. ${HOSTILE}`, xero_id: null, xero_number: null, duration_ms: 95 },
  ]);
  for (let d = 6; d >= 0; d--) await hh.storage.apiUsage.record('t-1', now - d * 86_400_000, { calls: 400 + d * 350, errors: d % 3, rateLimited: d === 2 ? 4 : 0 });
  for (let m = 1; m <= 30; m++) await hh.storage.apiUsage.record('t-1', now - m * 60_000, { calls: (m * 7) % 55 });
}

describe.skipIf(!available)('admin UI in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    h = await harness({
      config: { publicUrl: 'http://127.0.0.1', adminPassword: PASSWORD },
      magento: fakeMagento({
        customer: [
          { id: '1', number: '1', name: 'Ada Lovelace', email: 'ada@example.test', updatedAt: '2026-01-01T00:00:00Z' },
          { id: '2', number: '2', name: HOSTILE, email: 'x@example.test', updatedAt: '2026-01-02T00:00:00Z' },
          { id: '3', number: '3', name: LONG, email: 'bartholomew.featherstonehaugh@extremely-long-company.example.test', updatedAt: '2026-01-02T00:00:00Z' },
        ],
        order: [
          { id: '100', number: '000000100', name: 'Ada Lovelace', total: '115.00', currency: 'NZD', status: 'complete', updatedAt: '2026-01-03T00:00:00Z' },
          { id: '101', number: '000000101', name: LONG, total: '9999.99', currency: 'EUR', status: 'processing', updatedAt: '2026-01-03T00:00:00Z' },
        ],
      }),
      xeroConnect: fakeXero(),
      reconciler: fakeReconciler(),
    });
    h.sync.status_ = {
      ...h.sync.status_,
      banners: ['Xero asked us to wait 42 s (429): work resumes by itself.'],
      recentErrors: [{ at: Date.now() - 30_000, entity_type: 'order', magento_id: '101', message: "Account code '999' is not a valid code for this document." }],
      lastSuccessAt: Date.now() - 60_000,
    };
    await seed(h);
    h.sync.status_.queue = await h.storage.queue.counts();
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
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    // Keyboard only: the password field takes focus by Tab, Enter submits.
    await page.getByLabel('Admin password').focus();
    await page.keyboard.type(PASSWORD);
    await Promise.all([page.waitForURL(`${base}/`), page.keyboard.press('Enter')]);
    return { page, problems };
  }

  it('signs in, shows every page without script errors, and takes the screenshots', async () => {
    const { page, problems } = await signedIn({ width: 1280, height: 900 });
    const pages: Array<[string, string]> = [
      ['/', 'dashboard'],
      ['/configuration', 'configuration'],
      ['/customers', 'customers'],
      ['/products', 'products'],
      ['/orders', 'orders'],
      ['/invoices', 'invoices'],
      ['/creditmemos', 'creditmemos'],
      ['/queue', 'queue'],
      ['/log', 'log'],
      ['/report', 'report'],
      ['/reconciliation', 'reconciliation'],
    ];
    for (const [path, name] of pages) {
      const res = await page.goto(`${base}${path}`);
      expect(res?.status(), path).toBe(200);
      if (name === 'reconciliation') {
        // Comparing reads Magento and Xero, so it is a form post (a link only shows the form and the last run).
        await page.getByRole('button', { name: 'Compare' }).click();
        await page.locator('p.help').filter({ hasText: /^Compared / }).waitFor();
      }
      await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
    }
    // The hostile name is shown as text, never run or rendered as markup.
    await page.goto(`${base}/customers`);
    expect(await page.getByText('<script>alert("x")</script>&<b>').count()).toBe(1);
    expect(await page.locator('td b').count()).toBe(0);
    expect(problems, problems.join('\n')).toEqual([]);
    await page.context().close();
  });

  it('fits a phone screen: no sideways scrolling of the page, long names cut with an ellipsis', async () => {
    const { page, problems } = await signedIn({ width: 390, height: 844 });
    for (const path of ['/', '/customers', '/orders', '/queue', '/log', '/configuration', '/report', '/reconciliation']) {
      await page.goto(`${base}${path}`);
      const overflow = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const wide = Array.from(document.querySelectorAll('body *'))
          .filter((e) => e.getBoundingClientRect().right > width + 1)
          // A wide table scrolls inside its own box; only what pushes the page itself is a fault.
          .filter((e) => !e.closest('.table-wrap') || getComputedStyle(e).position === 'absolute')
          .map((e) => `${e.tagName}.${e.className}`);
        return { by: document.documentElement.scrollWidth - width, wide: wide.slice(0, 5) };
      });
      expect(overflow.by, `${path}: ${overflow.wide.join(', ')}`).toBeLessThanOrEqual(0);
    }
    await page.goto(`${base}/orders`);
    await page.screenshot({ path: join(SHOTS, 'orders-phone.png'), fullPage: true });
    await page.goto(`${base}/`);
    await page.screenshot({ path: join(SHOTS, 'dashboard-phone.png'), fullPage: true });
    expect(problems, problems.join('\n')).toEqual([]);
    await page.context().close();
  });

  it('updates the queue counts live while it drains', async () => {
    const { page } = await signedIn({ width: 1280, height: 900 });
    await page.goto(`${base}/queue`);
    const pending = page.locator('[data-live-queue] [data-count="pending"]');
    const before = Number(await pending.textContent());
    await h.storage.queue.enqueue([{ store_id: 1, entity_type: 'product', magento_id: 'SKU-LIVE' }]);
    await page.waitForFunction((n) => document.querySelector('[data-live-queue] [data-count="pending"]')?.textContent === String(n), before + 1);
    await page.context().close();
  });

  it('asks before removing queue entries, and removes them when confirmed', async () => {
    const { page } = await signedIn({ width: 1280, height: 900 });
    await page.goto(`${base}/queue?state=parked`);
    await page.locator('input[name=ids]').first().check();
    page.once('dialog', (d) => void d.dismiss());
    await page.getByRole('button', { name: 'Remove selected' }).click();
    expect(await h.storage.queue.list({ state: 'parked' })).toHaveLength(1);
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Remove selected' }).click();
    await page.locator('.flash.notice').filter({ hasText: '1 entries removed' }).waitFor();
    expect(await h.storage.queue.list({ state: 'parked' })).toHaveLength(0);
    await expect(page.getByRole('status').textContent()).resolves.toContain('1 entries removed');
    await page.context().close();
  });

  it('saves a settings section and shows an inline error for a bad one', async () => {
    const { page } = await signedIn({ width: 1280, height: 900 });
    await page.goto(`${base}/configuration`);
    await page.getByLabel('Payment terms (days)').fill('400');
    await page.getByRole('button', { name: 'Save posting options' }).click();
    await expect(page.getByRole('alert').first().textContent()).resolves.toContain('Some settings were not saved');
    await expect(page.locator('#posting').textContent()).resolves.toContain('Payment terms are at most 365 days');
    await page.getByLabel('Payment terms (days)').fill('30');
    await page.getByRole('button', { name: 'Save posting options' }).click();
    await page.locator('.flash.notice').filter({ hasText: 'Settings saved.' }).waitFor();
    expect((await h.storage.settings.get<{ paymentTermsDays: number }>('posting'))?.paymentTermsDays).toBe(30);
    await page.context().close();
  });
});
