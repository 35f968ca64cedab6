import { describe, expect, it } from 'vitest';
import { parseWhere, WhereError } from './where.js';

const fields = ['Type', 'Status', 'Date', 'Contact', 'InvoiceNumber', 'Total', 'EmailAddress', 'IsCustomer'];
const invoice = {
  Type: 'ACCREC',
  Status: 'AUTHORISED',
  Date: Date.UTC(2024, 1, 15),
  Contact: { ContactID: 'a3675fc4-f8dd-4f03-ba5b-f1870566bcd7', Name: 'Barney' },
  InvoiceNumber: 'INV-0001',
  Total: 46,
  EmailAddress: 'Barney@Example.com',
  IsCustomer: true,
};

describe('where', () => {
  it.each([
    ['Type=="ACCREC"', true],
    ['Type == "ACCPAY"', false],
    ['Status=="AUTHORISED" AND Type=="ACCREC"', true],
    ['Status=="PAID" OR Status=="AUTHORISED"', true],
    ['Status=="PAID" || (Type=="ACCREC" && Total>40)', true],
    ['Date>=DateTime(2024,01,01)', true],
    ['Date<DateTime(2024,02,15)', false],
    ['Contact.ContactID==Guid("A3675FC4-F8DD-4F03-BA5B-F1870566BCD7")', true],
    ['EmailAddress=="barney@example.com"', true],
    ['EmailAddress.Contains("EXAMPLE")', true],
    ['InvoiceNumber.StartsWith("INV")', true],
    ['NOT (Type=="ACCREC")', false],
    ['IsCustomer==true', true],
    ['IsCustomer', true],
  ])('%s -> %s', (text, expected) => {
    expect(parseWhere(text, 'Invoice', fields).test(invoice)).toBe(expected);
  });

  it('reads string literals as Xero does: a doubled quote is a quote, a backslash is a backslash, single quotes hold one character', () => {
    const item = { Code: 'Tom\'s "Best" 12\\5, Größe L' };
    const codeFields = ['Code'];
    expect(parseWhere('Code=="Tom\'s ""Best"" 12\\5, Größe L"', 'Item', codeFields).test(item)).toBe(true);
    expect(parseWhere('Code.Contains("""Best""")', 'Item', codeFields).test(item)).toBe(true);
    // Backslash-escaping is not Xero's: the literal ends at the quote and the rest does not parse (Xero-Java#347).
    expect(() => parseWhere('Code=="Tom\'s \\"Best\\" 12"', 'Item', codeFields)).toThrow(WhereError);
    expect(() => parseWhere("Code=='ab'", 'Item', codeFields)).toThrow(new WhereError('Character literal must contain exactly one character'));
    expect(() => parseWhere('Code=="unterminated""', 'Item', codeFields)).toThrow(new WhereError('Unterminated string literal'));
  });

  it('names an unknown field the way Xero does', () => {
    expect(() => parseWhere('Colour=="red"', 'Invoice', fields)).toThrow(
      new WhereError("No property or field 'Colour' exists in type 'Invoice'"),
    );
  });

  it('reports the values a field must equal, so a collection can start from its index', () => {
    const hints = (text: string) => parseWhere(text, 'Invoice', fields).candidates;
    expect(hints('InvoiceNumber=="INV-9"')).toEqual([{ field: 'InvoiceNumber', values: ['INV-9'] }]);
    expect(hints('(Type=="ACCREC") AND (InvoiceNumber=="A" OR InvoiceNumber=="B")')).toEqual([
      { field: 'Type', values: ['ACCREC'] },
      { field: 'InvoiceNumber', values: ['A', 'B'] },
    ]);
    expect(hints('InvoiceNumber=="A" OR Type=="ACCREC"')).toEqual([]);
    expect(hints('Total>1')).toEqual([]);
  });

  it('rejects broken syntax', () => {
    expect(() => parseWhere('Type=="ACCREC', 'Invoice', fields)).toThrow(WhereError);
    expect(() => parseWhere('Type==', 'Invoice', fields)).toThrow(WhereError);
  });
});
