import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import type { Stack } from '../support/stack.js';
import { auditBooks, auditLines, compareLedgers, ledgerOf, loadMagento, magentoRecords, salesStack, xeroBooks } from './support.js';

// Records a real store accumulates (imports, old extensions, hand edits) loaded next to a generated store: each bad record
// ends either posted — and then posted right: the books are audited, totals, lines and fields — or with a clear error in
// the log naming it, never silently dropped, and the rest of the store syncs exactly as it does without them.
const STORE = { customers: 20, products: 12, orders: 30, clock: () => Date.UTC(2026, 10, 20, 12) };
type Doc = Record<string, any>;
const clone = (r: Doc): Doc => JSON.parse(JSON.stringify(r)) as Doc;

function corpus(stack: Stack): { entities: Record<string, Doc[]>; bad: Array<{ entity: string; id: string; what: string }> } {
  const customer = magentoRecords(stack, 'customers')[0]!;
  const product = magentoRecords(stack, 'products').find((p) => p['type_id'] === 'simple') ?? magentoRecords(stack, 'products')[0]!;
  const order = magentoRecords(stack, 'orders').find((o) => o['customer_id'] && (o['items'] as Doc[]).length > 0)!;
  const bad: Array<{ entity: string; id: string; what: string }> = [];
  const customers: Doc[] = [];
  const addCustomer = (id: number, what: string, edit: (c: Doc) => void) => {
    const c = clone(customer);
    c['id'] = id;
    c['email'] = `bad${id}@example.com`;
    c['addresses'] = [];
    edit(c);
    customers.push(c);
    bad.push({ entity: 'customer', id: String(id), what });
  };
  addCustomer(9001, 'missing email', (c) => delete c['email']);
  addCustomer(9002, 'names too long', (c) => ((c['firstname'] = 'F'.repeat(300)), (c['lastname'] = 'L'.repeat(300))));
  addCustomer(9003, 'HTML and control characters', (c) => ((c['firstname'] = '<b>Bob</b>\u0007\u0000'), (c['lastname'] = 'Smith\u001b[31m<script>x</script>')));
  addCustomer(9004, 'emoji and right-to-left text', (c) => ((c['firstname'] = '😀 Zoë'), (c['lastname'] = 'مرحبا \u202e')));

  const products: Doc[] = [];
  const addProduct = (id: number, what: string, edit: (p: Doc) => void) => {
    const p = clone(product);
    p['id'] = id;
    p['sku'] = `BAD-SKU-${id}`;
    edit(p);
    products.push(p);
    bad.push({ entity: 'product', id: String(p['sku']), what });
  };
  addProduct(9101, 'SKU too long', (p) => (p['sku'] = `LONG-${'S'.repeat(70)}`));
  addProduct(9102, 'name too long', (p) => (p['name'] = 'N'.repeat(400)));
  addProduct(9103, 'null price', (p) => (p['price'] = null));
  addProduct(9104, 'negative price', (p) => (p['price'] = -12.5));

  const orders: Doc[] = [];
  const addOrder = (id: number, what: string, edit: (o: Doc) => void) => {
    const o = clone(order);
    o['entity_id'] = id;
    o['increment_id'] = `BAD${id}`;
    for (const item of o['items'] as Doc[]) item['order_id'] = id;
    edit(o);
    orders.push(o);
    bad.push({ entity: 'order', id: String(id), what });
  };
  addOrder(99001, 'missing customer', (o) => (o['customer_id'] = 777_777));
  addOrder(99002, 'missing product', (o) => {
    for (const item of o['items'] as Doc[]) ((item['sku'] = 'NO-SUCH-SKU'), (item['product_id'] = 888_888));
  });
  addOrder(99003, 'unknown tax rate', (o) => {
    for (const item of o['items'] as Doc[]) item['tax_percent'] = 13.37;
  });
  addOrder(99004, 'negative price', (o) => {
    for (const item of o['items'] as Doc[]) ((item['price'] = -5), (item['row_total'] = -5), (item['base_price'] = -5));
  });
  return { entities: { customers, products, orders }, bad };
}

