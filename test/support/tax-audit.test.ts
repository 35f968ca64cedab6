import { describe, expect, it } from 'vitest';
import { untaxedLinesOnTaxedRates } from './tax-audit.js';

describe('the tax audit every end-to-end stack runs on close', () => {
  const org = (lines: object[], status = 'AUTHORISED') => ({
    name: 'Shop',
    TaxRates: [
      { TaxType: 'OUTPUT2', EffectiveRate: 20 },
      { TaxType: 'ZERORATEDOUTPUT', EffectiveRate: 0 },
    ],
    Invoices: [{ Type: 'ACCREC', InvoiceNumber: '100', Status: status, LineItems: lines }],
    CreditNotes: [],
  });

  it('names a line without tax on a taxed rate', () => {
    expect(untaxedLinesOnTaxedRates([org([{ Description: 'Shipping', LineAmount: 5, TaxAmount: 0, TaxType: 'OUTPUT2' }])])).toEqual([
      'Shop: ACCREC 100 line "Shipping" (5, no tax) filed under OUTPUT2 (20 %)',
    ]);
  });

  it('accepts taxed lines on taxed rates, untaxed ones on 0 % rates, empty lines, and deleted documents', () => {
    expect(
      untaxedLinesOnTaxedRates([
        org([
          { Description: 'Tee', LineAmount: 20, TaxAmount: 4, TaxType: 'OUTPUT2' },
          { Description: 'Book', LineAmount: 10, TaxAmount: 0, TaxType: 'ZERORATEDOUTPUT' },
          { Description: 'Free gift', LineAmount: 0, TaxAmount: 0, TaxType: 'OUTPUT2' },
        ]),
        org([{ Description: 'Shipping', LineAmount: 5, TaxAmount: 0, TaxType: 'OUTPUT2' }], 'DELETED'),
      ]),
    ).toEqual([]);
  });
});
