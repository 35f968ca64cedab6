// The comparison itself, pure: Magento's expected documents against what Xero holds, per store-local day and per
// document. Every difference says whether re-queuing the Magento record repairs it or a person has to act.
import type { ReconciliationDay } from './types.js';
import { formatMinor } from '../domain/money.js';
import {
  portProblem,
  type ExpectedDocument,
  type IssueKind,
  type LinkFact,
  type ReconcileIssue,
  type RepairPlan,
  type TaxDay,
  type TaxShare,
  type XeroDocument,
} from './types.js';
import { sameTaxTypes, taxDifferences } from './tax.js';

export interface CompareInput {
  tenantId: string;
  from: string;
  to: string;
  expected: readonly ExpectedDocument[];
  xero: readonly XeroDocument[];
  links: readonly LinkFact[];
  /** The later of Xero's lock dates, YYYY-MM-DD: documents on or before it are not touched. */
  lockDate?: string | undefined;
  /** Whether a Xero document unknown to Magento was made by this connector (number scheme or reference). */
  isOurs: (doc: XeroDocument) => boolean;
  /** Queue entries parked with an error, keyed `<entity>:<magentoId>`: re-queuing alone will not help them. */
  parked?: ReadonlyMap<string, string>;
  xeroUrl?: (kind: 'invoice' | 'creditnote', id: string) => string | undefined;
}

export interface Comparison {
  days: ReconciliationDay[];
  taxes: TaxDay[];
  issues: ReconcileIssue[];
}

const LIVE = new Set(['DRAFT', 'SUBMITTED', 'AUTHORISED', 'PAID']);
const EDITABLE = new Set(['DRAFT', 'SUBMITTED', 'AUTHORISED']);

const linkKey = (entityType: string, magentoId: string, kind: string) => `${entityType}\u0000${magentoId}\u0000${kind}`;

