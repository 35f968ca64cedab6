import { describe, expect, it } from 'vitest';
import { compareDocuments, type CompareInput } from './compare.js';
import { oursFor } from './reconciler.js';
import type { ExpectedDocument, XeroDocument } from './types.js';

const order = (id: string, totalCents: number, extra: Partial<ExpectedDocument> = {}): ExpectedDocument => ({
  entity: 'order',
  kind: 'invoice',
  magentoId: id,
  incrementId: `00000000${id}`,
  number: `WEB-00000000${id}`,
  day: '2026-03-02',
  currency: 'USD',
  state: 'post',
  totalCents,
  payments: [],
  ...extra,
});

const invoice = (id: string, number: string, totalCents: number, extra: Partial<XeroDocument> = {}): XeroDocument => ({
  kind: 'invoice',
  id,
  number,
  date: '2026-03-02',
  status: 'AUTHORISED',
  currency: 'USD',
  totalCents,
  paidCents: 0,
  creditedCents: 0,
  payments: [],
  allocations: [],
  ...extra,
});

const base = (over: Partial<CompareInput>): CompareInput => ({
  tenantId: 't1',
  from: '2026-03-01',
  to: '2026-03-31',
  expected: [],
  xero: [],
  links: [],
  isOurs: oursFor([{ invoice: 'WEB-', creditNote: 'CR-' }]),
  ...over,
});

const kinds = (input: CompareInput) => compareDocuments(input).issues.map((i) => `${i.kind}:${i.number}:${i.action}`);

