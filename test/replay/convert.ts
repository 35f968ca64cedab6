/**
 * Turns one capture of the recorded Xero answers (../shared/reference/xero/recorded, never read by `npm test`) into a
 * fixture of this project: the facts the replay needs, in JSON, with the capture's source named. The CI conformance
 * suite (test/conformance/xero-recorded.test.ts) runs this over the captures and fails when a committed fixture or the
 * manifest no longer matches them; with REPLAY_WRITE_FIXTURES=1 it writes them instead.
 */
import { createHash } from 'node:crypto';
import { child, children, parseXml, pathOf, textOf, type XmlElement } from './xml.js';

export const XEROIZER = {
  repository: 'https://github.com/waynerobinson/xeroizer',
  licence: 'MIT',
  commit: 'e17d833047ebec7e8c80b538afb47ff02939c8b4',
  folder: 'test/stub_responses/',
  evidence: 'response bodies of the live Xero API saved by the client as test stubs',
} as const;

export const PYXERO = {
  repository: 'https://github.com/freakboy3742/pyxero',
  commit: '600a63f04329db86ee55da3885f27f8874867a5d',
  evidence: 'marked in the source "Verified response from the live API"',
} as const;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Fixture {
  /** Path of the capture in the recorded folder. */
  capture: string;
  source: Record<string, Json>;
  /** What the capture shows, as data. */
  recorded: Json;
  /** What the capture says about the request that got this answer, when it says anything. */
  request?: Json;
  /** How the request had to be adapted to run against the emulator (the capture's own note). */
  adaptation?: string;
  note?: string;
}

export interface ManifestEntry {
  capture: string;
  sha256: string;
  /** The fixture's path under test/replay/fixtures, or null with the reason. */
  fixture: string | null;
  reason?: string;
}

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function fixturePath(capture: string): string {
  return capture.replace(/\.(xml|json|txt)$/, '.json');
}

function xml(text: string): XmlElement {
  return parseXml(text);
}

function defined(record: Record<string, Json | undefined>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(record)) if (v !== undefined) out[k] = v;
  return out;
}

/** A line item's recorded facts; amounts stay the strings Xero printed, so nothing is lost to binary floats. */
function lineOf(line: XmlElement): Record<string, Json> {
  return defined({
    Description: textOf(line, 'Description'),
    Quantity: textOf(line, 'Quantity'),
    UnitAmount: textOf(line, 'UnitAmount'),
    DiscountRate: textOf(line, 'DiscountRate'),
    ItemCode: textOf(line, 'ItemCode'),
    AccountCode: textOf(line, 'AccountCode'),
    TaxType: textOf(line, 'TaxType'),
    TaxAmount: textOf(line, 'TaxAmount'),
    LineAmount: textOf(line, 'LineAmount'),
    Tracking: child(line, 'Tracking')
      ? children(child(line, 'Tracking')!, 'TrackingCategory').map((t) => defined({ Name: textOf(t, 'Name'), Option: textOf(t, 'Option') }))
      : undefined,
  });
}

/** An invoice or credit note element: type, status, amounts types, lines and Xero's own totals. */
function documentOf(doc: XmlElement, kind: 'invoice' | 'creditNote'): Record<string, Json> {
  const lines = child(doc, 'LineItems');
  return defined({
    kind,
    id: textOf(doc, kind === 'invoice' ? 'InvoiceID' : 'CreditNoteID'),
    number: textOf(doc, kind === 'invoice' ? 'InvoiceNumber' : 'CreditNoteNumber'),
    Type: textOf(doc, 'Type'),
    Status: textOf(doc, 'Status'),
    Date: textOf(doc, 'Date'),
    DueDate: textOf(doc, 'DueDate'),
    LineAmountTypes: textOf(doc, 'LineAmountTypes'),
    CurrencyCode: textOf(doc, 'CurrencyCode'),
    CurrencyRate: textOf(doc, 'CurrencyRate'),
    Contact: textOf(pathOf(doc, 'Contact') ?? doc, 'Name'),
    LineItems: lines ? children(lines, 'LineItem').map(lineOf) : [],
    SubTotal: textOf(doc, 'SubTotal'),
    TotalTax: textOf(doc, 'TotalTax'),
    Total: textOf(doc, 'Total'),
    AmountDue: textOf(doc, 'AmountDue'),
    AmountPaid: textOf(doc, 'AmountPaid'),
    AmountCredited: textOf(doc, 'AmountCredited'),
  });
}

