import { describe, expect, it } from 'vitest';
import { xeroDeepLink } from './xero-links.js';
import { suggestTaxType } from '../settings/tax-suggestions.js';

const ID = '0f8b1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2b';

describe('xeroDeepLink', () => {
  it('builds the documented organisation-login link for each kind', () => {
    const base = 'https://go.xero.com/organisationlogin/default.aspx?shortcode=!Ab1&redirecturl=';
    expect(xeroDeepLink('invoice', ID, '!Ab1')).toBe(`${base}/AccountsReceivable/View.aspx?InvoiceID=${ID}`);
    expect(xeroDeepLink('creditnote', ID, '!Ab1')).toBe(`${base}/AccountsReceivable/ViewCreditNote.aspx?creditNoteID=${ID}`);
    expect(xeroDeepLink('contact', ID, '!Ab1')).toBe(`${base}/Contacts/View/${ID}`);
    expect(xeroDeepLink('item', ID, '!Ab1')).toBe(`${base}/Accounts/Inventory/${ID}`);
  });

  it('gives no link without a short code, for a kind without a page, or for an id that is not a GUID', () => {
    expect(xeroDeepLink('invoice', ID, undefined)).toBeUndefined();
    expect(xeroDeepLink('payment', ID, '!Ab1')).toBeUndefined();
    expect(xeroDeepLink('invoice', 'javascript:alert(1)', '!Ab1')).toBeUndefined();
  });

  it('encodes the short code', () => {
    expect(xeroDeepLink('contact', ID, 'a&b')).toContain('shortcode=a%26b&');
  });
});

describe('suggestTaxType', () => {
  const rates = [
    { taxType: 'INPUT2', name: 'GST on Expenses', effectiveRate: 15, canApplyToRevenue: false },
    { taxType: 'OUTPUT2', name: 'GST on Income', effectiveRate: 15, canApplyToRevenue: true },
    { taxType: 'TAX001', name: 'VAT 20', effectiveRate: 20, canApplyToRevenue: true, status: 'DELETED' },
  ];
  it('suggests an active revenue rate with the same effective rate', () => {
    expect(suggestTaxType({ code: 'GST', rate: 15 }, rates)).toBe('OUTPUT2');
  });
  it('suggests nothing when no active revenue rate matches', () => {
    expect(suggestTaxType({ code: 'VAT', rate: 20 }, rates)).toBeUndefined();
    expect(suggestTaxType({ code: 'X', rate: 7.25 }, rates)).toBeUndefined();
  });
});