describe('compareDocuments', () => {
  it('finds nothing when every document, total and payment matches, and totals the day on both sides', () => {
    const result = compareDocuments(
      base({
        expected: [order('1', 10_050, { payments: [{ magentoId: '11', reference: '000000011', amountCents: 10_050, date: '2026-03-02' }] }), order('2', 2_000)],
        xero: [invoice('x1', 'WEB-000000001', 10_050, { status: 'PAID', paidCents: 10_050, payments: [{ id: 'p1', amountCents: 10_050, reference: '000000011' }] }), invoice('x2', 'WEB-000000002', 2_000)],
      }),
    );
    expect(result.issues).toEqual([]);
    expect(result.days).toEqual([{ day: '2026-03-02', currency: 'USD', magentoTotal: '120.50', xeroTotal: '120.50', magentoCount: 2, xeroCount: 2 }]);
  });

  it('counts an invoice kept whole with its credit note for the canceled part as what was sold, and flags a lone full invoice', () => {
    const sold = order('3', 6_184, { canceledPart: { number: 'CR-000000003-C', totalCents: 12_366 } });
    const note: XeroDocument = { ...invoice('c3', 'CR-000000003-C', 12_366), kind: 'creditnote' };
    const paired = compareDocuments(base({ expected: [sold], xero: [invoice('x3', 'WEB-000000003', 18_550, { creditedCents: 12_366 }), note] }));
    expect(paired.issues).toEqual([]);
    expect(paired.days).toEqual([{ day: '2026-03-02', currency: 'USD', magentoTotal: '61.84', xeroTotal: '61.84', magentoCount: 1, xeroCount: 1 }]);
    // Amended instead: the invoice alone says what was sold.
    expect(compareDocuments(base({ expected: [sold], xero: [invoice('x3', 'WEB-000000003', 6_184)] })).issues).toEqual([]);
    // Kept whole without the credit note: it differs.
    expect(kinds(base({ expected: [sold], xero: [invoice('x3', 'WEB-000000003', 18_550)] }))).toEqual(['total-differs:WEB-000000003:queue']);
  });

  it('says a missing invoice can be queued, unless its date is locked', () => {
    expect(kinds(base({ expected: [order('1', 500)] }))).toEqual(['missing-in-xero:WEB-000000001:queue']);
    expect(kinds(base({ expected: [order('1', 500)], lockDate: '2026-03-02' }))).toEqual(['missing-in-xero:WEB-000000001:person']);
  });

  it('tells deleted (repairable, forgetting the link) from voided (a person) in Xero', () => {
    const links = [{ entityType: 'order', magentoId: '1', xeroKind: 'invoice', xeroId: 'x1' }];
    const deleted = compareDocuments(base({ expected: [order('1', 500)], xero: [invoice('x1', 'WEB-000000001', 500, { status: 'DELETED' })], links }));
    expect(deleted.issues[0]).toMatchObject({ kind: 'deleted-in-xero', action: 'queue', problem: 'missing-in-xero' });
    expect(deleted.issues[0]!.repair!.unlink).toEqual([{ entityType: 'order', magentoId: '1', xeroKind: 'invoice' }]);
    expect(kinds(base({ expected: [order('1', 500)], xero: [invoice('x1', 'WEB-000000001', 500, { status: 'VOIDED' })], links }))).toEqual([
      'voided-in-xero:WEB-000000001:person',
    ]);
  });

  it('compares totals in cents: an editable invoice is repaired by marking its link stale, a paid one needs a person', () => {
    const links = [{ entityType: 'order', magentoId: '1', xeroKind: 'invoice', xeroId: 'x1' }];
    const open = compareDocuments(base({ expected: [order('1', 500)], xero: [invoice('x1', 'WEB-000000001', 501)], links }));
    expect(open.issues[0]).toMatchObject({ kind: 'total-differs', action: 'queue', magentoCents: 500, xeroCents: 501, magentoTotal: '5.00', xeroTotal: '5.01' });
    expect(open.issues[0]!.repair!.stale).toEqual([{ entityType: 'order', magentoId: '1', xeroKind: 'invoice' }]);
    expect(open.days[0]).toMatchObject({ magentoTotal: '5.00', xeroTotal: '5.01' });
    expect(kinds(base({ expected: [order('1', 500)], xero: [invoice('x1', 'WEB-000000001', 700, { status: 'PAID', paidCents: 700 })], links }))).toEqual([
      'total-differs:WEB-000000001:person',
    ]);
    expect(kinds(base({ expected: [order('1', 500)], xero: [invoice('x1', 'WEB-000000001', 700)], links, lockDate: '2026-03-31' }))).toEqual([
      'total-differs:WEB-000000001:person',
    ]);
  });

  it('finds a payment removed in Xero (queue) and one with another amount (person)', () => {
    const payments = [{ magentoId: '11', reference: '000000011', amountCents: 500, date: '2026-03-03' }];
    const links = [{ entityType: 'invoice', magentoId: '11', xeroKind: 'payment', xeroId: 'p1' }];
    const missing = compareDocuments(base({ expected: [order('1', 500, { payments })], xero: [invoice('x1', 'WEB-000000001', 500)], links }));
    expect(missing.issues[0]).toMatchObject({ kind: 'payment-missing', action: 'queue', entity: 'invoice', magentoId: '11' });
    expect(missing.issues[0]!.repair).toEqual({ enqueue: [{ entity: 'invoice', magentoId: '11' }], unlink: [{ entityType: 'invoice', magentoId: '11', xeroKind: 'payment' }], stale: [] });
    const other = invoice('x1', 'WEB-000000001', 500, { paidCents: 400, payments: [{ id: 'p1', amountCents: 400, reference: '000000011' }] });
    expect(kinds(base({ expected: [order('1', 500, { payments })], xero: [other], links }))).toEqual(['payment-differs:WEB-000000001:person']);
  });

  it('reports our-numbered Xero documents no Magento record has, and leaves the merchant\'s own alone', () => {
    const result = kinds(
      base({ xero: [invoice('x9', 'WEB-000000099', 4_200), invoice('x8', 'INV-0001', 1_000), invoice('x7', 'WEB-000000098', 100, { status: 'VOIDED' })] }),
    );
    expect(result).toEqual(['missing-in-magento:WEB-000000099:person']);
  });

  it('wants a canceled order\'s invoice voided: queue when Xero allows it, a person when money is against it', () => {
    const canceled = order('1', 0, { state: 'cancel' });
    expect(kinds(base({ expected: [canceled], xero: [invoice('x1', 'WEB-000000001', 500)] }))).toEqual(['not-cancelled-in-xero:WEB-000000001:queue']);
    expect(kinds(base({ expected: [canceled], xero: [invoice('x1', 'WEB-000000001', 500, { status: 'PAID', paidCents: 500 })] }))).toEqual([
      'not-cancelled-in-xero:WEB-000000001:person',
    ]);
    expect(kinds(base({ expected: [canceled], xero: [invoice('x1', 'WEB-000000001', 500, { status: 'VOIDED' })] }))).toEqual([]);
  });

  it('turns a repairable issue over to a person when the queue has already parked the record with an error', () => {
    const parked = new Map([['order:1', 'Organisation is not subscribed to currency EUR']]);
    const [issue] = compareDocuments(base({ expected: [order('1', 500)], parked })).issues;
    expect(issue).toMatchObject({ kind: 'missing-in-xero', action: 'person' });
    expect(issue!.advice).toContain('not subscribed to currency EUR');
  });

  it('nets credit notes against invoices in the day totals', () => {
    const memo: ExpectedDocument = { ...order('5', 300), entity: 'creditmemo', kind: 'creditnote', number: 'CR-000000005' };
    const note: XeroDocument = { ...invoice('c5', 'CR-000000005', 300), kind: 'creditnote' };
    const result = compareDocuments(base({ expected: [order('1', 1_000), memo], xero: [invoice('x1', 'WEB-000000001', 1_000), note] }));
    expect(result.issues).toEqual([]);
    expect(result.days[0]).toMatchObject({ magentoTotal: '7.00', xeroTotal: '7.00', magentoCount: 2, xeroCount: 2 });
  });
});

