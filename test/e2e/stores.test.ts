// Several websites, several Xero organisations (issue 14), end to end through both emulators and the built CLI: the
// generated store's two websites and three store views (src/emulators/magento/generator/reference.ts: website 1 with
// the Default Store View; website 2 with the UK and German store views) routed to two organisations with their own
// prefixes, a tracking option on the German store view's lines, everything posted where its store says, reconciled per
// organisation; a routing change after posting refused or applied to new documents only; and the settings exported
// and imported again through stdin, a bad value refused with the words the Stores page shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { refreshStoreList } from '../../src/runtime/store-refresh.js';
import { xeroConnect } from '../../src/runtime/xero-connect.js';
import { goLiveReview, startSyncing } from '../../src/runtime/go-live.js';
import { mapOtherCountriesTaxes } from '../../src/sandbox/foreign-taxes.js';
import type { Stores } from '../../src/settings/schemas.js';
import { runCli } from '../support/cli.js';
import { startStack, type Stack } from '../support/stack.js';
import { xeroState } from '../support/xero-state.js';
import { Client, FakeSync, PASSWORD } from '../http/support.js';
import { magentoRecords, NO_LIMITS } from '../resilience/support.js';

type Doc = Record<string, any>;

const AMERICAS = { name: 'Americas Shop (US)', region: 'US' as const, currencies: ['GBP', 'EUR'] };
const EUROPE = { name: 'Europe Shop (US)', region: 'US' as const, currencies: ['GBP', 'EUR'] };
const NOW = Date.UTC(2026, 10, 20, 12);
const TRACKING = { name: 'Store', option: 'German Store View' };
/** Store view → its organisation and prefixes. */
const ROUTES: Record<string, { org: string; invoice: string; credit: string }> = {
  '1': { org: AMERICAS.name, invoice: 'US-', credit: 'USCN-' },
  '2': { org: EUROPE.name, invoice: 'UK-', credit: 'UKCN-' },
  '3': { org: EUROPE.name, invoice: 'DE-', credit: 'DECN-' },
};

async function organisations(stack: Stack): Promise<Map<string, Doc>> {
  return new Map((await xeroState(stack.xero.url)).organisations.map((o) => [String(o['name'] ?? o['Name']), o]));
}
const pick = (org: Doc | undefined, plural: string): Doc[] => (org?.[plural] ?? org?.[plural.charAt(0).toLowerCase() + plural.slice(1)] ?? []) as Doc[];
const live = (d: Doc) => d['Status'] !== 'DELETED' && d['Status'] !== 'VOIDED';

