import { describe, expect, it } from 'vitest';
import { apiErrorMessages, parseXero, xeroApiErrorSchema, xeroEnvelopeSchema, xeroInvoiceSchema } from './xero.js';

describe('Xero schemas', () => {
  it('parses an invoices envelope and keeps /Date()/ strings', () => {
    const env = parseXero(
      xeroEnvelopeSchema('Invoices', xeroInvoiceSchema),
      {
        Id: 'x',
        Status: 'OK',
        DateTimeUTC: '/Date(1550793600000)/',
        Invoices: [
          { InvoiceID: 'a', Status: 'AUTHORISED', Total: 165, AmountDue: 165, Date: '/Date(1550793600000+0000)/', LineAmountTypes: 'Exclusive', Extra: 1 },
        ],
      },
      'invoices',
    );
    expect(env.Invoices?.[0]?.Date).toBe('/Date(1550793600000+0000)/');
    expect(env.Invoices?.[0]?.Status).toBe('AUTHORISED');
  });
  it('rejects an unknown status', () => {
    expect(() => parseXero(xeroInvoiceSchema, { InvoiceID: 'a', Status: 'LOST' }, 'invoice')).toThrow(/Status/);
  });
  it('collects element validation messages from a 400 body', () => {
    const err = parseXero(xeroApiErrorSchema, {
      ErrorNumber: 10,
      Type: 'ValidationException',
      Message: 'A validation exception occurred',
      Elements: [{ ValidationErrors: [{ Message: 'Invoice # must be unique.' }] }],
    }, 'error');
    expect(apiErrorMessages(err)).toEqual(['Invoice # must be unique.']);
  });
});
