import { describe, expect, it } from 'vitest';
import { testEmulator } from './testing.js';
import type { TestEmulator } from './testing.js';

const contact = { Name: 'Veronica Costello' };
const lines = [{ Description: 'Hoodie', Quantity: 1, UnitAmount: 100, AccountCode: '200' }]; // 115.00 with NZ GST

async function authorisedInvoice(x: TestEmulator, number = 'M-1') {
  const r = await x.call('PUT', '/Invoices', { Invoices: [{ Type: 'ACCREC', InvoiceNumber: number, Contact: contact, Status: 'AUTHORISED', Date: '2025-05-20', LineItems: lines }] });
  return r.data.Invoices[0];
}

async function authorisedCreditNote(x: TestEmulator, amount = 40) {
  const r = await x.call('PUT', '/CreditNotes', {
    CreditNotes: [{ Type: 'ACCRECCREDIT', CreditNoteNumber: 'CM-1', Contact: contact, Status: 'AUTHORISED', Date: '2025-05-21', LineAmountTypes: 'NoTax', LineItems: [{ Description: 'Refund', Quantity: 1, UnitAmount: amount, AccountCode: '200' }] }],
  });
  return r.data.CreditNotes[0];
}

describe('Xero emulator: payments', () => {
  it('pays an invoice down to PAID', async () => {
    const x = testEmulator();
    const inv = await authorisedInvoice(x);
    const first = await x.call('PUT', '/Payments', { Payments: [{ Invoice: { InvoiceID: inv.InvoiceID }, Account: { Code: '090' }, Amount: 15, Date: '2025-05-22', Reference: 'M-1 part' }] });
    expect(first.statusCode).toBe(200);
    expect(first.data.Payments[0]).toMatchObject({ Amount: 15, PaymentType: 'ACCRECPAYMENT', Status: 'AUTHORISED', Reference: 'M-1 part' });
    const after = (await x.call('GET', `/Invoices/${inv.InvoiceID}`)).data.Invoices[0];
    expect(after).toMatchObject({ AmountDue: 100, AmountPaid: 15, Status: 'AUTHORISED' });
    await x.call('POST', '/Payments', { Invoice: { InvoiceNumber: 'M-1' }, Account: { Code: '090' }, Amount: 100, Date: '2025-05-23' });
    const paid = (await x.call('GET', '/Invoices/M-1')).data.Invoices[0];
    expect(paid).toMatchObject({ AmountDue: 0, AmountPaid: 115, Status: 'PAID', FullyPaidOnDate: `/Date(${Date.UTC(2025, 4, 23)}+0000)/` });
    expect(paid.Payments).toHaveLength(2);
  });

  it('refuses more than the amount outstanding, also across one batch', async () => {
    const x = testEmulator();
    const inv = await authorisedInvoice(x);
    const over = await x.call('PUT', '/Payments', { Payments: [{ Invoice: { InvoiceID: inv.InvoiceID }, Account: { Code: '090' }, Amount: 115.01 }] });
    expect(over.statusCode).toBe(400);
    expect(over.data.Elements[0].ValidationErrors[0].Message).toBe('Payment amount exceeds the amount outstanding on this document');
    const twice = await x.call('PUT', '/Payments', {
      Payments: [
        { Invoice: { InvoiceID: inv.InvoiceID }, Account: { Code: '090' }, Amount: 100 },
        { Invoice: { InvoiceID: inv.InvoiceID }, Account: { Code: '090' }, Amount: 100 },
      ],
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.data.Elements).toHaveLength(1);
    // The first payment of the refused batch is kept, as Xero keeps the good elements of a 400.
    expect((await x.call('GET', `/Invoices/${inv.InvoiceID}`)).data.Invoices[0].AmountPaid).toBe(100);
  });

  it('with summarizeErrors=false, takes payments into two accounts on one invoice in one batch while they fit', async () => {
    const x = testEmulator();
    const inv = await authorisedInvoice(x);
    const clearing = await x.call('PUT', '/Accounts', { Code: '611', Name: 'Card clearing', Type: 'CURRENT', EnablePaymentsToAccount: true });
    expect(clearing.statusCode).toBe(200);
    const both = await x.call('PUT', '/Payments?summarizeErrors=false', {
      Payments: [
        { Invoice: { InvoiceID: inv.InvoiceID }, Account: { Code: '090' }, Amount: 60 },
        { Invoice: { InvoiceID: inv.InvoiceID }, Account: { Code: '611' }, Amount: 55 },
        { Invoice: { InvoiceID: inv.InvoiceID }, Account: { Code: '611' }, Amount: 0.01 },
      ],
    });
    expect(both.statusCode).toBe(200);
    expect(both.data.Payments.map((p: { StatusAttributeString?: string }) => p.StatusAttributeString ?? 'OK')).toEqual(['OK', 'OK', 'ERROR']);
    expect(both.data.Payments[2].ValidationErrors[0].Message).toBe('Payment amount exceeds the amount outstanding on this document');
    expect((await x.call('GET', `/Invoices/${inv.InvoiceID}`)).data.Invoices[0]).toMatchObject({ AmountPaid: 115, Status: 'PAID' });
  });

  it('pays only into bank accounts or accounts that allow payments', async () => {
    const x = testEmulator();
    const inv = await authorisedInvoice(x);
    const r = await x.call('PUT', '/Payments', { Payments: [{ Invoice: { InvoiceID: inv.InvoiceID }, Account: { Code: '200' }, Amount: 1 }] });
    expect(r.data.Elements[0].ValidationErrors[0].Message).toBe('Account type is invalid for making a payment to/from');
    const clearing = await x.call('PUT', '/Accounts', { Code: '855', Name: 'Gift card clearing', Type: 'CURRLIAB', EnablePaymentsToAccount: true });
    expect(clearing.statusCode).toBe(200);
    const ok = await x.call('PUT', '/Payments', { Payments: [{ Invoice: { InvoiceID: inv.InvoiceID }, Account: { Code: '855' }, Amount: 1 }] });
    expect(ok.statusCode).toBe(200);
  });

  it('refuses a payment on a draft and brings a deleted payment back onto the invoice', async () => {
    const x = testEmulator();
    const draft = (await x.call('PUT', '/Invoices', { Invoices: [{ Type: 'ACCREC', Contact: contact, LineItems: lines }] })).data.Invoices[0];
    const r = await x.call('PUT', '/Payments', { Payments: [{ Invoice: { InvoiceID: draft.InvoiceID }, Account: { Code: '090' }, Amount: 1 }] });
    expect(r.data.Elements[0].ValidationErrors[0].Message).toBe('Payments can only be made against Authorised documents');
    const inv = await authorisedInvoice(x, 'M-2');
    const payment = (await x.call('PUT', '/Payments', { Payments: [{ Invoice: { InvoiceID: inv.InvoiceID }, Account: { Code: '090' }, Amount: 115 }] })).data.Payments[0];
    expect((await x.call('GET', '/Invoices/M-2')).data.Invoices[0].Status).toBe('PAID');
    const voidPaid = await x.call('POST', `/Invoices/${inv.InvoiceID}`, { Invoices: [{ Status: 'VOIDED' }] });
    expect(voidPaid.data.Elements[0].ValidationErrors[0].Message).toBe('This document cannot be edited as it has a payment or credit note allocated to it.');
    const deleted = await x.call('POST', `/Payments/${payment.PaymentID}`, { Status: 'DELETED' });
    expect(deleted.data.Payments[0].Status).toBe('DELETED');
    expect((await x.call('GET', '/Invoices/M-2')).data.Invoices[0]).toMatchObject({ Status: 'AUTHORISED', AmountDue: 115 });
  });

  it('refuses to edit the lines of an invoice that has a payment', async () => {
    const x = testEmulator();
    const inv = await authorisedInvoice(x);
    await x.call('PUT', '/Payments', { Payments: [{ Invoice: { InvoiceID: inv.InvoiceID }, Account: { Code: '090' }, Amount: 10 }] });
    const r = await x.call('POST', `/Invoices/${inv.InvoiceID}`, { Invoices: [{ LineItems: lines.map((l) => ({ ...l, UnitAmount: 50 })) }] });
    expect(r.data.Elements[0].ValidationErrors[0].Message).toBe('This document cannot be edited as it has a payment or credit note allocated to it.');
  });
});

describe('Xero emulator: credit notes and allocations', () => {
  it('allocates credit to an invoice and refunds the rest', async () => {
    const x = testEmulator();
    const inv = await authorisedInvoice(x);
    const cn = await authorisedCreditNote(x, 40);
    expect(cn).toMatchObject({ Total: 40, RemainingCredit: 40, Status: 'AUTHORISED', CreditNoteNumber: 'CM-1' });
    const allocation = await x.call('PUT', `/CreditNotes/${cn.CreditNoteID}/Allocations`, { Allocations: [{ Invoice: { InvoiceID: inv.InvoiceID }, Amount: 25, Date: '2025-05-21' }] });
    expect(allocation.statusCode).toBe(200);
    expect(allocation.data.Allocations[0]).toMatchObject({ Amount: 25 });
    expect((await x.call('GET', `/Invoices/${inv.InvoiceID}`)).data.Invoices[0]).toMatchObject({ AmountCredited: 25, AmountDue: 90 });
    const refund = await x.call('PUT', '/Payments', { Payments: [{ CreditNote: { CreditNoteID: cn.CreditNoteID }, Account: { Code: '090' }, Amount: 15 }] });
    expect(refund.data.Payments[0].PaymentType).toBe('ARCREDITPAYMENT');
    const after = (await x.call('GET', '/CreditNotes/CM-1')).data.CreditNotes[0];
    expect(after).toMatchObject({ RemainingCredit: 0, Status: 'PAID' });
    expect(after.Allocations[0].Amount).toBe(25);
  });

  it('refuses an allocation above the credit left and to a paid invoice', async () => {
    const x = testEmulator();
    const inv = await authorisedInvoice(x);
    const cn = await authorisedCreditNote(x, 40);
    const over = await x.call('PUT', `/CreditNotes/${cn.CreditNoteID}/Allocations`, { Allocations: [{ Invoice: { InvoiceID: inv.InvoiceID }, Amount: 40.01 }] });
    expect(over.data.Elements[0].ValidationErrors[0].Message).toBe('Credit Note cannot be allocated as amount is greater than amount outstanding');
    await x.call('PUT', '/Payments', { Payments: [{ Invoice: { InvoiceID: inv.InvoiceID }, Account: { Code: '090' }, Amount: 115 }] });
    const paidOff = await x.call('PUT', `/CreditNotes/${cn.CreditNoteID}/Allocations`, { Allocations: [{ Invoice: { InvoiceID: inv.InvoiceID }, Amount: 1 }] });
    expect(paidOff.data.Elements[0].ValidationErrors[0].Message).toBe('The invoice you are trying to allocate to has already been paid off');
  });

  it('refuses a refund above the remaining credit', async () => {
    const x = testEmulator();
    const cn = await authorisedCreditNote(x, 40);
    const r = await x.call('PUT', '/Payments', { Payments: [{ CreditNote: { CreditNoteNumber: 'CM-1' }, Account: { Code: '090' }, Amount: 41 }] });
    expect(r.data.Elements[0].ValidationErrors[0].Message).toBe('Payment amount exceeds the amount outstanding on this document');
    expect(cn.CreditNoteID).toBeTruthy();
  });

  it('says when a credit note id does not exist', async () => {
    const x = testEmulator();
    const r = await x.call('POST', '/CreditNotes', { CreditNotes: [{ CreditNoteID: '7ef31b20-de17-4312-8382-412f869b1510', Status: 'AUTHORISED' }] });
    expect(r.data.Elements[0].ValidationErrors[0].Message).toBe('An existing Credit Note with the specified CreditNoteID could not be found');
  });
});