/** A 400 ApiException: its number, type, message and each element's messages and id fields. */
function apiExceptionOf(root: XmlElement): Record<string, Json> {
  const elements = children(child(root, 'Elements') ?? root, 'DataContractBase');
  return {
    status: 400,
    ErrorNumber: Number(textOf(root, 'ErrorNumber')),
    Type: textOf(root, 'Type') ?? null,
    Message: textOf(root, 'Message') ?? null,
    Elements: elements.map((e) =>
      defined({
        InvoiceID: textOf(e, 'InvoiceID'),
        Status: textOf(e, 'Status'),
        Type: textOf(e, 'Type'),
        CurrencyCode: textOf(e, 'CurrencyCode'),
        Date: textOf(e, 'Date'),
        DueDate: textOf(e, 'DueDate'),
        ContactID: textOf(pathOf(e, 'Contact') ?? e, 'ContactID'),
        LineItems: child(e, 'LineItems') ? children(child(e, 'LineItems')!, 'LineItem').map(lineOf) : undefined,
        SubTotal: textOf(e, 'SubTotal'),
        TotalTax: textOf(e, 'TotalTax'),
        Total: textOf(e, 'Total'),
        ValidationErrors: children(child(e, 'ValidationErrors') ?? e, 'ValidationError').map((v) => textOf(v, 'Message') ?? ''),
      }),
    ),
  };
}

function xeroizerSource(file: string, extra: Record<string, Json> = {}): Record<string, Json> {
  return { ...XEROIZER, path: `${XEROIZER.folder}${file}`, ...extra };
}