export function compareDocuments(input: CompareInput): Comparison {
  const links = new Map(input.links.map((l) => [linkKey(l.entityType, l.magentoId, l.xeroKind), l]));
  const byId = new Map(input.xero.map((d) => [d.id, d]));
  const byNumber = new Map<string, XeroDocument>();
  for (const d of input.xero) {
    const key = `${d.kind}\u0000${d.number}`;
    const current = byNumber.get(key);
    // A live document wins over a deleted one with the same number (Xero frees a deleted invoice's number).
    if (!current || (current.status === 'DELETED' && d.status !== 'DELETED')) byNumber.set(key, d);
  }
  const matched = new Set<string>();
  const issues: ReconcileIssue[] = [];
  const days = new DayTotals();
  const taxes = new TaxTotals();
  const inRange = (day: string) => day >= input.from && day <= input.to;
  const locked = (day: string | undefined) => Boolean(day && input.lockDate && day <= input.lockDate);

  for (const doc of input.expected) {
    const kindOfLink = doc.kind;
    const link = links.get(linkKey(doc.entity, doc.magentoId, kindOfLink));
    const found = (link ? byId.get(link.xeroId) : undefined) ?? byNumber.get(`${doc.kind}\u0000${doc.number}`);
    if (found) matched.add(found.id);
    if (doc.state === 'skip') continue;
    const issue = (kind: IssueKind, action: 'queue' | 'person', advice: string, extra: Partial<ReconcileIssue> = {}): void => {
      const parked = input.parked?.get(`${doc.entity}:${doc.magentoId}`);
      const person = action === 'queue' && parked !== undefined;
      const url = found ? input.xeroUrl?.(found.kind, found.id) : undefined;
      issues.push({
        day: doc.day,
        entity: doc.entity,
        magentoId: doc.magentoId,
        number: doc.number,
        problem: portProblem(kind),
        kind,
        action: person ? 'person' : action,
        advice: person ? `${advice.replace(/ Queue a repair.*$/, '')} The sync refused it: ${sentence(parked)} Fix that first, then queue a repair.` : advice,
        tenantId: input.tenantId,
        currency: doc.currency,
        ...(found ? { xeroId: found.id } : {}),
        ...(url ? { xeroUrl: url } : {}),
        ...extra,
      });
    };

    if (doc.state === 'error') {
      issue('not-posted', 'person', `Magento ${doc.entity === 'order' ? 'order' : 'credit memo'} ${doc.incrementId} cannot be mapped: ${doc.message ?? 'see the log'}`);
      continue;
    }
    if (doc.state === 'cancel') {
      if (found && found.status !== 'DELETED' && found.status !== 'VOIDED') {
        const blocked = found.status === 'PAID' || found.paidCents !== 0 || found.creditedCents !== 0 || locked(found.date);
        issue(
          'not-cancelled-in-xero',
          blocked ? 'person' : 'queue',
          blocked
            ? `The order was canceled in Magento but Xero invoice ${found.number} is ${found.status}${locked(found.date) ? `, dated on or before the lock date ${input.lockDate}` : ' with money against it'}. Remove the payments or credit notes in Xero (or ask your adviser about the lock date), then void it.`
            : `The order was canceled in Magento but Xero invoice ${found.number} is still ${found.status}. Queue a repair to void (or delete) it.`,
          { xeroCents: found.totalCents, xeroTotal: formatMinor(found.totalCents), repair: plan([{ entity: doc.entity, magentoId: doc.magentoId }]) },
        );
      }
      continue;
    }

    days.add(doc.day, doc.currency, 'magento', doc.kind === 'invoice' ? doc.totalCents : -doc.totalCents);
    taxes.add(doc.day, doc.currency, 'magento', doc.kind, doc.taxes);
    const money = { magentoCents: doc.totalCents, magentoTotal: formatMinor(doc.totalCents) };
    const what = doc.kind === 'invoice' ? 'invoice' : 'credit note';
    const relink = { entityType: doc.entity, magentoId: doc.magentoId, xeroKind: doc.kind };
    if (!found) {
      const blocked = locked(doc.day);
      issue(
        'missing-in-xero',
        blocked ? 'person' : 'queue',
        blocked
          ? `No Xero ${what} ${doc.number}, and its date ${doc.day} is on or before the lock date ${input.lockDate}: Xero will refuse it. Ask your adviser to open the period, then queue a repair.`
          : `No Xero ${what} ${doc.number}. Queue a repair to post it.`,
        { ...money, repair: plan([{ entity: doc.entity, magentoId: doc.magentoId }], link ? [relink] : []) },
      );
      continue;
    }
    const xeroMoney = { xeroCents: found.totalCents, xeroTotal: formatMinor(found.totalCents) };
    if (found.status === 'DELETED') {
      const blocked = locked(doc.day);
      issue(
        'deleted-in-xero',
        blocked ? 'person' : 'queue',
        blocked
          ? `Xero ${what} ${doc.number} was deleted in Xero, and its date is on or before the lock date ${input.lockDate}. Ask your adviser to open the period, then queue a repair.`
          : `Xero ${what} ${doc.number} was deleted in Xero. Queue a repair to post it again.`,
        { ...money, ...xeroMoney, repair: plan(repostAll(doc), [relink, ...paymentLinks(doc)]) },
      );
      continue;
    }
    if (found.status === 'VOIDED') {
      issue(
        'voided-in-xero',
        'person',
        `Xero ${what} ${doc.number} was voided in Xero by hand, and Xero cannot un-void it. If the ${doc.entity === 'order' ? 'order' : 'refund'} stands, create a replacement in Xero (or remove the link on the Records page and sync the record again under a new number); if it does not, cancel it in Magento.`,
        { ...money, ...xeroMoney },
      );
      continue;
    }
    // An order canceled in part whose invoice keeps the whole order: with its credit note for the canceled part it says
    // what was sold (mapping/partial-cancel.ts); the pair counts as one document of the sold amount.
    const part = doc.canceledPart ? byNumber.get(`creditnote\u0000${doc.canceledPart.number}`) : undefined;
    const netOfPart = part && LIVE.has(part.status) && found.totalCents === doc.totalCents + part.totalCents ? part : undefined;
    if (netOfPart) {
      matched.add(netOfPart.id);
      taxes.add(netOfPart.date, netOfPart.currency || doc.currency, 'xero', netOfPart.kind, netOfPart.taxes);
    }
    const xeroTotal = found.totalCents - (netOfPart?.totalCents ?? 0);
    // Only a live document counts in the day's Xero total: a voided one is listed above and counts for nothing.
    days.add(found.date, found.currency || doc.currency, 'xero', found.kind === 'invoice' ? xeroTotal : -xeroTotal);
    taxes.add(found.date, found.currency || doc.currency, 'xero', found.kind, found.taxes);
    // A line moved to another tax type by hand: the types differ, or the total agrees while the split does not (an amount
    // changed on the same types is a total difference, reported below).
    if (doc.taxes && found.taxes) {
      const differences = taxDifferences(doc.taxes, found.taxes);
      const sameTypes = sameTaxTypes(doc.taxes, found.taxes);
      if (!netOfPart && differences.length > 0 && (!sameTypes || found.totalCents === doc.totalCents)) {
        const blocked = !EDITABLE.has(found.status) || found.paidCents !== 0 || found.creditedCents !== 0 || locked(found.date) || locked(doc.day);
        issue(
          'tax-differs',
          blocked ? 'person' : 'queue',
          blocked
            ? `Xero ${what} ${doc.number} files its lines under other tax rates than Magento charged (${differences.join('; ')}), and it cannot be edited (${locked(found.date) || locked(doc.day) ? `dated on or before the lock date ${input.lockDate}` : !EDITABLE.has(found.status) ? found.status : 'payments or credit notes are allocated to it'}). Correct the tax rates in Xero by hand; your tax return uses them.`
            : `Xero ${what} ${doc.number} files its lines under other tax rates than Magento charged (${differences.join('; ')}): changed in Xero by hand, or the tax mapping changed since. Queue a repair to write Magento's version again.`,
          { ...money, ...xeroMoney, repair: { enqueue: [{ entity: doc.entity, magentoId: doc.magentoId }], unlink: [], stale: link ? [relink] : [] } },
        );
      }
    }
    if (xeroTotal !== doc.totalCents) {
      const blocked = !EDITABLE.has(found.status) || found.paidCents !== 0 || found.creditedCents !== 0 || locked(found.date) || locked(doc.day);
      issue(
        'total-differs',
        blocked ? 'person' : 'queue',
        blocked
          ? `Xero ${what} ${doc.number} totals ${formatMinor(found.totalCents)} but Magento says ${formatMinor(doc.totalCents)}, and it cannot be edited (${locked(found.date) || locked(doc.day) ? `dated on or before the lock date ${input.lockDate}` : found.status !== 'AUTHORISED' && !EDITABLE.has(found.status) ? found.status : 'payments or credit notes are allocated to it'}). Correct it in Xero by hand, or record the difference in Magento as a credit memo.`
          : `Xero ${what} ${doc.number} totals ${formatMinor(found.totalCents)} but Magento says ${formatMinor(doc.totalCents)} (changed in Xero by hand, or Magento changed since). Queue a repair to write Magento's version again.`,
        { ...money, ...xeroMoney, repair: { enqueue: [{ entity: doc.entity, magentoId: doc.magentoId }], unlink: [], stale: link ? [relink] : [] } },
      );
    }
    if (doc.kind === 'invoice') checkPayments(doc, found, links, locked, issue);
    else checkRefund(doc, found, links, issue);
  }

  for (const d of input.xero) {
    if (matched.has(d.id) || !inRange(d.date) || !LIVE.has(d.status) || !input.isOurs(d)) continue;
    days.add(d.date, d.currency, 'xero', d.kind === 'invoice' ? d.totalCents : -d.totalCents);
    taxes.add(d.date, d.currency, 'xero', d.kind, d.taxes);
    const url = input.xeroUrl?.(d.kind, d.id);
    issues.push({
      day: d.date,
      entity: d.kind === 'invoice' ? 'order' : 'creditmemo',
      magentoId: '',
      number: d.number,
      problem: 'missing-in-magento',
      kind: 'missing-in-magento',
      action: 'person',
      advice: `Xero ${d.kind === 'invoice' ? 'invoice' : 'credit note'} ${d.number} follows the store's numbering but no Magento ${d.kind === 'invoice' ? 'order' : 'credit memo'} has that number. If it was entered by mistake, void it in Xero; if it belongs to another system, give it another number.`,
      tenantId: input.tenantId,
      currency: d.currency,
      xeroId: d.id,
      xeroCents: d.totalCents,
      xeroTotal: formatMinor(d.totalCents),
      ...(url ? { xeroUrl: url } : {}),
    });
  }
  issues.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.number < b.number ? -1 : a.number > b.number ? 1 : 0));
  return { days: days.rows(), taxes: taxes.rows(), issues };
}

