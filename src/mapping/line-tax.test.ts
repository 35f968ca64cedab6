import { describe, expect, it } from 'vitest';
import { isMappingError } from '../domain/errors.js';
import { magentoOrderSchema, parseMagento, type MagentoOrder } from '../domain/magento.js';
import type { XeroInvoicePayload } from '../domain/xero.js';
import { orderToInvoice } from './invoice.js';
import { destinationOf, isExport } from './line-tax.js';
import type { MappingSettingsInput } from './settings.js';
import type { TaxRegion } from './tax-regions.js';
import { fixture, testSettings } from './test-support.js';

type Raw = Record<string, any>;
const real = fixture('orders.real-stores.json') as { orders: Raw[] };
/** A real order from the fixture (see fixtures/README.md), optionally moved to another country. */
function realOrder(entityId: number, change: (o: Raw) => void = () => {}): MagentoOrder {
  const raw = structuredClone(real.orders.find((o) => o['entity_id'] === entityId)) as Raw;
  change(raw);
  return parseMagento(magentoOrderSchema, raw, 'order');
}
const shipTo = (country: string, regionCode?: string) => (o: Raw) => {
  for (const a of [o['billing_address'], ...(o['extension_attributes']?.['shipping_assignments'] ?? []).map((s: Raw) => s['shipping']?.['address'])]) {
    if (!a) continue;
    a['country_id'] = country;
    a['region_code'] = regionCode ?? null;
    a['region_id'] = null;
  }
};

const COUNTRY: Record<TaxRegion, string | undefined> = { US: 'US', UK: 'GB', AU: 'AU', NZ: 'NZ', CA: 'CA', GLOBAL: undefined };
function settingsFor(region: TaxRegion, extra: Partial<MappingSettingsInput> = {}) {
  const country = COUNTRY[region];
  return testSettings({
    stores: { '1': { code: 'default', timezone: 'UTC', baseCurrency: 'USD', xeroBaseCurrency: 'USD', tax: { region, ...(country ? { country } : {}) } } },
    taxMapping: { 'US-MI-*-Rate 1': 'TAX005', 'PL VAT 23': 'TAX023', 'UK VAT': 'OUTPUT2' },
    ...extra,
  });
}

function invoiceOf(order: MagentoOrder, settings: ReturnType<typeof settingsFor>): XeroInvoicePayload {
  const mapped = orderToInvoice(order, settings);
  if (mapped.kind !== 'post') throw new Error(`expected a post, got ${mapped.kind}`);
  return mapped.invoice;
}
const types = (invoice: XeroInvoicePayload) => invoice.LineItems.map((l) => `${l.Description}: ${l.TaxType}`);

describe('a line\'s tax type comes from what Magento charged on that line', () => {
  it('taxed items take their rate; untaxed shipping of the same order does not (OCA Luma order, Michigan 8.25 %)', () => {
    // The cassette's order was canceled later; as it stood when placed (processing) it is posted.
    const order = realOrder(1009, (o) => {
      o['state'] = 'processing';
    });
    const invoice = invoiceOf(order, settingsFor('US'));
    expect(types(invoice)).toEqual([
      'Abominable Hoodie (XS, Blue): TAX005',
      'Racer Back Maxi Dress: TAX005',
      'Shipping: Best Way - Table Rate: NONE',
    ]);
    expect(invoice.LineItems.map((l) => l.TaxAmount)).toEqual([11.39, 18.48, 0]);
    expect(invoice.LineAmountTypes).toBe('Exclusive');
  });

  it('an order without any applied taxes names its rate from the store\'s rates and the line\'s percent (Polish store, 23 %)', () => {
    const rates = [{ code: 'PL VAT 23', rate: 23, country: 'PL' }, { code: 'PL VAT 8', rate: 8, country: 'PL' }];
    const invoice = invoiceOf(realOrder(4102), settingsFor('GLOBAL', { magentoTaxRates: rates }));
    expect(invoice.LineItems.map((l) => [l.TaxType, l.TaxAmount])).toEqual([
      ['TAX023', 4.3],
      ['NONE', 0], // the flat-rate shipping Magento did not tax
    ]);
  });

  it('refuses a taxed line whose rate cannot be named, saying so', () => {
    const settings = settingsFor('GLOBAL', { magentoTaxRates: [{ code: 'DE MwSt', rate: 19, country: 'DE' }] });
    let message = '';
    try {
      orderToInvoice(realOrder(4102), settings);
    } catch (error) {
      if (!isMappingError(error)) throw error;
      message = error.message;
    }
    expect(message).toMatch(/line "Radiant Tee-XS-Blue" was taxed at 23 % but Magento did not say which tax rate applied, and none of the store's Magento tax rates for the order's destination has that percent/);
  });
});

