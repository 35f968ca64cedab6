import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toConfig } from '../../src/config/config.js';
import { parseEnvironment } from '../../src/config/environment.js';
import { startHost, type Host } from '../../src/runtime/host.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { DEFAULT_SETTINGS } from '../../src/settings/schemas.js';
import { readStores } from '../../src/settings/stores.js';
import { openStorage } from '../../src/storage/storage.js';
import { memoryLogger } from '../support/quiet-logger.js';
import { startStack, type Stack } from '../support/stack.js';
import { xeroDocuments } from '../support/xero-state.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env['CI'] === 'true') throw new Error(`Chromium not found at ${CHROMIUM}: under CI=true the browser tests must run`);

const SHOTS = join(process.cwd(), 'docs', 'screenshots');
const PASSWORD = 'summaries-journey-password';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A bookkeeper turns daily summaries on in the admin UI (Issue 19): every store summarises from a day before the store's
 * first order, the gateways get clearing accounts of their own, the store is queued; then the Summaries page lists the
 * posted days and a day shows each line with the Magento documents behind it. The service and both emulators are real;
 * the store's orders are the last 20 days' (the Magento emulator on the wall clock), so every day but today is closed.
 */
describe.skipIf(!available)('daily summaries in Chromium', () => {
  let stack: Stack;
  let runtime: Runtime;
  let host: Host;
  let url: string;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    stack = await startStack({ magento: { customers: 12, products: 10, orders: 60, days: 20 } });
    await stack.connectXero();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const config = toConfig(parseEnvironment({ ...stack.env, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: url, ADMIN_PASSWORD: PASSWORD }));
    runtime = new Runtime({ config, storage: await openStorage(config.databaseUrl), logger: memoryLogger() });
    await runtime.ensureReady();
    // Card and PayPal payments into accounts of their own (the Payment methods form is tested elsewhere).
    await runtime.storage.settings.set('paymentMapping', { ...DEFAULT_SETTINGS.paymentMapping, braintree: '611', paypal_express: '612' });
    host = await startHost(runtime, { worker: true, scheduler: false });
    profile = mkdtempSync(join(tmpdir(), 'mx-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      viewport: { width: 1280, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && (m.location().url ?? '').startsWith(url)) problems.push(`${m.location().url}: ${m.text()}`);
    });
    await page.goto(`${url}/login`);
    await page.getByLabel('Admin password').fill(PASSWORD);
    await Promise.all([page.waitForURL(`${url}/`), page.keyboard.press('Enter')]);
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await host?.stop();
    await runtime?.close();
    await stack?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  const noticeShown = (text: string | RegExp) => page.locator('.flash.notice').filter({ hasText: text }).waitFor();

  it('turns daily summaries on per store from a chosen day, with the gateways\' clearing accounts', async () => {
    await page.goto(`${url}/configuration#summaries`);
    const section = page.locator('#summaries');
    const newDays = section.locator('input[type="date"]');
    const stores = await newDays.count();
    expect(stores).toBeGreaterThan(0);
    for (let i = 0; i < stores; i++) await newDays.nth(i).fill('2020-01-01');
    await section.getByRole('button', { name: 'Save posting per store' }).click();
    await noticeShown('Settings saved.');
    const saved = Object.values(await readStores(runtime.storage.settings)).filter((s) => s.code !== 'admin');
    expect(saved.map((s) => s.postingPeriods)).toEqual(saved.map(() => [{ from: '2020-01-01', mode: 'summary' }]));

    await page.locator('#summaries input[name="clearing"][value="611"]').check();
    await page.locator('#summaries input[name="clearing"][value="612"]').check();
    await page.locator('#summaries').getByRole('button', { name: 'Save daily summary options' }).click();
    await noticeShown('Settings saved.');
    expect(((await runtime.storage.settings.get('summary')) as { clearingAccounts: string[] }).clearingAccounts).toEqual(['611', '612']);
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Sync all accounts now' }).click();
    await page.locator('.flash.notice').waitFor();
    const accounts = await xeroDocuments(stack.xero.url, 'Accounts');
    expect(accounts.filter((a) => a['Code'] === '611' || a['Code'] === '612').map((a) => a['Type'])).toEqual(['CURRENT', 'CURRENT']);
    await page.goto(`${url}/configuration#summaries`);
    await page.locator('#summaries').screenshot({ path: join(SHOTS, 'configuration-summaries.png') });
  });

  it('queues the store; the Summaries page lists the posted days and a day shows its lines with their Magento documents', async () => {
    await page.goto(`${url}/configuration#queue-all`);
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Add all data to queue' }).click();
    await noticeShown(/records added to the queue\./);
    // The worker posts the store; every closed day's summary falls due at once.
    for (let i = 0; i < 240 && (await runtime.storage.queue.counts()).some((c) => c.entity_type !== 'summary' && (c.state === 'pending' || c.state === 'running')); i++) {
      await new Promise((r) => setTimeout(r, 500));
    }
    // Then every closed day's summary: nothing due is left (today's waits for its day to close).
    const due = async () => {
      const now = Date.now();
      const entries = [...(await runtime.storage.queue.list({ state: 'pending', limit: 1000 })), ...(await runtime.storage.queue.list({ state: 'running', limit: 1000 }))];
      return entries.filter((e) => e.state === 'running' || Number(e.next_attempt_at) <= now).length;
    };
    for (let i = 0; i < 480 && (await due()) > 0; i++) await new Promise((r) => setTimeout(r, 500));
    expect(await due()).toBe(0);
    const posted = (await runtime.storage.summaries.days({ limit: 1000 })).filter((d) => d.state === 'posted').length;
    expect(posted).toBeGreaterThanOrEqual(10);
    const invoices = (await xeroDocuments(stack.xero.url, 'Invoices')).filter((i) => String(i['Reference'] ?? '').startsWith('Daily sales '));
    expect(invoices.length).toBeGreaterThanOrEqual(10);
    // No order of the store got an invoice of its own.
    expect((await xeroDocuments(stack.xero.url, 'Invoices')).length).toBe(invoices.length);

    await page.goto(`${url}/summaries`);
    const rows = page.locator('main a[href^="/summaries/"]');
    expect(await rows.count()).toBeGreaterThanOrEqual(10);
    await expect(page.locator('main').textContent()).resolves.toMatch(/DS-[a-z]+-\d{8}-[A-Z]{3}/);
    await page.screenshot({ path: join(SHOTS, 'summaries.png'), fullPage: true });

    // The busiest posted day of the list.
    const day = invoices.sort((a, b) => (b['LineItems'] as unknown[]).length - (a['LineItems'] as unknown[]).length)[0]!;
    const number = String(day['InvoiceNumber']);
    const link = page.locator(`main a[href^="/summaries/"]`).filter({ hasText: String(day['DateString'] ?? day['Date'] ?? '').slice(0, 10) }).first();
    await Promise.all([page.waitForURL(/\/summaries\/\d+\/\d{4}-\d{2}-\d{2}$/), link.click()]);
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain('Goods sold');
    expect(main).toMatch(/\d{9}/); // the Magento invoices each line adds up
    expect(main).toContain('View on Xero');
    if (main.includes(number)) await page.screenshot({ path: join(SHOTS, 'summary-day.png'), fullPage: true });
    else {
      // Another store's day of the same date was first in the list: open the day of the invoice chosen.
      const [, store] = /^DS-(.+)-\d{8}-[A-Z]{3}$/.exec(number) ?? [];
      const storeId = Object.entries(await readStores(runtime.storage.settings)).find(([, s]) => s.code === store)?.[0];
      await page.goto(`${url}/summaries/${storeId}/${String(day['DateString']).slice(0, 10)}`);
      await expect(page.locator('main').textContent()).resolves.toContain(number);
      await page.screenshot({ path: join(SHOTS, 'summary-day.png'), fullPage: true });
    }
    expect(problems).toEqual([]);
  });
});
