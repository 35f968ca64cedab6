// Orders are read from Magento with `fields` naming only what their schema declares (src/sync/magento-records.ts). That
// is safe only while the mapping reads nothing beyond the schema: every generated order, mapped from the full record
// and from the trimmed one, must give the same Xero invoice (or the same refusal).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { magentoOrderSchema } from '../../src/domain/magento.js';
import { startMagentoEmulator } from '../../src/emulators/magento/index.js';
import { fieldsOf, searchFields } from '../../src/magento/fields.js';
import { orderToInvoice } from '../../src/mapping/invoice.js';
import { testSettings } from '../../src/mapping/test-support.js';
import { z } from 'zod';

let magento: Awaited<ReturnType<typeof startMagentoEmulator>>;
beforeAll(async () => {
  magento = await startMagentoEmulator({ seed: 11, customers: 40, products: 60, orders: 300, commerce: true });
});
afterAll(() => magento.close());

async function orders(fields?: string): Promise<unknown[]> {
  const query = `searchCriteria[pageSize]=300${fields ? `&fields=${encodeURIComponent(fields)}` : ''}`;
  const answer = await fetch(`${magento.url}/rest/V1/orders?${query}`, { headers: { authorization: 'Bearer magento-emulator-integration-token' } });
  expect(answer.status).toBe(200);
  return ((await answer.json()) as { items: unknown[] }).items;
}

function mapped(raw: unknown): unknown {
  const order = magentoOrderSchema.parse(raw);
  try {
    return orderToInvoice(order, testSettings({ stores: Object.fromEntries([1, 2, 3, 4].map((id) => [String(id), { code: `s${id}`, timezone: 'America/New_York', baseCurrency: 'USD', xeroBaseCurrency: 'USD', tax: { region: 'US', country: 'US' } }])) }));
  } catch (error) {
    return { refused: error instanceof Error ? error.message : String(error) };
  }
}

it('names nested objects and arrays of objects by their keys, anything else whole', () => {
  const schema = z.looseObject({ id: z.number(), lines: z.array(z.looseObject({ sku: z.string(), qty: z.number().nullish() })), address: z.looseObject({ city: z.string() }).nullish(), note: z.unknown(), extra: z.looseObject({}) });
  expect(fieldsOf(schema)).toBe('id,lines[sku,qty],address[city],note,extra');
  expect(searchFields(schema)).toBe('items[id,lines[sku,qty],address[city],note,extra],total_count');
});

it('maps every generated order the same from the trimmed record as from the full one', async () => {
  const [full, trimmed] = await Promise.all([orders(), orders(searchFields(magentoOrderSchema))]);
  expect(trimmed).toHaveLength(full.length);
  expect(JSON.stringify(trimmed).length).toBeLessThan(JSON.stringify(full).length * 0.7);
  let invoices = 0;
  full.forEach((order, i) => {
    const a = mapped(order);
    expect(mapped(trimmed[i]), `order ${(order as { increment_id: string }).increment_id}`).toEqual(a);
    if ((a as { kind?: string }).kind === 'post') invoices++;
  });
  // Many orders must map to an invoice (the rest are skipped, canceled or refused, compared as well), or the comparison
  // would prove little.
  expect(invoices).toBeGreaterThan(full.length / 4);
});
