import { describe, expect, it } from 'vitest';
import { xeroDeepLink } from './xero-links.js';

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