describe('untaxed lines by region and reason', () => {
  it('an export (guest order shipped to Afghanistan) files as each region\'s export type', () => {
    const order = realOrder(1016);
    const all = (region: TaxRegion, extra: Partial<MappingSettingsInput> = {}) => [...new Set(invoiceOf(order, settingsFor(region, extra)).LineItems.map((l) => l.TaxType))];
    expect(all('UK')).toEqual(['ZERORATEDOUTPUT']);
    expect(all('NZ')).toEqual(['ZERORATED']);
    expect(all('US')).toEqual(['NONE']);
    // Australia: GST Free Exports only where the organisation has it, so the choice is the organisation's.
    expect(all('AU', { untaxedTypes: { AU: { export: 'EXEMPTEXPORT' } } })).toEqual(['EXEMPTEXPORT']);
    expect(() => invoiceOf(order, settingsFor('AU'))).toThrow(/"Export" in this AU organisation/);
    expect(() => invoiceOf(order, settingsFor('CA'))).toThrow(/"Export" in this CA organisation/);
    // Every line of the export is untaxed, and none is NoTax: that would take the sale off the return.
    expect(invoiceOf(order, settingsFor('UK')).LineAmountTypes).toBe('Exclusive');
    expect(invoiceOf(order, settingsFor('US')).LineAmountTypes).toBe('NoTax');
  });

  it('downloadable and bundle lines of an untaxed domestic order are zero-rated (devdocs 2.1 order, moved to each country)', () => {
    const uk = invoiceOf(realOrder(3003, shipTo('GB')), settingsFor('UK'));
    expect([...new Set(uk.LineItems.map((l) => l.TaxType))]).toEqual(['ZERORATEDOUTPUT']);
    const au = invoiceOf(realOrder(3003, shipTo('AU', 'NSW')), settingsFor('AU'));
    expect([...new Set(au.LineItems.map((l) => l.TaxType))]).toEqual(['EXEMPTOUTPUT']);
    expect(au.LineItems.some((l) => l.TaxType === 'NONE' || l.TaxType === 'BASEXCLUDED')).toBe(false);
  });

  it('a downloadable product is taxed where the buyer is billed, not where the parcel goes', () => {
    const order = realOrder(3003, (o) => {
      shipTo('GB')(o);
      o['billing_address']['country_id'] = 'FR';
    });
    const invoice = invoiceOf(order, settingsFor('UK', { untaxedTypes: { UK: { export: 'TAX077' } } }));
    const byName = new Map(invoice.LineItems.map((l) => [l.Description, l.TaxType]));
    expect(byName.get('Advanced Pilates & Yoga (Strength)')).toBe('TAX077');
    expect(byName.get('Radiant Tee-M-Orange')).toBe('ZERORATEDOUTPUT');
    expect([...byName.entries()].filter(([d]) => d?.startsWith('Shipping')).map(([, t]) => t)).toEqual(['ZERORATEDOUTPUT']);
  });

  it('a tax-exempt customer group files as exempt; a zero-rated product class as the merchant mapped it', () => {
    const catalogue = {
      groupTaxClasses: { '1': '3', '4': '5' },
      productTaxClasses: { 'WS12-M-Orange': '6', '240-LV08': '2' },
      classNames: { '2': 'Taxable Goods', '3': 'Retail Customer', '5': 'Tax Exempt Organisation', '6': 'Children\'s clothing' },
    };
    const exemptCustomer = realOrder(3003, (o) => {
      shipTo('GB')(o);
      o['customer_group_id'] = 4;
    });
    expect([...new Set(invoiceOf(exemptCustomer, settingsFor('UK', { catalogue })).LineItems.map((l) => l.TaxType))]).toEqual(['EXEMPTOUTPUT']);
    const exemptInNz = realOrder(3003, (o) => {
      shipTo('NZ')(o);
      o['customer_group_id'] = 4;
    });
    expect([...new Set(invoiceOf(exemptInNz, settingsFor('NZ', { catalogue })).LineItems.map((l) => l.TaxType))]).toEqual(['NONE']);

    const retail = realOrder(3003, shipTo('GB'));
    const mapped = invoiceOf(retail, settingsFor('UK', { catalogue, taxClasses: { 'product:6': { domestic: 'zero_rated' }, 'product:2': { domestic: 'TAX042' } } }));
    const byName = new Map(mapped.LineItems.map((l) => [l.Description, l.TaxType]));
    expect(byName.get('Radiant Tee-M-Orange')).toBe('ZERORATEDOUTPUT');
    expect(byName.get('Advanced Pilates & Yoga (Strength)')).toBe('TAX042');
    // The customer's class wins over the product's: an exempt customer's tee is exempt.
    const both = invoiceOf(exemptCustomer, settingsFor('UK', { catalogue, taxClasses: { 'product:6': { domestic: 'zero_rated' } } }));
    expect(new Map(both.LineItems.map((l) => [l.Description, l.TaxType])).get('Radiant Tee-M-Orange')).toBe('EXEMPTOUTPUT');
  });

  it('rounding and a document with nothing on it file outside the scope of tax (BAS Excluded in Australia)', () => {
    const empty = realOrder(3003, (o) => {
      shipTo('AU')(o);
      o['items'] = [];
      o['shipping_amount'] = 0;
      o['shipping_incl_tax'] = 0;
      o['grand_total'] = 0;
      o['subtotal'] = 0;
    });
    const invoice = invoiceOf(empty, settingsFor('AU'));
    expect(invoice.LineItems.map((l) => [l.Description, l.TaxType])).toEqual([['No charge', 'BASEXCLUDED']]);
  });
});

describe('destinations', () => {
  it('reads the shipping address, the billing address for what does not ship, and the UK VAT area', () => {
    const order = realOrder(3003, (o) => {
      shipTo('IM')(o);
      o['billing_address']['country_id'] = 'JE';
    });
    const tee = order.items.find((i) => i.sku === 'WS12-M-Orange')!;
    const video = order.items.find((i) => i.product_type === 'downloadable')!;
    expect(destinationOf(order, tee)?.country).toBe('IM');
    expect(destinationOf(order, video)?.country).toBe('JE');
    const uk = { region: 'UK' as const, country: 'GB' };
    expect(isExport(uk, destinationOf(order, tee))).toBe(false);
    expect(isExport(uk, destinationOf(order, video))).toBe(true);
    expect(isExport(uk, undefined)).toBe(false);
  });
});
