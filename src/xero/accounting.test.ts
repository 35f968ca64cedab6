import { afterEach, describe, expect, it } from 'vitest';
import type { XeroContactPayload, XeroInvoicePayload } from '../domain/xero.js';
import { XeroAccounting } from './accounting.js';
import { pages, whereAnyEquals } from './batch.js';
import type { CallOutcomeReport } from './caller.js';
import { XeroValidationError, isXeroUnauthorizedError } from './errors.js';
import { startStub, type StubServer } from './testing/stub-server.js';
import { InMemoryTokenProvider } from './token-provider.js';

let stub: StubServer | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

const noSleep = { sleep: async () => {}, random: () => 0 };
const client = (url: string, tokens = new InMemoryTokenProvider('tok')) =>
  new XeroAccounting({ apiUrl: url, tenantId: 'tenant-1', tokens, retry: noSleep });

const contact = (n: string): XeroContactPayload => ({ ContactNumber: n, Name: `Customer ${n}` });
const invoice: XeroInvoicePayload = {
  Type: 'ACCREC',
  Contact: { ContactNumber: 'C1' },
  InvoiceNumber: 'INV-1',
  Date: '2026-01-02',
  DueDate: '2026-01-02',
  Status: 'AUTHORISED',
  LineAmountTypes: 'Exclusive',
  CurrencyCode: 'USD',
  LineItems: [{ Description: 'Tee', Quantity: 1, UnitAmount: 9.995 }],
};

