import { afterEach, describe, expect, it } from 'vitest';
import type { XeroInvoicePayload } from '../../../src/domain/xero.js';
import { harness, order, type Harness, type Raw } from './support.js';

let h: Harness;
afterEach(() => h?.close());

/** Order `n` with the tee taxed at 8.875 % under a Magento rate the mapping does not know. */
function taxedOrder(n: number, code = 'US-NY-*-Rate 9'): Raw {
  const base = order(n);
  const items = (base.items as Raw[]).map((i) => ({ ...i, tax_percent: 8.875, tax_amount: 1.95, price_incl_tax: 23.95, row_total_incl_tax: 23.95 }));
  return {
    ...base,
    items,
    tax_amount: 1.95,
    base_tax_amount: 1.95,
    grand_total: 28.95,
    base_grand_total: 28.95,
    subtotal_incl_tax: 23.95,
    extension_attributes: { applied_taxes: [{ code, title: code, percent: 8.875, amount: 1.95, base_amount: 1.95 }] },
  };
}

async function ready(overrides: Parameters<typeof harness>[0] = {}): Promise<Harness> {
  h = await harness(overrides);
  await h.linkCustomer(3);
  await h.linkItems('WS12-M-Orange');
  return h;
}

describe('unmapped Magento tax rates', () => {
  it('creates one Xero tax rate for a new Magento rate, saves the mapping and posts with it', async () => {
    await ready();
    await h.storage.settings.set('taxMapping', { autoMap: true, rates: { GST: 'GST5' } });
    await h.enqueue('order', [taxedOrder(10), taxedOrder(11)]);
    await h.drain();
    expect(h.xero.count('getTaxRates')).toBe(1);
    expect(h.xero.count('createTaxRate')).toBe(1);
    const created = h.xero.taxRates[0]!;
    expect(created.Name).toBe('Magento US-NY-*-Rate 9');
    const invoices = h.xero.calls.filter((c) => c.method === 'putInvoices').flatMap((c) => c.args as XeroInvoicePayload[]);
    expect(invoices.map((i) => i.LineItems[0]!.TaxType)).toEqual([created.TaxType, created.TaxType]);
    expect(await h.storage.settings.get('taxMapping')).toEqual({
      autoMap: true,
      rates: { GST: 'GST5', 'US-NY-*-Rate 9': created.TaxType },
      regions: {},
      classes: {},
    });
    // A US organisation takes no ReportTaxType; the component is named after Magento's rate.
    expect(h.xero.calls.find((c) => c.method === 'createTaxRate')?.args).toEqual({
      Name: 'Magento US-NY-*-Rate 9',
      TaxComponents: [{ Name: 'US-NY-*-Rate 9', Rate: 8.875, IsCompound: false }],
    });
  });

  it('uses an existing Xero rate with the same effective rate instead of creating one', async () => {
    await ready();
    h.xero.taxRates.push({ Name: 'NY sales tax', TaxType: 'TAX042', Status: 'ACTIVE', EffectiveRate: 8.875, CanApplyToRevenue: true });
    await h.enqueue('order', [taxedOrder(10)]);
    await h.drain();
    expect(h.xero.count('createTaxRate')).toBe(0);
    const invoice = h.xero.calls.find((c) => c.method === 'putInvoices')!.args as XeroInvoicePayload[];
    expect(invoice[0]!.LineItems[0]!.TaxType).toBe('TAX042');
    expect(await h.entry('order', 10)).toMatchObject({ state: 'done' });
  });

  it('parks the order naming the rate when automatic mapping is off', async () => {
    await ready({ autoMapTaxRates: false });
    await h.enqueue('order', [taxedOrder(10)]);
    await h.drain();
    expect(h.xero.count('getTaxRates')).toBe(0);
    expect(h.xero.count('putInvoices')).toBe(0);
    const entry = await h.entry('order', 10);
    expect(entry?.state).toBe('parked');
    expect(entry?.last_error).toContain('US-NY-*-Rate 9');
  });

  it('parks the order with Xero\'s words when Xero refuses to create the rate', async () => {
    await ready();
    h.xero.refuse = (method) => (method === 'createTaxRate' ? ['Please enter a unique Name.'] : undefined);
    await h.enqueue('order', [taxedOrder(10)]);
    await h.drain();
    const entry = await h.entry('order', 10);
    expect(entry?.state).toBe('parked');
    expect(entry?.last_error).toContain('Xero refused to create "Magento US-NY-*-Rate 9": Please enter a unique Name.');
    expect(await h.storage.settings.get('taxMapping')).toBeUndefined();
  });

  it('never maps another country\'s tax automatically: the order waits for the merchant, naming why', async () => {
    await ready({ magentoTaxRates: [{ code: 'FR TVA 20', rate: 20, country: 'FR' }] });
    await h.enqueue('order', [taxedOrder(10, 'FR TVA 20')]);
    await h.drain();
    expect(h.xero.count('createTaxRate')).toBe(0);
    const entry = await h.entry('order', 10);
    expect(entry?.state).toBe('parked');
    expect(entry?.last_error).toMatch(/"FR TVA 20" is FR tax and this Xero organisation files US tax/);
  });
});