describe('bad Magento records', () => {
  let baseline: Stack;
  let victim: Stack;
  beforeAll(async () => {
    [baseline, victim] = await Promise.all([salesStack(STORE), salesStack(STORE)]);
    const clean = await runCli(['sync', '--all', '--json'], baseline.env);
    expect(clean.code, clean.stderr).toBe(0);
  });
  afterAll(async () => {
    await Promise.all([baseline?.close(), victim?.close()]);
  });

  it('each bad record is posted or has a clear error naming it; everything else syncs', async () => {
    const { entities, bad } = corpus(victim);
    await loadMagento(victim, entities);
    const run = await runCli(['sync', '--all', '--json'], victim.env);
    expect(run.stdout).toContain('"queued"');
    const log = await runCli(['log', '--status', 'error', '--json', '--limit', '1000'], victim.env);
    expect(log.code, log.stderr).toBe(0);
    const errors = JSON.parse(log.stdout) as Doc[];
    const books = await xeroBooks(victim.xero.url);

    const outcomes = bad.map((b) => {
      const error = errors.find((e) => e['entity_type'] === b.entity && String(e['magento_id']) === b.id);
      const posted =
        b.entity === 'order'
          ? books.invoices.some((i) => i['InvoiceNumber'] === `BAD${b.id}`)
          : b.entity === 'product'
            ? books.items.some((i) => String(i['Code']).startsWith(b.id.slice(0, 19)))
            : books.contacts.some((c) => String(c['ContactNumber']).endsWith(`-C${b.id}`));
      return { ...b, posted, error: error?.['message'] as string | undefined };
    });
    console.table(outcomes.map((o) => ({ ...o, error: o.error?.slice(0, 100) })));
    for (const o of outcomes) {
      expect(o.posted || o.error !== undefined, `${o.entity} ${o.id} (${o.what}) was neither posted nor reported`).toBe(true);
      if (o.error !== undefined) {
        expect(o.error.length, `${o.entity} ${o.id}`).toBeGreaterThan(10);
        expect(o.error, `${o.entity} ${o.id}`).not.toMatch(/\[object |TypeError|ReferenceError|Cannot read propert|at .*\.js:\d+/);
      }
    }
    // What was posted is right: nothing twice, every invoice's total and every line as Magento has them, no rounding line.
    expect(auditBooks(victim, books)).toEqual([]);
    const lines = auditLines(victim, books);
    expect(lines.problems).toEqual([]);
    expect(lines.roundingLines).toBe(0);
    // And each bad record that was posted carries what Xero can hold of it, cleaned, never something else.
    const CONTROL = /[\u0000-\u001f\u007f]/;
    for (const customer of entities['customers'] ?? []) {
      const contact = books.contacts.find((c) => String(c['ContactNumber']).endsWith(`-C${customer['id']}`));
      if (!contact) continue;
      const name = String(contact['Name']);
      expect(name, `customer ${customer['id']}`).not.toMatch(CONTROL);
      expect(name.length, `customer ${customer['id']}`).toBeLessThanOrEqual(255);
      expect(name.trim(), `customer ${customer['id']}`).not.toBe('');
      if (customer['email']) expect(String(contact['EmailAddress']).toLowerCase(), `customer ${customer['id']}`).toBe(String(customer['email']).toLowerCase());
      for (const [field, max] of [['FirstName', 255], ['LastName', 255]] as const) {
        if (contact[field] !== undefined) {
          expect(String(contact[field]), `customer ${customer['id']} ${field}`).not.toMatch(CONTROL);
          expect(String(contact[field]).length, `customer ${customer['id']} ${field}`).toBeLessThanOrEqual(max);
        }
      }
    }
    for (const product of entities['products'] ?? []) {
      const sku = String(product['sku']);
      const item = books.items.find((i) => String(i['Code']) === sku || (sku.length > 30 && String(i['Code']).startsWith(sku.slice(0, 19))));
      if (!item) continue;
      expect(String(item['Code']).length, sku).toBeLessThanOrEqual(30);
      expect(String(item['Name']).length, sku).toBeLessThanOrEqual(50);
      expect(String(item['Name']), sku).toBe(String(product['name']).slice(0, String(item['Name']).length));
      const price = product['price'] as number | null;
      const unitPrice = item['SalesDetails']?.['UnitPrice'];
      // The item mirrors the catalogue: Magento's price, or none; never another figure.
      if (typeof price === 'number') expect([price, undefined, null], `${sku}: price ${price} posted as ${unitPrice}`).toContain(unitPrice);
      else expect([undefined, null, 0], `${sku}: no price posted as ${unitPrice}`).toContain(unitPrice);
    }

    // A customer without an email cannot be read as a Magento customer: that must be said, not skipped.
    expect(outcomes.find((o) => o.id === '9001')?.error, 'customer without an email').toMatch(/email/);

    // The rest of the store: every document of the undisturbed run is there, the same.
    const expected = ledgerOf(await xeroBooks(baseline.xero.url));
    const actual = ledgerOf(books);
    const missing = compareLedgers(expected, actual).filter((d) => !d.includes('unexpected'));
    expect(missing).toEqual([]);
  });
});