describe('XeroAccounting batch writes', () => {
  it('returns per-element results in request order with summarizeErrors=false', async () => {
    stub = await startStub(() => ({
      body: {
        Status: 'OK',
        Contacts: [
          { ContactID: 'a1', ContactNumber: '1', Name: 'Customer 1', StatusAttributeString: 'OK' },
          {
            ContactID: '00000000-0000-0000-0000-000000000000',
            ContactNumber: '2',
            StatusAttributeString: 'ERROR',
            HasValidationErrors: true,
            ValidationErrors: [{ Message: 'The contact name Customer 2 is already assigned to another contact.' }],
          },
          { ContactID: 'a3', ContactNumber: '3', StatusAttributeString: 'WARNING', Warnings: [{ Message: 'heads up' }] },
        ],
      },
    }));
    const results = await client(stub.url).putContacts([contact('1'), contact('2'), contact('3')], { idempotencyKey: 'batch-7' });
    expect(stub.requests[0]!.url).toBe('/api.xro/2.0/Contacts?summarizeErrors=false');
    expect(stub.requests[0]!.headers['idempotency-key']).toBe('batch-7');
    expect(JSON.parse(stub.requests[0]!.body).Contacts).toHaveLength(3);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(results[1]).toMatchObject({ ok: false, messages: ['The contact name Customer 2 is already assigned to another contact.'] });
    expect(results[1]!.record).toMatchObject({ ContactNumber: '2' });
    expect(results[2]).toMatchObject({ ok: true, warnings: ['heads up'], record: { ContactID: 'a3' } });
  });

  it('sends unitdp=4 with invoices and uses POST for updates', async () => {
    stub = await startStub(() => ({ body: { Invoices: [{ InvoiceID: 'i1', InvoiceNumber: 'INV-1', Status: 'AUTHORISED', Total: 10 }] } }));
    const [result] = await client(stub.url).postInvoices([invoice]);
    expect(stub.requests[0]!.method).toBe('POST');
    expect(stub.requests[0]!.url).toBe('/api.xro/2.0/Invoices?summarizeErrors=false&unitdp=4');
    expect(JSON.parse(stub.requests[0]!.body).Invoices[0].LineItems[0].UnitAmount).toBe(9.995);
    expect(result).toMatchObject({ ok: true, record: { InvoiceID: 'i1', Total: 10 } });
  });

  it('retries a 503 with the same generated idempotency key', async () => {
    stub = await startStub((_r, i) => (i === 0 ? { status: 503 } : { body: { Invoices: [{ InvoiceID: 'i1' }] } }));
    await client(stub.url).putInvoices([invoice]);
    expect(stub.requests).toHaveLength(2);
    const [first, second] = stub.requests;
    expect(first!.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(second!.headers['idempotency-key']).toBe(first!.headers['idempotency-key']);
  });

  it('gives an update (POST) sent without a key a generated one too, kept across its retry', async () => {
    stub = await startStub((_r, i) => (i === 0 ? { status: 503 } : { body: { Invoices: [{ InvoiceID: 'i1' }] } }));
    await client(stub.url).postInvoices([invoice]);
    const [first, second] = stub.requests;
    expect(first!.method).toBe('POST');
    expect(first!.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(second!.headers['idempotency-key']).toBe(first!.headers['idempotency-key']);
  });

  it('throws XeroValidationError when the whole request is refused and does not retry it', async () => {
    stub = await startStub(() => ({ status: 400, body: { Message: 'Idempotency Key: k is used with a different request.' } }));
    const error = await client(stub.url).putPayments([{ Account: { Code: '090' }, Date: '2026-01-01', Amount: 5, Invoice: { InvoiceID: 'x' } }]).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(XeroValidationError);
    expect((error as XeroValidationError).messages).toEqual(['Idempotency Key: k is used with a different request.']);
    expect(stub.requests).toHaveLength(1);
  });

  it('does not call Xero for an empty batch', async () => {
    stub = await startStub(() => ({ body: {} }));
    expect(await client(stub.url).putItems([])).toEqual([]);
    expect(stub.requests).toHaveLength(0);
  });

  it('allocates a credit note with per-allocation results', async () => {
    stub = await startStub(() => ({
      body: {
        Allocations: [
          { Amount: 5, Invoice: { InvoiceID: 'i1' }, StatusAttributeString: 'ERROR', ValidationErrors: [{ Message: 'The invoice you are trying to allocate to has already been paid off' }] },
        ],
      },
    }));
    const [result] = await client(stub.url).putAllocation('cn-1', [{ Invoice: { InvoiceID: 'i1' }, Amount: 5, Date: '2026-01-02' }]);
    expect(stub.requests[0]!.url).toBe('/api.xro/2.0/CreditNotes/cn-1/Allocations?summarizeErrors=false');
    expect(result).toMatchObject({ ok: false, messages: ['The invoice you are trying to allocate to has already been paid off'] });
  });
});

describe('XeroAccounting reads', () => {
  it('queries contacts by number and id with paging, validating the answer', async () => {
    stub = await startStub(() => ({ body: { Contacts: [{ ContactID: 'c1', ContactNumber: '1' }] } }));
    const contacts = await client(stub.url).getContacts({ contactNumbers: ['1', 'x"y'], ids: ['a', 'b'], page: 2, pageSize: 50 });
    expect(contacts).toEqual([{ ContactID: 'c1', ContactNumber: '1' }]);
    const url = new URL(stub.requests[0]!.url, 'http://x');
    // A quote in a value is doubled (Dynamic LINQ, as Xero parses it; see whereString).
    expect(url.searchParams.get('where')).toBe('ContactNumber=="1" OR ContactNumber=="x""y"');
    expect(url.searchParams.get('IDs')).toBe('a,b');
    expect(url.searchParams.get('page')).toBe('2');
    expect(url.searchParams.get('pageSize')).toBe('50');
  });

  it('queries invoices by numbers and statuses with If-Modified-Since', async () => {
    stub = await startStub(() => ({ body: { Invoices: [] } }));
    await client(stub.url).getInvoices({
      invoiceNumbers: ['INV-1', 'INV-2'],
      statuses: ['AUTHORISED', 'PAID'],
      summaryOnly: true,
      ifModifiedSince: '2026-01-01T00:00:00Z',
      where: 'Type=="ACCREC"',
    });
    const sent = stub.requests[0]!;
    const url = new URL(sent.url, 'http://x');
    expect(url.searchParams.get('InvoiceNumbers')).toBe('INV-1,INV-2');
    expect(url.searchParams.get('Statuses')).toBe('AUTHORISED,PAID');
    expect(url.searchParams.get('summaryOnly')).toBe('true');
    expect(url.searchParams.get('where')).toBe('Type=="ACCREC"');
    expect(sent.headers['if-modified-since']).toBe('2026-01-01T00:00:00Z');
  });

  it('treats 304 Not Modified as no records', async () => {
    stub = await startStub(() => ({ status: 304 }));
    expect(await client(stub.url).getCreditNotes({ ifModifiedSince: new Date() })).toEqual([]);
  });

  it('rejects an answer that does not match the schema', async () => {
    stub = await startStub(() => ({ body: { Items: [{ Name: 'no code or id' }] } }));
    await expect(client(stub.url).getItems({ codes: ['A'] })).rejects.toThrow(/Unexpected Xero items/);
  });

  it('reads the organisation and one-per-request settings', async () => {
    stub = await startStub((r) =>
      r.url.startsWith('/api.xro/2.0/Organisation')
        ? { body: { Organisations: [{ Name: 'Demo', ShortCode: '!abc', BaseCurrency: 'NZD' }] } }
        : { body: { TaxRates: [{ Name: 'GST', TaxType: 'OUTPUT2' }] } },
    );
    const xero = client(stub.url);
    expect(await xero.getOrganisation()).toMatchObject({ ShortCode: '!abc' });
    const rate = await xero.createTaxRate({ Name: 'GST', TaxComponents: [{ Name: 'GST', Rate: 15, IsCompound: false }] });
    expect(rate.TaxType).toBe('OUTPUT2');
    expect(JSON.parse(stub.requests[1]!.body)).toEqual({ TaxRates: [{ Name: 'GST', TaxComponents: [{ Name: 'GST', Rate: 15, IsCompound: false }] }] });
  });
});

describe('tokens and limits', () => {
  it('refreshes the token once on a 401 and succeeds with the new one', async () => {
    let issued = 0;
    const tokens = new InMemoryTokenProvider('stale', async () => `fresh-${++issued}`);
    stub = await startStub((r) => (r.headers.authorization === 'Bearer stale' ? { status: 401 } : { body: { Currencies: [{ Code: 'NZD' }] } }));
    const currencies = await client(stub.url, tokens).getCurrencies();
    expect(currencies).toEqual([{ Code: 'NZD' }]);
    expect(tokens.invalidations).toBe(1);
    expect(stub.requests.map((r) => r.headers.authorization)).toEqual(['Bearer stale', 'Bearer fresh-1']);
  });

  it('gives up after one refresh when Xero keeps refusing', async () => {
    const tokens = new InMemoryTokenProvider('a', async () => 'b');
    stub = await startStub(() => ({ status: 401, body: { Title: 'Unauthorized', Detail: 'AuthenticationUnsuccessful' } }));
    const error = await client(stub.url, tokens).getCurrencies().catch((e: unknown) => e);
    expect(isXeroUnauthorizedError(error)).toBe(true);
    expect(stub.requests).toHaveLength(2);
  });

  it('takes a permit per call and reports remaining limits and 429s to it', async () => {
    const finished: CallOutcomeReport[] = [];
    const limiter = { acquire: async () => ({ finish: async (o: CallOutcomeReport) => void finished.push(o) }) };
    stub = await startStub((_r, i) =>
      i === 0
        ? { status: 429, headers: { 'Retry-After': '1', 'X-Rate-Limit-Problem': 'minute' } }
        : { headers: { 'X-MinLimit-Remaining': '10', 'X-DayLimit-Remaining': '100' }, body: { Accounts: [] } },
    );
    const slept: number[] = [];
    const xero = new XeroAccounting({
      apiUrl: stub.url,
      tenantId: 't',
      tokens: new InMemoryTokenProvider('tok'),
      limiter,
      retry: { sleep: async (ms) => void slept.push(ms) },
    });
    await xero.getAccounts();
    expect(finished).toEqual([{ retryAfterMs: 1000, problem: 'minute' }, { minuteRemaining: 10, dayRemaining: 100 }]);
    expect(slept).toEqual([1000]);
  });
});

describe('pages', () => {
  it('stops on the first short page', async () => {
    const asked: number[] = [];
    const data = Array.from({ length: 5 }, (_, i) => i);
    const seen: number[][] = [];
    for await (const page of pages(async (p, size) => {
      asked.push(p);
      return data.slice((p - 1) * size, p * size);
    }, { pageSize: 2 })) {
      seen.push(page);
    }
    expect(seen).toEqual([[0, 1], [2, 3], [4]]);
    expect(asked).toEqual([1, 2, 3]);
  });

  it('asks once more when the last page is exactly full, and yields no empty page', async () => {
    const asked: number[] = [];
    const seen: number[][] = [];
    for await (const page of pages(async (p) => {
      asked.push(p);
      return p === 1 ? [1, 2] : [];
    }, { pageSize: 2 })) seen.push(page);
    expect(seen).toEqual([[1, 2]]);
    expect(asked).toEqual([1, 2]);
  });

  it('builds OR clauses and nothing for an empty list', () => {
    expect(whereAnyEquals('Code', [])).toBeUndefined();
    expect(whereAnyEquals('Code', ['a\\b', 'say "hi"'])).toBe('Code=="a\\b" OR Code=="say ""hi"""');
  });
});
