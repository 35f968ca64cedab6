// Our own keys (SKUs, contact numbers, document numbers) in Xero look-ups, against the Xero emulator over HTTP: quotes,
// commas, backslashes and non-ASCII text find exactly the record named, nothing more and nothing less.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXeroEmulator, xeroEmulatorOf, type StartedXeroEmulator } from '../../src/emulators/xero/index.js';
import { XeroAccounting } from '../../src/xero/accounting.js';
import { whereAnyEquals, whereString } from '../../src/xero/batch.js';
import { InMemoryTokenProvider } from '../../src/xero/token-provider.js';

describe('where-clause values', () => {
  it('doubles quotes, and leaves backslashes and non-ASCII as they are (Dynamic LINQ literals, as Xero parses them)', () => {
    expect(whereString('He said "hi"')).toBe('"He said ""hi"""');
    expect(whereString('back\\slash')).toBe('"back\\slash"');
    expect(whereString('Größe, ÄÖÜ – 東京')).toBe('"Größe, ÄÖÜ – 東京"');
    expect(whereAnyEquals('Code', ['a"b', 'c,d'])).toBe('Code=="a""b" OR Code=="c,d"');
  });
});

describe('look-ups by our own keys against the Xero emulator', () => {
  let emulator: StartedXeroEmulator;
  let xero: XeroAccounting;
  beforeAll(async () => {
    emulator = await startXeroEmulator({ tenants: [{ name: 'Demo Company (US)', region: 'US', baseCurrency: 'USD' }] });
    const handles = xeroEmulatorOf(emulator.app);
    xero = new XeroAccounting({
      apiUrl: emulator.url,
      tenantId: handles.tenantIds()[0]!,
      tokens: new InMemoryTokenProvider(handles.issueToken().access_token),
      retry: { sleep: async () => {}, maxAttempts: 1 },
    });
  });
  afterAll(() => emulator.close());

  const codes = ['Tee "Ultra", L', 'Größe-ÄÖÜ"x', 'back\\slash"', 'Tee'];

  it('finds items whose codes hold quotes, commas, backslashes and non-ASCII, and only those', async () => {
    const made = await xero.postItems(codes.map((Code) => ({ Code, Name: `Item ${Code}`, IsSold: true, SalesDetails: { UnitPrice: 10, AccountCode: '200' } })));
    expect(made.every((r) => r.ok)).toBe(true);
    const found = await xero.getItems({ codes: codes.slice(0, 3) });
    expect(found.map((i) => i.Code).sort()).toEqual(codes.slice(0, 3).sort());
    expect((await xero.getItems({ codes: ['Tee'] })).map((i) => i.Code)).toEqual(['Tee']);
  });

  it('finds contacts by numbers with quotes and commas', async () => {
    const numbers = ['M1-C"7"', 'M1-C8,9', 'M1-Cé'];
    const made = await xero.putContacts(numbers.map((ContactNumber, i) => ({ ContactNumber, Name: `Customer ${i} "quoted"` })));
    expect(made.every((r) => r.ok)).toBe(true);
    const found = await xero.getContacts({ contactNumbers: numbers });
    expect(found.map((c) => c.ContactNumber).sort()).toEqual([...numbers].sort());
  });

  it('finds an invoice whose number holds a comma by that number alone (InvoiceNumbers is comma-separated)', async () => {
    const [contact] = await xero.putContacts([{ ContactNumber: 'M1-C1', Name: 'Jane Doe' }]);
    expect(contact?.ok).toBe(true);
    const invoice = (InvoiceNumber: string) => ({
      Type: 'ACCREC' as const,
      Contact: { ContactNumber: 'M1-C1' },
      InvoiceNumber,
      Date: '2026-01-02',
      DueDate: '2026-01-02',
      Status: 'DRAFT' as const,
      LineAmountTypes: 'Exclusive' as const,
      CurrencyCode: 'USD',
      LineItems: [{ Description: 'Tee', Quantity: 1, UnitAmount: 10, AccountCode: '200' }],
    });
    const made = await xero.putInvoices([invoice('100'), invoice('200'), invoice('100,200'), invoice('Größe "7"')]);
    expect(made.every((r) => r.ok), JSON.stringify(made.filter((r) => !r.ok))).toBe(true);
    expect((await xero.getInvoices({ invoiceNumbers: ['100,200'] })).map((i) => i.InvoiceNumber)).toEqual(['100,200']);
    expect((await xero.getInvoices({ invoiceNumbers: ['100', '200'] })).map((i) => i.InvoiceNumber).sort()).toEqual(['100', '200']);
    expect((await xero.getInvoices({ invoiceNumbers: ['100,200', 'Größe "7"'] })).map((i) => i.InvoiceNumber).sort()).toEqual(['100,200', 'Größe "7"']);
  });
});
