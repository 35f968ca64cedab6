// The client against the Xero emulator where real Xero does what a naive client gets wrong (each behaviour is a recorded
// answer, replayed in test/replay): a 400 on a batch whose good elements Xero saved anyway, an expired token, and every
// message of a refused element.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { XeroInvoicePayload } from '../domain/xero.js';
import { startXeroEmulator, xeroEmulatorOf, type StartedXeroEmulator } from '../emulators/xero/index.js';
import { XeroAccounting } from './accounting.js';
import { isXeroUnauthorizedError, serializeXeroError } from './errors.js';
import { InMemoryTokenProvider } from './token-provider.js';

let emulator: StartedXeroEmulator;
let handles: ReturnType<typeof xeroEmulatorOf>;
let now: number;

beforeEach(async () => {
  now = Date.UTC(2026, 2, 2, 9);
  emulator = await startXeroEmulator({ clock: () => now, tenants: [{ name: 'Replay NZ', region: 'NZ' }], limits: { perMinute: 10_000, perDay: 100_000, concurrent: 20 } });
  handles = xeroEmulatorOf(emulator.app);
});
afterEach(async () => {
  await emulator.close();
});

const noSleep = { sleep: async () => {}, random: () => 0, maxAttempts: 1 };
function client(tokens = new InMemoryTokenProvider(handles.issueToken().access_token)): XeroAccounting {
  return new XeroAccounting({ apiUrl: emulator.url, tenantId: handles.tenantIds()[0]!, tokens, retry: noSleep });
}
const invoice = (n: string, accountCode = '200'): XeroInvoicePayload => ({
  Type: 'ACCREC',
  Contact: { Name: 'Replay customer' } as unknown as XeroInvoicePayload['Contact'],
  InvoiceNumber: n,
  Date: '2026-03-01',
  DueDate: '2026-03-01',
  Status: 'AUTHORISED',
  LineAmountTypes: 'Exclusive',
  CurrencyCode: 'NZD',
  LineItems: [{ Description: 'Tee', Quantity: 1, UnitAmount: 20, AccountCode: accountCode }],
});
/** The emulator's request log (its control API): how many times a batch was really sent. */
async function puts(path: string): Promise<unknown[]> {
  const auth = Buffer.from('emulator-client-id:emulator-client-secret').toString('base64');
  const log = (await (await fetch(`${emulator.url}/__emulator/requests`, { headers: { authorization: `Basic ${auth}` } })).json()) as {
    requests: Array<{ method: string; path: string }>;
  };
  return log.requests.filter((r) => r.method === 'PUT' && r.path.startsWith(`/api.xro/2.0${path}`));
}

