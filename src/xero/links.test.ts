import { describe, expect, it } from 'vitest';
import { xeroLink } from './links.js';

const id = '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';

describe('xeroLink', () => {
  it('logs in by short code and opens the document', () => {
    expect(xeroLink('!aB3x', { kind: 'invoice', invoiceId: id })).toBe(
      `https://go.xero.com/organisationlogin/default.aspx?shortcode=!aB3x&redirecturl=/AccountsReceivable/View.aspx?InvoiceID=${id}`,
    );
    expect(xeroLink('S', { kind: 'creditnote', creditNoteId: id })).toContain(`/AccountsReceivable/ViewCreditNote.aspx?creditNoteID=${id}`);
    expect(xeroLink('S', { kind: 'contact', contactId: id })).toContain(`redirecturl=/Contacts/View/${id}`);
    expect(xeroLink('S', { kind: 'item', itemId: id })).toContain(`redirecturl=/Accounts/Inventory/${id}`);
  });

  it('links a payment to the document it paid', () => {
    expect(xeroLink('S', { kind: 'payment', invoiceId: id })).toContain(`View.aspx?InvoiceID=${id}`);
    expect(xeroLink('S', { kind: 'payment', creditNoteId: id })).toContain(`creditNoteID=${id}`);
  });

  it('gives no link without a short code or for a non-GUID id', () => {
    expect(xeroLink(undefined, { kind: 'invoice', invoiceId: id })).toBeUndefined();
    expect(xeroLink('S', { kind: 'invoice', invoiceId: 'x&redirect=evil' })).toBeUndefined();
  });
});
