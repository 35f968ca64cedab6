import { describe, expect, it } from 'vitest';
import { money } from './routes/go-xero.js';
import { testEmulator, type TestEmulator } from './testing.js';

const SHORT = '!GoX1';
const HOSTILE = '<script>alert("x")</script>&<b>';

async function books(): Promise<{ x: TestEmulator; invoiceId: string; creditNoteId: string; contactId: string; itemId: string }> {
  const x = testEmulator({ tenants: [{ name: 'Shop & Co <UK>', region: 'UK', shortCode: SHORT }] });
  const item = await x.call('PUT', '/Items', { Items: [{ Code: 'MUG-1', Name: 'Mug', SalesDetails: { UnitPrice: 12.5, AccountCode: '200' } }] });
  const contact = { Name: HOSTILE, ContactNumber: 'M1-7', EmailAddress: 'ada@example.test' };
  const inv = await x.call('PUT', '/Invoices', {
    Invoices: [{
      Type: 'ACCREC', Contact: contact, InvoiceNumber: 'INV-000000042', Date: '2025-05-20', DueDate: '2025-06-20', Status: 'AUTHORISED',
      LineItems: [{ Description: 'Mug', Quantity: 2, UnitAmount: 12.5, AccountCode: '200', TaxType: 'OUTPUT2' }],
    }],
  });
  expect(inv.statusCode).toBe(200);
  const invoice = inv.data.Invoices[0];
  const cn = await x.call('PUT', '/CreditNotes', {
    CreditNotes: [{
      Type: 'ACCRECCREDIT', Contact: { ContactID: invoice.Contact.ContactID }, CreditNoteNumber: 'CM-000000007', Date: '2025-05-21', Status: 'AUTHORISED',
      LineItems: [{ Description: 'Mug returned', Quantity: 1, UnitAmount: 12.5, AccountCode: '200', TaxType: 'OUTPUT2' }],
    }],
  });
  expect(cn.statusCode).toBe(200);
  const creditNoteId = cn.data.CreditNotes[0].CreditNoteID;
  const alloc = await x.call('PUT', `/CreditNotes/${creditNoteId}/Allocations`, { Allocations: [{ Invoice: { InvoiceID: invoice.InvoiceID }, Amount: 15, Date: '2025-05-21' }] });
  expect(alloc.statusCode).toBe(200);
  return { x, invoiceId: invoice.InvoiceID, creditNoteId, contactId: invoice.Contact.ContactID, itemId: item.data.Items[0].ItemID };
}

const open = (x: TestEmulator, shortCode: string, redirect: string) =>
  x.app.inject({ method: 'GET', url: `/organisationlogin/default.aspx?shortcode=${encodeURIComponent(shortCode)}&redirecturl=${redirect}` });

describe('Xero emulator: "View on Xero" pages', () => {
  it('shows an invoice with its number, contact, status, total and amount due, everything escaped', async () => {
    const { x, invoiceId } = await books();
    // The link form the connector builds: redirecturl is not encoded.
    const r = await open(x, SHORT, `/AccountsReceivable/View.aspx?InvoiceID=${invoiceId}`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/html');
    expect(r.body).toContain('<title>Invoice INV-000000042 | Xero (emulated)</title>');
    expect(r.body).toContain('Shop &amp; Co &lt;UK&gt;');
    expect(r.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&lt;b&gt;');
    expect(r.body).not.toContain('<script>');
    expect(r.body).not.toContain('<b>');
    // 2 x 12.50 + 20% VAT = 30.00; 15.00 credited leaves 15.00.
    expect(r.body).toContain('<dt>Status</dt><dd>AUTHORISED</dd>');
    expect(r.body).toContain('<dt>Total</dt><dd>30.00 GBP</dd>');
    expect(r.body).toContain('<dt>Amount due</dt><dd>15.00 GBP</dd>');
    expect(r.body).toContain('<td class="num">12.50</td>');
    expect(r.body).not.toContain('Disc.');
  });

  it('shows the discount of a discounted line, so the amount adds up', async () => {
    const { x } = await books();
    const inv = await x.call('PUT', '/Invoices', {
      Invoices: [{
        Type: 'ACCREC', Contact: { Name: 'Ada' }, Date: '2025-05-20', DueDate: '2025-06-20',
        LineItems: [
          { Description: 'Hoodie', Quantity: 1, UnitAmount: 17.28, DiscountRate: 15, AccountCode: '200', TaxType: 'NONE' },
          { Description: 'Gift wrap', Quantity: 1, UnitAmount: 5, DiscountAmount: 1.25, AccountCode: '200', TaxType: 'NONE' },
        ],
      }],
    });
    expect(inv.statusCode).toBe(200);
    const r = await open(x, SHORT, `/AccountsReceivable/View.aspx?InvoiceID=${inv.data.Invoices[0].InvoiceID}`);
    expect(r.body).toContain('<th class="num">Disc.</th>');
    expect(r.body).toContain('<td class="num">17.28</td><td class="num">15%</td><td class="num">14.69</td>');
    expect(r.body).toContain('<td class="num">5.00</td><td class="num">1.25</td><td class="num">3.75</td>');
  });

  it('shows a credit note, a contact and an item, and matches the short code and ids in any case', async () => {
    const { x, creditNoteId, contactId, itemId } = await books();
    const cn = await open(x, SHORT.toLowerCase(), `/AccountsReceivable/ViewCreditNote.aspx?creditNoteID=${creditNoteId.toUpperCase()}`);
    expect(cn.statusCode).toBe(200);
    expect(cn.body).toContain('Credit note CM-000000007');
    expect(cn.body).toContain('<dt>Remaining credit</dt><dd>0.00 GBP</dd>');
    const contact = await open(x, SHORT, `/Contacts/View/${contactId}`);
    expect(contact.statusCode).toBe(200);
    expect(contact.body).toContain('<dt>Contact number</dt><dd>M1-7</dd>');
    expect(contact.body).toContain('<dt>Outstanding</dt><dd>15.00 GBP</dd>');
    const item = await open(x, SHORT, `/Accounts/Inventory/${itemId}`);
    expect(item.statusCode).toBe(200);
    expect(item.body).toContain('<h1>Item MUG-1</h1>');
    expect(item.body).toContain('<dt>Sale price</dt><dd>12.50</dd>');
  });

  it('answers a 404 page for an unknown organisation, id or page', async () => {
    const { x, invoiceId } = await books();
    const unknownOrg = await open(x, '!nope<i>', `/AccountsReceivable/View.aspx?InvoiceID=${invoiceId}`);
    expect(unknownOrg.statusCode).toBe(404);
    expect(unknownOrg.body).toContain('No organisation has the short code !nope&lt;i&gt;.');
    const unknownId = await open(x, SHORT, '/AccountsReceivable/View.aspx?InvoiceID=00000000-0000-0000-0000-000000000000');
    expect(unknownId.statusCode).toBe(404);
    expect(unknownId.body).toContain('Page not found');
    // An invoice id is not a credit note id.
    expect((await open(x, SHORT, `/AccountsReceivable/ViewCreditNote.aspx?creditNoteID=${invoiceId}`)).statusCode).toBe(404);
    expect((await open(x, SHORT, '/Reports/Index')).statusCode).toBe(404);
    expect((await x.app.inject({ method: 'GET', url: '/organisationlogin/default.aspx' })).statusCode).toBe(404);
  });

  it('prints money with thousands separators and a sign', () => {
    expect(money(123456789n, 'USD')).toBe('1,234,567.89 USD');
    expect(money(-5n, '')).toBe('-0.05');
  });
});
