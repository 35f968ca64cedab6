import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../../src/storage/storage.js';
import { runCli } from '../support/cli.js';
import { startStack, type Stack } from '../support/stack.js';
import { xeroState } from '../support/xero-state.js';

type Doc = Record<string, any>;
const json = (s: string) => JSON.parse(s) as Doc;

// The go-live gate from the command line, in a UK organisation: nothing reaches Xero until the mapping is confirmed with
// `magento-xero go-live --yes`; the review lists every Magento tax rate; "all" never creates another country's tax.
describe('going live (magento-xero go-live)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      magento: { customers: 8, products: 6, orders: 12 },
      xero: { tenants: [{ name: 'Shop (UK)', region: 'UK', currencies: ['USD', 'EUR'] }] },
      goLive: false,
    });
    // As a merchant would: nobody maps the other countries' taxes for us.
    await stack.connectXero({ mapOtherCountriesTaxes: false });
  });
  afterAll(() => stack?.close());

  const org = async () => (await xeroState(stack.xero.url)).organisations[0] as Doc;
  const documents = async () => {
    const o = await org();
    return [...(o['Invoices'] ?? []), ...(o['Contacts'] ?? []), ...(o['Items'] ?? []), ...(o['Payments'] ?? []), ...(o['CreditNotes'] ?? [])];
  };

  it('queues but posts nothing before go-live, and says why', async () => {
    const before = (await documents()).length;
    const all = await runCli(['sync', '--all', '--json'], stack.env);
    expect(all.code, all.stderr).toBe(3);
    expect(all.stderr).toMatch(/Nothing was posted: waiting for "Start syncing".*magento-xero go-live/);
    expect((await documents()).length).toBe(before);
    const status = await runCli(['status', '--json'], stack.env);
    expect(json(status.stdout).goLive).toMatchObject({ open: false });
    // The queue says why nothing moves, with how much is waiting.
    expect(json(status.stdout).progress.text).toMatch(/^\d+ to go\. Nothing is posted until "Start syncing"/);
  });

  it('refuses to start while the accounts are not chosen, naming the setting', async () => {
    const refused = await runCli(['go-live', '--yes'], stack.env);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/accounts\.bank: choose the bank account/);
    expect(refused.stderr).toMatch(/accounts\.sales/);
  });

  it('lists the tax rates for review, then starts: no foreign tax rate is created', async () => {
    const storage = await openStorage(stack.env['DATABASE_URL']!);
    await storage.settings.set('accounts', { bank: '090', sales: '200' });
    await storage.close();
    const review = await runCli(['go-live'], stack.env);
    expect(review.code, review.stderr).toBe(0);
    expect(review.stdout, review.stdout).toMatch(/not syncing yet/);
    expect(review.stdout).toMatch(/US-CA-\*-Rate 1 \(8\.25 %, US\)|US-CA-\*-Rate 1/);
    expect(review.stdout).toMatch(/map by hand/);
    expect(review.stdout).toMatch(/magento-xero go-live --yes/);
    const ratesBefore = ((await org())['TaxRates'] as Doc[]).length;

    const started = await runCli(['go-live', '--yes', '--create-tax-rates', 'all', '--json'], stack.env);
    expect(started.code, started.stderr).toBe(0);
    expect(json(started.stdout).live).toBe(true);
    const run = await runCli(['queue', 'run', '--until-empty', '--json'], stack.env);
    expect(run.code === 0 || run.code === 1, run.stderr).toBe(true);
    expect(json(run.stdout).done).toBeGreaterThan(0);
    const after = (await org())['TaxRates'] as Doc[];
    const created = after.slice(ratesBefore).map((r) => String(r['Name']));
    // A UK organisation: Californian, New York, German, Australian and Canadian rates are never created by "all".
    expect(created.filter((n) => /US-|DE-|AU-|CA-/.test(n))).toEqual([]);
  });
});
