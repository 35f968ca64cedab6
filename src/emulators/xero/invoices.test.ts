import { describe, expect, it } from 'vitest';
import { testEmulator } from './testing.js';
import type { TestEmulator } from './testing.js';

const contact = { Name: 'Veronica Costello', ContactNumber: 'c-1' };

async function invoice(x: TestEmulator, fields: Record<string, unknown>, query = '') {
  return x.call('PUT', `/Invoices${query}`, { Invoices: [{ Type: 'ACCREC', Contact: contact, Date: '2025-05-20', DueDate: '2025-06-20', ...fields }] });
}

describe('Xero emulator: invoice totals', () => {
  it('computes exclusive lines, tax per line and totals in cents', async () => {
    const x = testEmulator();
    const r = await invoice(x, {
      LineItems: [
        { Description: 'Hoodie', Quantity: 3, UnitAmount: 3.335, AccountCode: '200', TaxType: 'OUTPUT2' },
        { Description: 'Shipping', Quantity: 1, UnitAmount: 5, AccountCode: '200' },
      ],
    });
    expect(r.statusCode).toBe(200);
    const inv = r.data.Invoices[0];
    // 3.335 rounds to 3.34 without unitdp=4: 3 x 3.34 = 10.02, tax 1.503 -> 1.50; shipping 5.00 tax 0.75 (account default OUTPUT2)
    expect(inv.LineItems.map((l: { LineAmount: number; TaxAmount: number }) => [l.LineAmount, l.TaxAmount])).toEqual([[10.02, 1.5], [5, 0.75]]);
    expect(inv).toMatchObject({ SubTotal: 15.02, TotalTax: 2.25, Total: 17.27, AmountDue: 17.27, Status: 'DRAFT', InvoiceNumber: 'INV-0001' });
    expect(inv).toMatchObject({ DateString: '2025-05-20T00:00:00', Date: `/Date(${Date.UTC(2025, 4, 20)}+0000)/` });
    expect(inv).toMatchObject({ HasErrors: false, StatusAttributeString: 'OK', UpdatedDateUTCString: '2025-06-01T09:00:00Z' });
  });

  it('keeps 4-place unit amounts under unitdp=4', async () => {
    const x = testEmulator();
    const r = await invoice(x, { LineItems: [{ Description: 'x', Quantity: 3, UnitAmount: 3.335, AccountCode: '200' }] }, '?unitdp=4');
    expect(r.data.Invoices[0].LineItems[0]).toMatchObject({ UnitAmount: 3.335, LineAmount: 10.01 });
  });

  it('takes tax out of inclusive lines and applies discounts', async () => {
    const x = testEmulator();
    const r = await invoice(x, {
      LineAmountTypes: 'Inclusive',
      LineItems: [
        { Description: 'a', Quantity: 1, UnitAmount: 115, AccountCode: '200' },
        { Description: 'b', Quantity: 2, UnitAmount: 23, DiscountRate: 50, AccountCode: '200' },
        { Description: 'c', Quantity: 1, UnitAmount: 23, DiscountAmount: 11.5, AccountCode: '200' },
      ],
    });
    const inv = r.data.Invoices[0];
    expect(inv.LineItems.map((l: { LineAmount: number }) => l.LineAmount)).toEqual([115, 23, 11.5]);
    expect(inv).toMatchObject({ Total: 149.5, TotalTax: 19.5, SubTotal: 130, TotalDiscount: 34.5, IsDiscounted: true });
  });

  it('keeps a TaxAmount the client sent', async () => {
    const x = testEmulator();
    const r = await invoice(x, { LineItems: [{ Description: 'a', Quantity: 1, UnitAmount: 10, AccountCode: '200', TaxAmount: 1.49 }] });
    expect(r.data.Invoices[0]).toMatchObject({ TotalTax: 1.49, Total: 11.49 });
  });

  it('applies a tax rate with several components at its effective rate', async () => {
    const x = testEmulator();
    const rate = await x.call('PUT', '/TaxRates', {
      TaxRates: [{ Name: 'GST + PST', ReportTaxType: 'OUTPUT', TaxComponents: [{ Name: 'GST', Rate: 5 }, { Name: 'PST', Rate: 7 }] }],
    });
    expect(rate.data.TaxRates[0].EffectiveRate).toBe(12);
    const taxType = rate.data.TaxRates[0].TaxType;
    const r = await invoice(x, { LineItems: [{ Description: 'a', Quantity: 1, UnitAmount: 100, AccountCode: '200', TaxType: taxType }] });
    expect(r.data.Invoices[0].TotalTax).toBe(12);
  });

  it('takes unit price, account and tax from an item', async () => {
    const x = testEmulator();
    await x.call('PUT', '/Items', { Items: [{ Code: 'SKU1', Description: 'From the item', SalesDetails: { UnitPrice: 20, AccountCode: '260', TaxType: 'NONE' } }] });
    const r = await invoice(x, { LineItems: [{ ItemCode: 'SKU1', Quantity: 2 }] });
    expect(r.data.Invoices[0].LineItems[0]).toMatchObject({ Description: 'From the item', AccountCode: '260', TaxType: 'NONE', LineAmount: 40, TaxAmount: 0 });
  });

  it('refuses a credit note with a discount', async () => {
    const x = testEmulator();
    const r = await x.call('PUT', '/CreditNotes', {
      CreditNotes: [{ Type: 'ACCRECCREDIT', Contact: contact, LineItems: [{ Description: 'a', Quantity: 1, UnitAmount: 10, AccountCode: '200', DiscountRate: 10 }] }],
    });
    expect(r.statusCode).toBe(400);
    expect(r.data.Elements[0].ValidationErrors[0].Message).toBe('Discounts are not supported on credit notes.');
  });
});