type IssueFn = (kind: IssueKind, action: 'queue' | 'person', advice: string, extra?: Partial<ReconcileIssue>) => void;

function checkPayments(
  doc: ExpectedDocument,
  found: XeroDocument,
  links: ReadonlyMap<string, LinkFact>,
  locked: (day: string | undefined) => boolean,
  issue: IssueFn,
): void {
  const taken = new Set<string>();
  for (const p of doc.payments) {
    const link = links.get(linkKey('invoice', p.magentoId, 'payment'));
    const byLink = link ? found.payments.find((x) => x.id === link.xeroId) : undefined;
    const match =
      byLink ??
      found.payments.find((x) => !taken.has(x.id) && x.reference === p.reference && x.amountCents === p.amountCents) ??
      found.payments.find((x) => !taken.has(x.id) && x.reference === p.reference);
    if (match) taken.add(match.id);
    const extra = { magentoCents: p.amountCents, magentoTotal: formatMinor(p.amountCents) };
    if (!match) {
      const blocked = locked(p.date) || found.status === 'VOIDED';
      issue(
        'payment-missing',
        blocked ? 'person' : 'queue',
        blocked
          ? `The payment for Magento invoice ${p.reference} (${formatMinor(p.amountCents)}) is not on Xero invoice ${doc.number}, and its date ${p.date} is on or before the lock date. Ask your adviser to open the period, then queue a repair.`
          : `The payment for Magento invoice ${p.reference} (${formatMinor(p.amountCents)}) is not on Xero invoice ${doc.number} (removed in Xero, or never recorded). Queue a repair to record it.`,
        {
          ...extra,
          entity: 'invoice',
          magentoId: p.magentoId,
          repair: plan([{ entity: 'invoice', magentoId: p.magentoId }], link ? [{ entityType: 'invoice', magentoId: p.magentoId, xeroKind: 'payment' }] : []),
        },
      );
    } else if (match.amountCents !== p.amountCents) {
      issue(
        'payment-differs',
        'person',
        `The payment for Magento invoice ${p.reference} on Xero invoice ${doc.number} is ${formatMinor(match.amountCents)} in Xero but ${formatMinor(p.amountCents)} in Magento. Delete the payment in Xero and queue a repair, or correct it by hand.`,
        { ...extra, entity: 'invoice', magentoId: p.magentoId, xeroCents: match.amountCents, xeroTotal: formatMinor(match.amountCents) },
      );
    }
  }
}