describe('two websites, three store views, two Xero organisations', () => {
  let stack: Stack;
  let env: Record<string, string>;
  let tenants: Record<string, string>;
  let synced: { code: number | null; stdout: string; stderr: string };
  let parked: Array<{ entity: string; id: string; message: string }> = [];
  const refusedOrders = () => new Set(parked.filter((p) => p.entity === 'order').map((p) => p.id));

  beforeAll(async () => {
    stack = await startStack({
      magento: { customers: 40, products: 20, orders: 90, days: 12, clock: () => NOW },
      xero: { tenants: [AMERICAS, EUROPE], limits: NO_LIMITS },
      goLive: false,
    });
    env = { ...stack.env, XERO_LIMITS: 'unlimited' };
    await stack.connectXero({ mapOtherCountriesTaxes: false });
    const rt = await stack.runtime();
    try {
      const orgs = await rt.connections!.organisations();
      tenants = Object.fromEntries(orgs.map((o) => [o.name, o.tenantId]));
      expect(Object.keys(tenants).sort()).toEqual([AMERICAS.name, EUROPE.name]);
    } finally {
      await rt.close();
    }

    // The routing, set the way an operator scripts it: read the stores, change them, set them back.
    const got = await runCli(['settings', 'get', 'stores'], env);
    expect(got.code, got.stderr).toBe(0);
    const stores = JSON.parse(got.stdout) as Stores;
    expect(Object.keys(stores).sort()).toEqual(['0', '1', '2', '3']);
    for (const [id, r] of Object.entries(ROUTES)) {
      stores[id] = { ...stores[id]!, tenantId: tenants[r.org]!, invoicePrefix: r.invoice, creditNotePrefix: r.credit };
    }
    stores['0'] = { ...stores['0']!, tenantId: tenants[AMERICAS.name]!, invoicePrefix: 'US-', creditNotePrefix: 'USCN-' };
    const set = await runCli(['settings', 'set', 'stores', JSON.stringify(stores)], env);
    expect(set.code, set.stderr).toBe(0);
    const tracking = await runCli(['settings', 'set', 'stores.3.tracking', JSON.stringify(TRACKING)], env);
    expect(tracking.code, tracking.stderr).toBe(0);

    // What a merchant does before going live in each organisation: the other countries' taxes mapped by hand (each in
    // the organisation of the store that charges it), then "Start syncing" for each.
    const rt2 = await stack.runtime();
    try {
      await mapOtherCountriesTaxes(rt2, magentoRecords(stack, 'orders'));
      await rt2.storage.settings.set('accounts', { bank: '090', sales: '200' });
      await rt2.storage.settings.set('paymentMapping', {});
      for (const tenantId of Object.values(tenants)) {
        const review = await goLiveReview(rt2, tenantId);
        await startSyncing(rt2, { tenantId, createTaxRates: review.taxRates.filter((r) => r.create).map((r) => r.code) });
      }
    } finally {
      await rt2.close();
    }
    synced = await runCli(['sync', '--all', '--json'], env, { timeoutMs: 600_000 });
    // Records the connector refused for reasons of their own (an order whose totals it cannot explain, say): the
    // accounting tests answer for those. Here they are only left out, once shown to have nothing to do with routing.
    const rt3 = await stack.runtime();
    try {
      parked = (await rt3.storage.queue.list({ state: 'parked', limit: 1000 })).map((e) => ({ entity: e.entity_type, id: e.magento_id, message: e.last_error ?? '' }));
    } finally {
      await rt3.close();
    }
  }, 900_000);
  afterAll(() => stack?.close());

  it('creates the tracking category and option in the German store view\'s organisation only, on save', async () => {
    const orgs = await organisations(stack);
    const categories = pick(orgs.get(EUROPE.name), 'TrackingCategories');
    expect(categories.map((c) => [c['Name'], (c['Options'] as Doc[]).map((o) => o['Name'])])).toEqual([[TRACKING.name, [TRACKING.option]]]);
    expect(pick(orgs.get(AMERICAS.name), 'TrackingCategories')).toEqual([]);
  });

  it('posts every order and credit memo to its store\'s organisation, under its prefix, once, with the tracking option on every line', async () => {
    const orders = magentoRecords(stack, 'orders');
    // Nothing was refused for its routing; what the mapping refused on its own is a handful of orders at most.
    expect(parked.filter((p) => /organisation|not synced|prefix|tracking|store \d+ is not connected/i.test(p.message))).toEqual([]);
    // (a Magento invoice or credit memo of a refused order is parked with its order's problem)
    expect(parked.filter((p) => !/cannot be mapped|grand total|Nothing was posted/.test(p.message))).toEqual([]);
    expect(refusedOrders().size).toBeLessThanOrEqual(Math.ceil(orders.length * 0.03));
    expect(synced.code, synced.stdout.slice(-2000) + synced.stderr.slice(-2000)).toBe(parked.length === 0 ? 0 : 1);
    const orgs = await organisations(stack);
    const memos = magentoRecords(stack, 'creditmemos');
    const refused = refusedOrders();
    const problems: string[] = [];
    const counted = { invoices: new Map<string, number>(), credits: new Map<string, number>() };
    for (const [name, org] of orgs) {
      const invoices = pick(org, 'Invoices').filter(live);
      const credits = pick(org, 'CreditNotes').filter(live);
      counted.invoices.set(name, invoices.length);
      counted.credits.set(name, credits.length);
      for (const [what, docs, numberOf] of [
        ['invoice', invoices, (d: Doc) => String(d['InvoiceNumber'])],
        ['credit note', credits, (d: Doc) => String(d['CreditNoteNumber'])],
      ] as const) {
        const numbers = docs.map(numberOf);
        const twice = numbers.filter((n, i) => numbers.indexOf(n) !== i);
        if (twice.length > 0) problems.push(`${name}: ${what}s posted twice: ${twice.join(', ')}`);
        for (const d of docs) {
          const number = numberOf(d);
          const route = Object.values(ROUTES).find((r) => number.startsWith(what === 'invoice' ? r.invoice : r.credit) && !(what === 'invoice' && number.startsWith(r.credit)));
          if (!route) problems.push(`${name}: ${what} ${number} has no store's prefix`);
          else if (route.org !== name) problems.push(`${what} ${number} is in ${name}, its store posts to ${route.org}`);
          const german = number.startsWith('DE-') || number.startsWith('DECN-');
          for (const line of (d['LineItems'] ?? []) as Doc[]) {
            const tracking = ((line['Tracking'] ?? []) as Doc[]).map((t) => ({ name: t['Name'], option: t['Option'] }));
            if (german && JSON.stringify(tracking) !== JSON.stringify([TRACKING])) problems.push(`${what} ${number}: line "${line['Description']}" tracking ${JSON.stringify(tracking)}`);
            if (!german && tracking.length > 0) problems.push(`${what} ${number}: line "${line['Description']}" has tracking ${JSON.stringify(tracking)}`);
          }
        }
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);

    // Every order Magento would post is in its store's organisation as prefix + increment id; likewise each credit memo.
    const invoiceNumbers = new Map<string, Set<string>>();
    const creditNumbers = new Map<string, Set<string>>();
    for (const [name, org] of orgs) {
      invoiceNumbers.set(name, new Set(pick(org, 'Invoices').filter(live).map((d) => String(d['InvoiceNumber']))));
      creditNumbers.set(name, new Set(pick(org, 'CreditNotes').filter(live).map((d) => String(d['CreditNoteNumber']))));
    }
    const missing: string[] = [];
    let perStore: Record<string, number> = {};
    for (const order of orders) {
      if (order['state'] === 'holded' || order['state'] === 'canceled' || refused.has(String(order['entity_id']))) continue;
      const route = ROUTES[String(order['store_id'])]!;
      const number = `${route.invoice}${String(order['increment_id'])}`;
      if (!invoiceNumbers.get(route.org)?.has(number)) missing.push(`order ${number} not in ${route.org}`);
      perStore = { ...perStore, [String(order['store_id'])]: (perStore[String(order['store_id'])] ?? 0) + 1 };
    }
    for (const memo of memos) {
      if (memo['state'] === 3 || refused.has(String(memo['order_id']))) continue;
      const order = orders.find((o) => String(o['entity_id']) === String(memo['order_id']));
      const route = ROUTES[String(order?.['store_id'])]!;
      const number = `${route.credit}${String(memo['increment_id'])}`;
      if (!creditNumbers.get(route.org)?.has(number)) missing.push(`credit memo ${number} not in ${route.org}`);
    }
    expect(missing.slice(0, 20)).toEqual([]);
    // The generated store sells in all three store views, so each organisation got documents of its own.
    expect(Object.keys(perStore).sort()).toEqual(['1', '2', '3']);
    expect(counted.invoices.get(AMERICAS.name)).toBeGreaterThan(0);
    expect(counted.invoices.get(EUROPE.name)).toBeGreaterThan(0);
  });

  it('makes each item in both organisations and each customer a contact in its website\'s organisation', async () => {
    const orgs = await organisations(stack);
    const products = magentoRecords(stack, 'products');
    for (const name of [AMERICAS.name, EUROPE.name]) {
      const codes = new Set(pick(orgs.get(name), 'Items').map((i) => String(i['Code'])));
      expect(codes.size, name).toBeGreaterThanOrEqual(Math.min(products.length, 1));
    }
    const customers = magentoRecords(stack, 'customers');
    const europeContacts = new Set(pick(orgs.get(EUROPE.name), 'Contacts').map((c) => String(c['ContactNumber'] ?? '')));
    const americasContacts = new Set(pick(orgs.get(AMERICAS.name), 'Contacts').map((c) => String(c['ContactNumber'] ?? '')));
    const europeCustomers = customers.filter((c) => c['website_id'] === 2);
    expect(europeCustomers.length).toBeGreaterThan(0);
    for (const c of europeCustomers) expect(americasContacts.has(`M${c['store_id']}-C${c['id']}`), `customer ${c['id']} in the Americas`).toBe(false);
    expect(europeCustomers.some((c) => europeContacts.has(`M${c['store_id']}-C${c['id']}`))).toBe(true);
  });

  it('reconciles both organisations against Magento and finds them agreed', async () => {
    const run = await runCli(['reconcile', '--from', '2026-11-01', '--to', '2026-11-21', '--json'], env, { timeoutMs: 300_000 });
    const result = JSON.parse(run.stdout) as { agreed: boolean; issues: Doc[]; xeroDocuments: number; magentoDocuments: number };
    // The only differences are the orders the mapping refused (they are not in Xero, and the reconciliation says why).
    const refused = refusedOrders();
    const issues = result.issues.filter((i) => !(i['kind'] === 'not-posted' && i['entity'] === 'order' && refused.has(String(i['magentoId']))));
    expect(issues.slice(0, 10)).toEqual([]);
    expect(result.issues.length).toBe(refused.size);
    expect(run.code).toBe(refused.size === 0 ? 0 : 1);
    expect(result.agreed).toBe(refused.size === 0);
    const orgs = await organisations(stack);
    const inXero = [...orgs.values()].reduce((n, o) => n + pick(o, 'Invoices').length + pick(o, 'CreditNotes').length, 0);
    // Both organisations were read: what Xero holds in the range is every document of both.
    expect(result.xeroDocuments).toBe(inXero);
    // (Magento's documents to post: those the mapping refused are counted apart, as issues)
    expect(result.magentoDocuments).toBe(inXero);
  });

  it('refuses a new organisation or prefix for a store with documents in Xero, or applies it to new documents only, posting nothing twice', async () => {
    const refused = await runCli(['settings', 'set', 'stores.2.invoicePrefix', 'GB-'], env);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/2\.invoicePrefix: store 2 "UK Store View" already has \d+ invoices? and \d+ credit notes? in Xero organisation "Europe Shop \(US\)" \(e\.g\. UK-\d+\)/);
    expect(refused.stderr).toContain('--new-documents-only');

    // The merchant chooses "new documents only": store 2 moves to the Americas with a new prefix; an order of it already
    // in Europe is synced again and stays there under its number.
    const moved = await runCli(['settings', 'set', 'stores.2', JSON.stringify({ ...(JSON.parse((await runCli(['settings', 'get', 'stores.2'], env)).stdout) as object), tenantId: tenants[AMERICAS.name], invoicePrefix: 'GB-' }), '--new-documents-only'], env);
    expect(moved.code, moved.stderr).toBe(0);
    const order = magentoRecords(stack, 'orders').find((o) => o['store_id'] === 2 && o['state'] !== 'holded' && o['state'] !== 'canceled' && !refusedOrders().has(String(o['entity_id'])))!;
    const again = await runCli(['sync', 'orders', String(order['entity_id']), '--json'], env);
    expect(again.code, again.stderr + again.stdout).toBe(0);
    const orgs = await organisations(stack);
    const number = String(order['increment_id']);
    const europe = pick(orgs.get(EUROPE.name), 'Invoices').filter((i) => String(i['InvoiceNumber']).endsWith(number) && live(i));
    const americas = pick(orgs.get(AMERICAS.name), 'Invoices').filter((i) => String(i['InvoiceNumber']).endsWith(number));
    expect(europe.map((i) => i['InvoiceNumber'])).toEqual([`UK-${number}`]);
    expect(americas).toEqual([]);
  });

  it('round-trips `settings export | settings import -`, and refuses a bad value with the Stores page\'s words', async () => {
    const exported = await runCli(['settings', 'export'], env);
    expect(exported.code, exported.stderr).toBe(0);
    const imported = await runCli(['settings', 'import', '-'], env, { input: exported.stdout });
    expect(imported.code, imported.stderr).toBe(0);
    const again = await runCli(['settings', 'export'], env);
    expect(JSON.parse(again.stdout)).toEqual(JSON.parse(exported.stdout));
    expect((JSON.parse(again.stdout) as { settings: { stores: Stores } }).settings.stores['3']?.tracking).toEqual(TRACKING);

    const bad = await runCli(['settings', 'set', 'stores.3.contactPrefix', 'M 3'], env);
    expect(bad.code).toBe(3);
    const cliMessage = bad.stderr.split('\n').map((l) => l.trim()).find((l) => l.startsWith('3.contactPrefix'));
    expect(cliMessage).toBe('3.contactPrefix: A contact-number scope uses letters, digits, dot, dash, slash or underscore');
    const document = JSON.parse(exported.stdout) as { settings: { stores: Stores } };
    document.settings.stores['3']!.contactPrefix = 'M 3';
    const badImport = await runCli(['settings', 'import', '-'], env, { input: JSON.stringify(document) });
    expect(badImport.code).toBe(3);
    expect(badImport.stderr).toContain(`stores.${cliMessage}`);

    // The Stores page, over the same database and organisations, refuses the same value with the same words.
    const rt = await stack.runtime();
    const app = await buildApp({
      storage: rt.storage,
      sync: new FakeSync(),
      config: { publicUrl: 'http://localhost:3000', adminPassword: PASSWORD },
      settings: rt.settingsService(),
      stores: { refresh: () => refreshStoreList(rt.magento!, rt.storage) },
      xeroConnect: xeroConnect(rt, rt.connections!),
    });
    try {
      const c = new Client(app);
      await c.login();
      const page = await c.get('/stores');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Europe Website');
      expect(page.body).toContain('German Store View');
      expect(page.body).toContain('Europe Shop (US)');
      const res = await c.form('/stores/3', { tenantId: tenants[EUROPE.name]!, invoicePrefix: 'DE-', creditNotePrefix: 'DECN-', contactPrefix: 'M 3', trackingName: TRACKING.name, trackingOption: TRACKING.option });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain(`<li>${cliMessage}</li>`);
      const listed = await c.request({ method: 'GET', url: '/api/stores/routing', headers: { accept: 'application/json' } });
      const body = listed.json() as { websites: Doc[]; stores: Doc[] };
      expect(body.websites.map((w) => w['name'])).toEqual(expect.arrayContaining(['Main Website', 'Europe Website']));
      expect(body.stores.find((s) => s['id'] === 3)).toMatchObject({ organisation: EUROPE.name, invoicePrefix: 'DE-', tracking: TRACKING });
    } finally {
      await app.close();
      await rt.close();
    }
  });

  it('lists the stores and their routing with `magento-xero stores`', async () => {
    const run = await runCli(['stores'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Europe Website / German Store View (de, store 3, USD): Europe Shop (US); invoices "DE-", credit notes "DECN-", contacts "M3-"; tracking Store = German Store View');
    expect(run.stdout).toContain('Main Website / Default Store View (default, store 1, USD): Americas Shop (US); invoices "US-"');
  });
});