describe('Xero emulator: invoice rules', () => {
  it('refuses a duplicate ACCREC number', async () => {
    const x = testEmulator();
    await invoice(x, { InvoiceNumber: 'M-100' });
    const r = await invoice(x, { InvoiceNumber: 'M-100' });
    expect(r.statusCode).toBe(400);
    expect(r.data.Elements[0].ValidationErrors[0].Message).toBe('Invoice # must be unique.');
    expect(r.data.Elements[0].HasErrors).toBe(true);
  });

  it('finds an invoice by number and by where', async () => {
    const x = testEmulator();
    const created = (await invoice(x, { InvoiceNumber: 'M-7', Status: 'AUTHORISED', LineItems: [{ Description: 'a', Quantity: 1, UnitAmount: 1, AccountCode: '200' }] })).data.Invoices[0];
    expect((await x.call('GET', '/Invoices/M-7')).data.Invoices[0].InvoiceID).toBe(created.InvoiceID);
    const where = encodeURIComponent('Type=="ACCREC" AND Status=="AUTHORISED" AND Date>=DateTime(2025,01,01)');
    const listed = await x.call('GET', `/Invoices?where=${where}`);
    expect(listed.data.Invoices.map((i: { InvoiceNumber: string }) => i.InvoiceNumber)).toEqual(['M-7']);
    expect(listed.data.Invoices[0].LineItems).toBeUndefined();
    const paged = await x.call('GET', `/Invoices?where=${where}&page=1`);
    expect(paged.data.Invoices[0].LineItems).toHaveLength(1);
    expect((await x.call('GET', '/Invoices?InvoiceNumbers=M-7,M-8')).data.Invoices).toHaveLength(1);
  });

  it('checks account, tax type, item and currency', async () => {
    const x = testEmulator();
    const r = await invoice(x, {
      CurrencyCode: 'EUR',
      LineItems: [
        { Description: 'a', Quantity: 1, UnitAmount: 1, AccountCode: '999' },
        { Description: 'b', Quantity: 1, UnitAmount: 1, AccountCode: '200', TaxType: 'INPUT2' },
        { Description: 'c', Quantity: 1, UnitAmount: 1, ItemCode: 'ghost' },
      ],
    });
    expect(r.data.Elements[0].ValidationErrors.map((e: { Message: string }) => e.Message)).toEqual([
      'Organisation is not subscribed to currency EUR',
      "Account code '999' is not a valid code for this document.",
      // A purchase rate on a revenue account: both messages, as Xero pairs them (threads/java336-invalid-taxtype-name).
      'The TaxType code INPUT2 does not exist or cannot be used for this type of transaction.',
      "The TaxType code 'INPUT2' cannot be used with account code '200'.",
      "Item code 'ghost' is not valid",
    ]);
    // Each line of the echo carries its own messages.
    const lines = r.data.Elements[0].LineItems.map((l: { ValidationErrors?: unknown[] }) => l.ValidationErrors?.length ?? 0);
    expect(lines).toEqual([1, 2, 1]);
  });

  it('refuses a line total that does not match quantity x unit amount', async () => {
    const x = testEmulator();
    const r = await invoice(x, { LineItems: [{ Description: 'a', Quantity: 1, UnitAmount: 0, LineAmount: -0.01, AccountCode: '200' }] });
    expect(r.data.Elements[0].ValidationErrors[0].Message).toBe('The line total -0.01 does not match the expected line total 0.00');
  });

  it('follows the life cycle: delete drafts, void authorised, nothing after', async () => {
    const x = testEmulator();
    const lines = [{ Description: 'a', Quantity: 1, UnitAmount: 10, AccountCode: '200' }];
    const draft = (await invoice(x, { LineItems: lines })).data.Invoices[0];
    const authorised = (await invoice(x, { LineItems: lines, Status: 'AUTHORISED' })).data.Invoices[0];
    const deleteAuthorised = await x.call('POST', `/Invoices/${authorised.InvoiceID}`, { Invoices: [{ Status: 'DELETED' }] });
    expect(deleteAuthorised.data.Elements[0].ValidationErrors[0].Message).toBe('Invoice not of valid status for modification');
    const voidDraft = await x.call('POST', `/Invoices/${draft.InvoiceID}`, { Invoices: [{ Status: 'VOIDED' }] });
    expect(voidDraft.data.Elements[0].ValidationErrors[0].Message).toBe('Invoice not of valid status for modification');
    expect((await x.call('POST', `/Invoices/${draft.InvoiceID}`, { Invoices: [{ Status: 'DELETED' }] })).data.Invoices[0].Status).toBe('DELETED');
    expect((await x.call('POST', `/Invoices/${authorised.InvoiceID}`, { Invoices: [{ Status: 'VOIDED' }] })).data.Invoices[0].Status).toBe('VOIDED');
    const editVoided = await x.call('POST', `/Invoices/${authorised.InvoiceID}`, { Invoices: [{ Reference: 'late' }] });
    expect(editVoided.data.Elements[0].ValidationErrors[0].Message).toBe('Invoice not of valid status for modification');
  });

  it('updates a draft by InvoiceNumber on POST', async () => {
    const x = testEmulator();
    await invoice(x, { InvoiceNumber: 'M-1', LineItems: [{ Description: 'a', Quantity: 1, UnitAmount: 10, AccountCode: '200' }] });
    const r = await x.call('POST', '/Invoices', { Invoices: [{ InvoiceNumber: 'M-1', Type: 'ACCREC', Status: 'AUTHORISED', Reference: 'order 1' }] });
    expect(r.data.Invoices[0]).toMatchObject({ Status: 'AUTHORISED', Reference: 'order 1', Total: 11.5 });
    expect((await x.call('GET', '/Invoices')).data.Invoices).toHaveLength(1);
  });

  it('refuses documents dated in a locked period', async () => {
    const x = testEmulator();
    const auth = { authorization: `Basic ${Buffer.from('emulator-client-id:emulator-client-secret').toString('base64')}`, 'content-type': 'application/json' };
    const lock = await x.app.inject({ method: 'POST', url: '/__emulator/lock-dates', headers: auth, payload: JSON.stringify({ PeriodLockDate: '2025-05-31' }) });
    expect(lock.statusCode).toBe(200);
    const r = await invoice(x, { Status: 'AUTHORISED', LineItems: [{ Description: 'a', Quantity: 1, UnitAmount: 10, AccountCode: '200' }] });
    expect(r.data.Elements[0].ValidationErrors[0].Message).toBe('The document date cannot be before the period lock date, currently set at 31-May-2025');
    expect((await invoice(x, { Status: 'DRAFT' })).statusCode).toBe(200);
    const org = (await x.call('GET', '/Organisation')).data.Organisations[0];
    expect(org.PeriodLockDate).toBe(`/Date(${Date.UTC(2025, 4, 31)}+0000)/`);
  });

  it('dates a document sent without a date today in the organisation\'s time zone', async () => {
    const x = testEmulator({}, Date.UTC(2025, 5, 1, 13, 0)); // NZ: 1 June 13:00 UTC is already 2 June in Auckland
    const r = await x.call('PUT', '/Invoices', { Invoices: [{ Type: 'ACCREC', Contact: contact }] });
    expect(r.data.Invoices[0].DateString).toBe('2025-06-02T00:00:00');
    const uk = testEmulator({ tenants: [{ name: 'UK', region: 'UK' }] }, Date.UTC(2025, 5, 1, 13, 0));
    expect((await uk.call('PUT', '/Invoices', { Invoices: [{ Type: 'ACCREC', Contact: contact }] })).data.Invoices[0].DateString).toBe('2025-06-01T00:00:00');
  });

  it('creates a new contact named by several invoices of one batch once', async () => {
    const x = testEmulator();
    const two = [{ Type: 'ACCREC', Contact: { Name: 'Shared New' } }, { Type: 'ACCREC', Contact: { Name: 'shared new' } }];
    for (const query of ['', '?summarizeErrors=false']) {
      const r = await x.call('PUT', `/Invoices${query}`, { Invoices: two });
      expect(r.data.Invoices[0].Contact.ContactID).toBe(r.data.Invoices[1].Contact.ContactID);
    }
    expect((await x.call('GET', '/Contacts')).data.Contacts).toHaveLength(1);
  });

  it('creates the contact an invoice names when it does not exist yet', async () => {
    const x = testEmulator();
    await invoice(x, {});
    const contacts = (await x.call('GET', '/Contacts')).data.Contacts;
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ Name: 'Veronica Costello', ContactNumber: 'c-1', IsCustomer: true });
  });
});