function checkRefund(doc: ExpectedDocument, found: XeroDocument, links: ReadonlyMap<string, LinkFact>, issue: IssueFn): void {
  const refund = links.get(linkKey('creditmemo', doc.magentoId, 'refund'));
  if (refund && !found.payments.some((p) => p.id === refund.xeroId)) {
    issue(
      'refund-missing',
      found.status === 'VOIDED' ? 'person' : 'queue',
      `The refund paid out for credit memo ${doc.incrementId} is no longer on Xero credit note ${doc.number}. Queue a repair to record it again.`,
      { repair: plan([{ entity: 'creditmemo', magentoId: doc.magentoId }], [{ entityType: 'creditmemo', magentoId: doc.magentoId, xeroKind: 'refund' }]) },
    );
  }
  const allocation = links.get(linkKey('creditmemo', doc.magentoId, 'allocation'));
  if (allocation && found.allocations.length > 0 && !found.allocations.some((a) => a.id === allocation.xeroId)) {
    issue(
      'refund-missing',
      'queue',
      `The allocation of credit note ${doc.number} to its invoice is no longer in Xero. Queue a repair to allocate it again.`,
      { repair: plan([{ entity: 'creditmemo', magentoId: doc.magentoId }], [{ entityType: 'creditmemo', magentoId: doc.magentoId, xeroKind: 'allocation' }]) },
    );
  }
}