describe('untaxed lines whose type depends on the organisation', () => {
  /** Order `n` shipped abroad (an export), nothing taxed, for an Australian organisation. */
  const auSettings = { stores: { '1': { code: 'default', timezone: 'Australia/Sydney', baseCurrency: 'USD', xeroBaseCurrency: 'USD', tax: { region: 'AU' as const, country: 'AU' } } } };

  it('looks up GST Free Exports once, saves it for the region, and posts every export line with it', async () => {
    await ready(auSettings);
    h.xero.taxRates.push(
      { TaxType: 'EXEMPTOUTPUT', Name: 'GST Free Income', EffectiveRate: 0, Status: 'ACTIVE', CanApplyToRevenue: true, ReportTaxType: 'EXEMPTOUTPUT' },
      { TaxType: 'EXEMPTEXPORT', Name: 'GST Free Exports', EffectiveRate: 0, Status: 'ACTIVE', CanApplyToRevenue: true, ReportTaxType: 'EXEMPTEXPORT' },
    );
    await h.enqueue('order', [order(10), order(11)]);
    await h.drain();
    expect(h.xero.count('getTaxRates')).toBe(1);
    const invoices = h.xero.calls.filter((c) => c.method === 'putInvoices').flatMap((c) => c.args as XeroInvoicePayload[]);
    expect(invoices.flatMap((i) => i.LineItems.map((l) => l.TaxType))).toEqual(['EXEMPTEXPORT', 'EXEMPTEXPORT', 'EXEMPTEXPORT', 'EXEMPTEXPORT']);
    expect(invoices.map((i) => i.LineAmountTypes)).toEqual(['Exclusive', 'Exclusive']);
    expect(((await h.storage.settings.get('taxMapping')) as { regions: unknown }).regions).toEqual({ AU: { export: 'EXEMPTEXPORT' } });
  });

  it('files a tax-exempt customer group\'s untaxed lines as exempt, reading the group\'s class from Magento once per batch', async () => {
    const uk = { stores: { '1': { code: 'default', timezone: 'Europe/London', baseCurrency: 'USD', xeroBaseCurrency: 'USD', tax: { region: 'UK' as const, country: 'GB' } } } };
    await ready(uk);
    h.magento.classes = { groups: { '1': '3', '4': '5' }, names: { '3': 'Retail Customer', '5': 'Tax Exempt' } };
    const inGb = (n: number, group: number) => {
      const base = order(n, { customer_group_id: group });
      const ext = base.extension_attributes as Raw;
      const assignments = (ext.shipping_assignments as Raw[]).map((a) => ({ ...a, shipping: { ...(a.shipping as Raw), address: { ...((a.shipping as Raw).address as Raw), country_id: 'GB', region_id: null, region_code: null } } }));
      return { ...base, billing_address: { ...(base.billing_address as Raw), country_id: 'GB' }, extension_attributes: { ...ext, shipping_assignments: assignments } };
    };
    await h.enqueue('order', [inGb(10, 4), inGb(11, 1)]);
    await h.drain();
    const invoices = h.xero.calls.filter((c) => c.method === 'putInvoices').flatMap((c) => c.args as XeroInvoicePayload[]);
    const byNumber = new Map(invoices.map((i) => [i.InvoiceNumber, i.LineItems.map((l) => l.TaxType)]));
    expect(byNumber.get('000000010')).toEqual(['EXEMPTOUTPUT', 'EXEMPTOUTPUT']);
    expect(byNumber.get('000000011')).toEqual(['ZERORATEDOUTPUT', 'ZERORATEDOUTPUT']);
    expect(h.magento.classLookups).toBe(1);
  });
});
