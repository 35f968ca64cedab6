import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { XeroInvoice } from '../domain/xero.js';
import { openStorage, type Storage } from '../storage/storage.js';
import { dateWhere, readXeroSide, type XeroReader } from './xero-side.js';

/** A Xero that answers from a list and records every read. */
function fakeXero(invoices: XeroInvoice[]) {
  const calls: Array<{ what: string; where?: string; ifModifiedSince?: string; page?: number }> = [];
  const reader: XeroReader = {
    getOrganisation: async () => {
      calls.push({ what: 'Organisation' });
      return { PeriodLockDate: '/Date(1772323200000+0000)/' } as never;
    },
    getInvoices: async (q = {}) => {
      calls.push({ what: 'Invoices', ...(q.where ? { where: q.where } : {}), ...(q.ifModifiedSince ? { ifModifiedSince: String(q.ifModifiedSince) } : {}), ...(q.page ? { page: q.page } : {}) });
      const since = q.ifModifiedSince ? String(q.ifModifiedSince) : undefined;
      const dated = q.where?.match(/DateTime\((\d+), (\d+), (\d+)\) AND Date <= DateTime\((\d+), (\d+), (\d+)\)/);
      const day = (y?: string, m?: string, d?: string) => `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
      const picked = invoices.filter((i) => {
        if (since && String(i.UpdatedDateUTC) <= since) return false;
        if (dated) return i.Date! >= day(dated[1], dated[2], dated[3]) && i.Date! <= day(dated[4], dated[5], dated[6]);
        return true;
      });
      return picked.slice(((q.page ?? 1) - 1) * (q.pageSize ?? 100), (q.page ?? 1) * (q.pageSize ?? 100));
    },
    getCreditNotes: async (q = {}) => {
      calls.push({ what: 'CreditNotes', ...(q.where ? { where: q.where } : {}) });
      return [];
    },
  };
  return { reader, calls };
}

const invoice = (n: number, date: string, updated: string, total = 10): XeroInvoice =>
  ({ InvoiceID: `id-${n}`, InvoiceNumber: String(n).padStart(9, '0'), Type: 'ACCREC', Date: date, Status: 'AUTHORISED', Total: total, AmountPaid: 0, CurrencyCode: 'USD', UpdatedDateUTC: updated }) as XeroInvoice;

describe('reading Xero for a reconciliation', () => {
  let storage: Storage;
  beforeEach(async () => {
    storage = await openStorage('sqlite::memory:');
  });
  afterEach(() => storage.close());

  it('reads a range in full once, then only what changed, then only the new day of a sliding window', async () => {
    const docs = [invoice(1, '2026-03-01', '2026-03-02T10:00:00.000Z'), invoice(2, '2026-03-05', '2026-03-06T10:00:00.000Z'), invoice(3, '2026-03-08', '2026-03-09T10:00:00.000Z')];
    const xero = fakeXero(docs);
    const first = await readXeroSide(xero.reader, storage.settings, 't1', { from: '2026-03-01', to: '2026-03-07' });
    expect(first.incremental).toBe(false);
    expect(first.documents.map((d) => d.number)).toEqual(['000000001', '000000002']);
    expect(first.lockDate).toBe('2026-03-01');
    expect(first.calls).toBe(3);
    expect(xero.calls[1]).toMatchObject({ what: 'Invoices', where: `Type=="ACCREC" AND ${dateWhere('2026-03-01', '2026-03-07')}`, page: 1 });

    // Invoice 2 changes by hand; the next run sends If-Modified-Since with no date filter and sees it.
    docs[1] = invoice(2, '2026-03-05', '2026-03-10T08:00:00.000Z', 99);
    xero.calls.length = 0;
    const second = await readXeroSide(xero.reader, storage.settings, 't1', { from: '2026-03-01', to: '2026-03-07' });
    expect(second.incremental).toBe(true);
    expect(second.calls).toBe(3);
    expect(xero.calls[1]).toEqual({ what: 'Invoices', where: 'Type=="ACCREC"', ifModifiedSince: '2026-03-06T10:00:00.000Z', page: 1 });
    expect(second.documents.find((d) => d.number === '000000002')?.totalCents).toBe(9900);

    // The window slides a day: what changed, plus the one new day in full.
    xero.calls.length = 0;
    const third = await readXeroSide(xero.reader, storage.settings, 't1', { from: '2026-03-02', to: '2026-03-08' });
    expect(third.calls).toBe(5);
    expect(xero.calls.filter((c) => c.what === 'Invoices').map((c) => c.where)).toEqual(['Type=="ACCREC"', `Type=="ACCREC" AND ${dateWhere('2026-03-08', '2026-03-08')}`]);
    expect(third.documents.map((d) => d.number).sort()).toEqual(['000000002', '000000003']);
  });

  it('pages a thousand at a time', async () => {
    const docs = Array.from({ length: 2500 }, (_, i) => invoice(i + 1, '2026-03-03', '2026-03-04T00:00:00.000Z'));
    const xero = fakeXero(docs);
    const side = await readXeroSide(xero.reader, storage.settings, 't1', { from: '2026-03-01', to: '2026-03-31' }, { full: true });
    expect(side.documents).toHaveLength(2500);
    expect(xero.calls.filter((c) => c.what === 'Invoices').map((c) => c.page)).toEqual([1, 2, 3]);
    expect(side.calls).toBe(5);
  });
});