/** The fixture of one capture, or null (with the reason) for the folder's provenance notes. */
export function convertCapture(capture: string, bytes: Buffer): { fixture: Fixture } | { reason: string } {
  const text = bytes.toString('utf8');
  if (/(^|\/)(README|SOURCE)\.md$/.test(capture)) {
    return { reason: 'provenance note: the repository, commit and paths it gives are named in the source of each fixture it covers' };
  }
  const records = /^xeroizer\/records\/(invoice|credit_note)-([0-9a-f-]+)\.xml$/.exec(capture);
  if (records) {
    const kind = records[1] === 'invoice' ? 'invoice' : 'creditNote';
    const root = xml(text);
    const doc = pathOf(root, kind === 'invoice' ? 'Invoices' : 'CreditNotes', kind === 'invoice' ? 'Invoice' : 'CreditNote');
    if (!doc) throw new Error(`${capture}: no ${kind} in the answer`);
    return {
      fixture: {
        capture,
        source: xeroizerSource(`records/${records[1]}-${records[2]}.xml`, {
          organisation: textOf(root, 'ProviderName') ?? null,
          recordedAt: textOf(root, 'DateTimeUTC') ?? null,
        }),
        recorded: documentOf(doc, kind),
      },
    };
  }
  switch (capture) {
    case 'xeroizer/tax_rates.xml': {
      const root = xml(text);
      const rates = children(child(root, 'TaxRates') ?? root, 'TaxRate').map((t) =>
        defined({
          Name: textOf(t, 'Name'),
          TaxType: textOf(t, 'TaxType'),
          CanApplyToAssets: textOf(t, 'CanApplyToAssets') === 'true',
          CanApplyToEquity: textOf(t, 'CanApplyToEquity') === 'true',
          CanApplyToExpenses: textOf(t, 'CanApplyToExpenses') === 'true',
          CanApplyToLiabilities: textOf(t, 'CanApplyToLiabilities') === 'true',
          CanApplyToRevenue: textOf(t, 'CanApplyToRevenue') === 'true',
          EffectiveRate: textOf(t, 'EffectiveRate'),
          Status: textOf(t, 'Status'),
        }),
      );
      return {
        fixture: {
          capture,
          source: xeroizerSource('tax_rates.xml', { organisation: textOf(root, 'ProviderName') ?? null, recordedAt: textOf(root, 'DateTimeUTC') ?? null, region: 'AU' }),
          recorded: { TaxRates: rates },
        },
      };
    }
    case 'xeroizer/organisation.xml': {
      const root = xml(text);
      const o = pathOf(root, 'Organisations', 'Organisation');
      if (!o) throw new Error(`${capture}: no organisation`);
      return {
        fixture: {
          capture,
          source: xeroizerSource('organisation.xml', { recordedAt: textOf(root, 'DateTimeUTC') ?? null }),
          recorded: defined({
            Name: textOf(o, 'Name'),
            Version: textOf(o, 'Version'),
            OrganisationType: textOf(o, 'OrganisationType'),
            BaseCurrency: textOf(o, 'BaseCurrency'),
            CountryCode: textOf(o, 'CountryCode'),
            PaysTax: textOf(o, 'PaysTax') === 'true',
            OrganisationStatus: textOf(o, 'OrganisationStatus'),
            PeriodLockDate: textOf(o, 'PeriodLockDate'),
            CreatedDateUTC: textOf(o, 'CreatedDateUTC'),
            FinancialYearEndDay: Number(textOf(o, 'FinancialYearEndDay')),
            FinancialYearEndMonth: Number(textOf(o, 'FinancialYearEndMonth')),
          }),
          note: 'XML answer: dates print as ISO text; the JSON form of the same fields is in threads/netstd70-organisation-shape.',
        },
      };
    }
    case 'xeroizer/create_invoice.xml': {
      const root = xml(text);
      const doc = pathOf(root, 'Invoices', 'Invoice');
      if (!doc) throw new Error(`${capture}: no invoice`);
      return {
        fixture: {
          capture,
          source: xeroizerSource('create_invoice.xml', { recordedAt: textOf(root, 'DateTimeUTC') ?? null, region: 'NZ' }),
          recorded: documentOf(doc, 'invoice'),
          request: 'PUT /Invoices (the answer of a create)',
          adaptation: 'NZ GST was 12.5 % in 2009: the replay creates a 12.5 % rate (ReportTaxType OUTPUT) and uses it in place of OUTPUT.',
        },
      };
    }
    case 'xeroizer/api_exception.xml':
      return {
        fixture: {
          capture,
          source: xeroizerSource('api_exception.xml', { region: 'NZ organisation', date: '2009' }),
          recorded: apiExceptionOf(xml(text)),
          request: 'PUT /Invoices with CurrencyCode NZD in an organisation not subscribed to it (contact by name, two lines)',
        },
      };
    case 'xeroizer/invalid_tenant_header.json':
      return {
        fixture: {
          capture,
          source: xeroizerSource('invalid_tenant_header.json'),
          recorded: { status: 403, body: JSON.parse(text) as Json },
          request: 'an API call without a valid xero-tenant-id',
        },
      };
    case 'pyxero/bad_request_response.xml':
      return {
        fixture: {
          capture,
          source: { ...PYXERO, path: 'tests/mock_data.py (bad_request_text)', test: 'tests/test_exceptions.py test_bad_request' },
          recorded: apiExceptionOf(xml(text)),
          request: 'pyxero/bad_request_request.json',
        },
      };
    case 'pyxero/bad_request_request.json': {
      const body = JSON.parse(text) as Record<string, Json>;
      const { _note: _ignored, method, path, ...payload } = body;
      return {
        fixture: {
          capture,
          source: { ...PYXERO, path: 'tests/test_exceptions.py (test_bad_request: the invoice pyxero sends, as XML, in JSON)' },
          recorded: { method: method ?? null, path: path ?? null, body: payload },
        },
      };
    }
    case 'pyxero/not_found_response.txt': {
      const [head = '', ...rest] = text.split('\n');
      const status = /HTTP (\d+)/.exec(head)?.[1];
      const type = /content-type (.+)$/.exec(head)?.[1];
      return {
        fixture: {
          capture,
          source: { ...PYXERO, path: 'tests/test_exceptions.py (test_not_found)' },
          recorded: { status: Number(status), contentType: type?.trim() ?? null, body: rest.join('\n').trim() },
          request: 'GET /Contacts/deadbeef',
        },
      };
    }
  }
  const thread = /^threads\/([\w-]+)\.json$/.exec(capture);
  if (thread) {
    const t = JSON.parse(text) as Record<string, Json>;
    const fixture: Fixture = {
      capture,
      source: defined({ url: t['url'], date: t['date'], kind: t['kind'], region: t['region'], corroboration: t['corroboration'] }),
      recorded: t['real_response'] ?? null,
    };
    if (t['request'] !== undefined) fixture.request = t['request'];
    if (typeof t['adaptation'] === 'string') fixture.adaptation = t['adaptation'];
    if (typeof t['note'] === 'string') fixture.note = t['note'];
    return { fixture };
  }
  throw new Error(`${capture}: no conversion for this capture; add one to test/replay/convert.ts`);
}