describe('a batch Xero answers with 400 (summarizeErrors left on) and partly saves', () => {
  it('is not sent again: the kept invoices are looked up by number and adopted, the refused one fails with its messages', async () => {
    handles.faults.add({ kind: 'summarize', method: 'PUT', path: '/Invoices', next: 1 });
    const xero = client();
    const results = await xero.putInvoices([invoice('R-1'), invoice('R-2', '999'), invoice('R-3')]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(results[0]).toMatchObject({ ok: true, record: { InvoiceNumber: 'R-1', Total: 23 } });
    expect(results[0]!.ok && results[0]!.warnings[0]).toMatch(/looked up and adopted/);
    expect(results[1]).toMatchObject({ ok: false, messages: ["Account code '999' is not a valid code for this document."] });
    expect(await puts('/Invoices')).toHaveLength(1);
    const all = await xero.getInvoices({});
    expect(all.map((i) => i.InvoiceNumber).sort()).toEqual(['R-1', 'R-3']);
  });

  it('finds kept payments on the invoices they pay', async () => {
    const xero = client();
    const invoices = await xero.putInvoices([invoice('P-1'), invoice('P-2'), invoice('P-3')]);
    const ids = invoices.map((r) => (r.ok ? r.record.InvoiceID : ''));
    handles.faults.add({ kind: 'summarize', method: 'PUT', path: '/Payments', next: 1 });
    const pay = (id: string, Amount: number, Reference: string) => ({ Invoice: { InvoiceID: id }, Account: { Code: '090' }, Date: '2026-03-02', Amount, Reference });
    const results = await xero.putPayments([pay(ids[0]!, 23, 'M-1'), pay(ids[1]!, 99, 'M-2'), pay(ids[2]!, 10, 'M-3')]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(results[1]).toMatchObject({ ok: false, messages: ['Payment amount exceeds the amount outstanding on this document'] });
    expect(await puts('/Payments')).toHaveLength(1);
    const payments = (await xero.getPayments({})).filter((p) => p.Status !== 'DELETED');
    expect(payments.map((p) => p.PaymentID).sort()).toEqual([results[0], results[2]].map((r) => (r?.ok ? r.record.PaymentID : '')).sort());
  });

  it('adopts kept credit notes by number', async () => {
    const xero = client();
    handles.faults.add({ kind: 'summarize', method: 'PUT', path: '/CreditNotes', next: 1 });
    const note = (n: string, accountCode = '200') => ({
      Type: 'ACCRECCREDIT' as const,
      Contact: { Name: 'Replay customer' } as unknown as XeroInvoicePayload['Contact'],
      CreditNoteNumber: n,
      Date: '2026-03-01',
      Status: 'AUTHORISED' as const,
      LineAmountTypes: 'Exclusive' as const,
      CurrencyCode: 'NZD',
      LineItems: [{ Description: 'Refund', Quantity: 1, UnitAmount: 5, AccountCode: accountCode }],
    });
    const results = await xero.putCreditNotes([note('CN-1'), note('CN-2', '999')]);
    expect(results.map((r) => r.ok)).toEqual([true, false]);
    expect(results[0]).toMatchObject({ ok: true, record: { CreditNoteNumber: 'CN-1' } });
    expect(await puts('/CreditNotes')).toHaveLength(1);
    expect((await xero.getCreditNotes({})).map((c) => c.CreditNoteNumber)).toEqual(['CN-1']);
  });

  it('adopts kept contacts by contact number', async () => {
    const xero = client();
    await xero.putContacts([{ ContactNumber: 'C-0', Name: 'Taken' }]);
    handles.faults.add({ kind: 'summarize', method: 'PUT', path: '/Contacts', next: 1 });
    const results = await xero.putContacts([{ ContactNumber: 'C-1', Name: 'Ann' }, { ContactNumber: 'C-2', Name: 'Taken' }]);
    expect(results.map((r) => r.ok)).toEqual([true, false]);
    expect(results[0]).toMatchObject({ ok: true, record: { ContactNumber: 'C-1', Name: 'Ann' } });
    expect((await xero.getContacts({})).map((c) => c.Name).sort()).toEqual(['Ann', 'Taken']);
  });

  it('fails the batch as before when Xero kept nothing (a 400 without refused elements)', async () => {
    const xero = client();
    await expect(xero.putInvoices([{ ...invoice('X-1'), InvoiceID: 'not-a-guid' } as XeroInvoicePayload])).rejects.toMatchObject({
      name: 'XeroValidationError',
      errorType: 'PostDataInvalidException',
    });
  });
});

describe('an expired access token (401 TokenExpired)', () => {
  it('is refreshed once and the call made again', async () => {
    let renewals = 0;
    const tokens = new InMemoryTokenProvider(handles.issueToken().access_token, async () => {
      renewals += 1;
      return handles.issueToken().access_token;
    });
    const xero = client(tokens);
    await xero.getCurrencies();
    now += 31 * 60_000;
    expect(await xero.getCurrencies()).toEqual([expect.objectContaining({ Code: 'NZD' })]);
    expect(renewals).toBe(1);
    expect(tokens.invalidations).toBe(1);
  });

  it('gives up after one refresh when the new token is refused too, and says why', async () => {
    const stale = handles.issueToken().access_token;
    const tokens = new InMemoryTokenProvider(stale, async () => stale);
    const xero = client(tokens);
    now += 31 * 60_000;
    const error = await xero.getCurrencies().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isXeroUnauthorizedError(error)).toBe(true);
    expect(tokens.invalidations).toBe(1);
    expect((error as Error).message).toMatch(/TokenExpired: token expired at \d{2}\/\d{2}\/\d{4}/);
  });
});

describe('a refused element', () => {
  it('carries every message Xero gave, the lines\' included, into the error the log shows', async () => {
    const xero = client();
    const [answer] = await xero.putInvoices([
      {
        ...invoice('M-1'),
        Contact: undefined as never,
        LineItems: [
          { Description: 'a', Quantity: 1, UnitAmount: 5, AccountCode: '200', TaxType: 'GST on Income' },
          { Description: 'b', Quantity: -1, UnitAmount: 5, AccountCode: '200' },
        ],
      },
    ]);
    expect(answer).toMatchObject({ ok: false });
    const messages = answer!.ok ? [] : answer!.messages;
    expect(messages).toEqual(
      expect.arrayContaining([
        'A Contact must be specified for this type of transaction',
        'The TaxType code GST on Income does not exist or cannot be used for this type of transaction.',
        "The TaxType code 'GST on Income' cannot be used with account code '200'.",
        "The quantity value '-1.0000' is invalid. Quantity must not be less than zero.",
      ]),
    );
    handles.faults.add({ kind: 'summarize', method: 'PUT', path: '/Invoices', next: 1 });
    const error = await xero
      .putInvoices([{ ...invoice('M-2'), Status: 'AUTHORISED', LineItems: [{ Description: 'micro', Quantity: 2, UnitAmount: 0.001, AccountCode: '200' }] }])
      .then((r) => r[0]);
    expect(error).toMatchObject({ ok: false, messages: ['Account must be valid.', 'Tax rate must be valid.'] });
    expect(serializeXeroError(new Error('x'))).toEqual({ name: 'Error', message: 'x' });
  });
});