/** Ends a message with a full stop. */
function sentence(text: string): string {
  return /[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}

function plan(enqueue: RepairPlan['enqueue'], unlink: RepairPlan['unlink'] = []): RepairPlan {
  return { enqueue, unlink, stale: [] };
}

/** A deleted invoice took its payments with it: post the order again, then its Magento invoices. */
function repostAll(doc: ExpectedDocument): RepairPlan['enqueue'] {
  return [{ entity: doc.entity, magentoId: doc.magentoId }, ...doc.payments.map((p) => ({ entity: 'invoice' as const, magentoId: p.magentoId }))];
}

function paymentLinks(doc: ExpectedDocument): RepairPlan['unlink'] {
  return doc.payments.map((p) => ({ entityType: 'invoice', magentoId: p.magentoId, xeroKind: 'payment' }));
}

/** Per day, currency and tax type: net and tax on each side, credit notes subtracted. */
class TaxTotals {
  private readonly map = new Map<string, { day: string; currency: string; taxType: string; rates: Set<string>; mn: number; mt: number; xn: number; xt: number }>();

  add(day: string, currency: string, side: 'magento' | 'xero', kind: 'invoice' | 'creditnote', shares: readonly TaxShare[] | undefined): void {
    const sign = kind === 'invoice' ? 1 : -1;
    for (const share of shares ?? []) {
      const key = `${day}\u0000${currency}\u0000${share.taxType}`;
      let row = this.map.get(key);
      if (!row) this.map.set(key, (row = { day, currency, taxType: share.taxType, rates: new Set(), mn: 0, mt: 0, xn: 0, xt: 0 }));
      for (const rate of share.rates ?? []) row.rates.add(rate);
      if (side === 'magento') {
        row.mn += sign * share.netCents;
        row.mt += sign * share.taxCents;
      } else {
        row.xn += sign * share.netCents;
        row.xt += sign * share.taxCents;
      }
    }
  }

  rows(): TaxDay[] {
    return [...this.map.values()]
      .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : a.taxType.localeCompare(b.taxType)))
      .map((r) => ({
        day: r.day,
        currency: r.currency,
        taxType: r.taxType,
        rates: r.rates.size > 0 ? [...r.rates].sort() : ['no tax'],
        magentoNet: formatMinor(r.mn),
        magentoTax: formatMinor(r.mt),
        xeroNet: formatMinor(r.xn),
        xeroTax: formatMinor(r.xt),
        differs: r.mn !== r.xn || r.mt !== r.xt,
      }));
  }
}

class DayTotals {
  private readonly map = new Map<string, { day: string; currency: string; m: number; x: number; mc: number; xc: number }>();

  add(day: string, currency: string, side: 'magento' | 'xero', cents: number): void {
    const key = `${day}\u0000${currency}`;
    let row = this.map.get(key);
    if (!row) this.map.set(key, (row = { day, currency, m: 0, x: 0, mc: 0, xc: 0 }));
    if (side === 'magento') {
      row.m += cents;
      row.mc++;
    } else {
      row.x += cents;
      row.xc++;
    }
  }

  rows(): ReconciliationDay[] {
    return [...this.map.values()]
      .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.currency < b.currency ? -1 : 1))
      .map((r) => ({ day: r.day, currency: r.currency, magentoTotal: formatMinor(r.m), xeroTotal: formatMinor(r.x), magentoCount: r.mc, xeroCount: r.xc }));
  }
}