describe('oursFor', () => {
  it('without a prefix, only digit numbers or our references count as ours', () => {
    const ours = oursFor([{ invoice: '', creditNote: '' }]);
    expect(ours(invoice('a', '000000123', 1))).toBe(true);
    expect(ours(invoice('b', 'INV-0001', 1))).toBe(false);
    expect(ours(invoice('c', 'INV-0002', 1, { reference: 'Order 000000123 (default)' }))).toBe(true);
  });

  it('counts a voided invoice in nobody\'s day total, while listing it', () => {
    const result = compareDocuments(base({ expected: [order('1', 10_000), order('2', 2_000)], xero: [invoice('x1', 'WEB-000000001', 10_000, { status: 'VOIDED' }), invoice('x2', 'WEB-000000002', 2_000)] }));
    expect(result.issues.map((i) => i.kind)).toEqual(['voided-in-xero']);
    expect(result.days).toEqual([{ day: '2026-03-02', currency: 'USD', magentoTotal: '120.00', xeroTotal: '20.00', magentoCount: 2, xeroCount: 1 }]);
  });

  it('compares the tax per day and tax type, and finds a line moved to another tax type by hand', () => {
    const taxes = [
      { taxType: 'OUTPUT2', netCents: 10_000, taxCents: 2_000, rates: ['UK VAT 20'] },
      { taxType: 'ZERORATEDOUTPUT', netCents: 500, taxCents: 0 },
    ];
    const agree = compareDocuments(base({ expected: [order('1', 12_500, { taxes })], xero: [invoice('x1', 'WEB-000000001', 12_500, { taxes: taxes.map(({ rates: _r, ...t }) => t) })] }));
    expect(agree.issues).toEqual([]);
    expect(agree.taxes).toEqual([
      { day: '2026-03-02', currency: 'USD', taxType: 'OUTPUT2', rates: ['UK VAT 20'], magentoNet: '100.00', magentoTax: '20.00', xeroNet: '100.00', xeroTax: '20.00', differs: false },
      { day: '2026-03-02', currency: 'USD', taxType: 'ZERORATEDOUTPUT', rates: ['no tax'], magentoNet: '5.00', magentoTax: '0.00', xeroNet: '5.00', xeroTax: '0.00', differs: false },
    ]);
    // The zero-rated shipping moved to Exempt Income by hand: same total, another tax type.
    const moved = compareDocuments(
      base({
        expected: [order('1', 12_500, { taxes })],
        xero: [invoice('x1', 'WEB-000000001', 12_500, { taxes: [{ taxType: 'EXEMPTOUTPUT', netCents: 500, taxCents: 0 }, { taxType: 'OUTPUT2', netCents: 10_000, taxCents: 2_000 }] })],
      }),
    );
    expect(moved.issues.map((i) => `${i.kind}:${i.action}`)).toEqual(['tax-differs:queue']);
    expect(moved.issues[0]!.advice).toContain('EXEMPTOUTPUT: Magento 0.00 + tax 0.00, Xero 5.00 + tax 0.00; ZERORATEDOUTPUT: Magento 5.00 + tax 0.00, Xero 0.00 + tax 0.00');
    expect(moved.taxes.filter((t) => t.differs).map((t) => t.taxType)).toEqual(['EXEMPTOUTPUT', 'ZERORATEDOUTPUT']);
    // An amount changed on the same tax types is a total difference, not a tax-type one.
    const amount = compareDocuments(
      base({
        expected: [order('1', 12_500, { taxes })],
        xero: [invoice('x1', 'WEB-000000001', 13_700, { taxes: [{ taxType: 'OUTPUT2', netCents: 11_000, taxCents: 2_200 }, { taxType: 'ZERORATEDOUTPUT', netCents: 500, taxCents: 0 }] })],
      }),
    );
    expect(amount.issues.map((i) => i.kind)).toEqual(['total-differs']);
    // Xero sent no lines (a summary read): nothing to compare, nothing claimed.
    expect(compareDocuments(base({ expected: [order('1', 12_500, { taxes })], xero: [invoice('x1', 'WEB-000000001', 12_500)] })).issues).toEqual([]);
  });
});
