import { describe, expect, it } from 'vitest';
import { exchangeKeys } from './exchange-keys.js';

describe('exchangeKeys', () => {
  it('finds an invoice by its number and, once answered, by its id (not by its contact: the page of a customer is not every invoice)', () => {
    const sent = { Type: 'ACCREC', InvoiceNumber: '000000126', Contact: { ContactID: 'c1' }, LineItems: [{ ItemCode: 'MH01' }] };
    const answer = { InvoiceID: 'i1', InvoiceNumber: '000000126', Contact: { ContactID: 'c1', Name: 'Ann' } };
    expect(exchangeKeys(sent, answer).sort()).toEqual(['000000126', 'i1']);
  });

  it('finds a payment by its own id and the invoice it pays; never by the empty GUID of a refused element', () => {
    const sent = { Invoice: { InvoiceID: 'i1' }, Account: { Code: '090' }, Amount: 10 };
    const answer = { PaymentID: '00000000-0000-0000-0000-000000000000', Invoice: { InvoiceID: 'i1' } };
    expect(exchangeKeys(sent, answer)).toEqual(['i1']);
    expect(exchangeKeys(sent, { PaymentID: 'p1' }).sort()).toEqual(['i1', 'p1']);
  });

  it('ignores what is not a document', () => {
    expect(exchangeKeys(undefined, null, 'x', { error: 'boom' })).toEqual([]);
  });
});
