// The fallback when Xero's webhooks are not set up (or missed one): every few minutes, the organisation's sales invoices
// changed since the last look (If-Modified-Since, a thousand a call) are checked for payments, and the orders behind
// those with money on them are queued. The watermark is the newest UpdatedDateUTC seen, kept per organisation.
import { toMinorOr0 } from '../../domain/money.js';
import { readSettings } from '../../settings/service.js';
import type { SyncContext } from '../context.js';
import { queueOrdersOfInvoices } from './queue.js';

const WATERMARK = (tenantId: string) => `paymentImport.seen.${tenantId}`;
const PAGE = 1000;
/** The first look reaches back this far: invoices paid since the import was switched on are found. */
const FIRST_LOOK_MS = 30 * 86_400_000;

export interface PollResult {
  tenantId: string;
  calls: number;
  invoices: number;
  queued: number;
}

function updatedAt(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const ms = /^\/Date\((\d+)/.exec(value)?.[1];
  if (ms) return Number(ms);
  const parsed = Date.parse(value.endsWith('Z') || /[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** One look at one organisation. Nothing to do (no method imports payments): no call at all. */
export async function pollXeroPayments(ctx: SyncContext, tenantId: string, signal?: AbortSignal): Promise<PollResult> {
  const result: PollResult = { tenantId, calls: 0, invoices: 0, queued: 0 };
  const { paymentImport } = await readSettings(ctx.storage.settings);
  if (paymentImport.methods.length === 0) return result;
  const now = ctx.clock.now();
  const stored = await ctx.storage.settings.get<number>(WATERMARK(tenantId));
  const since = typeof stored === 'number' ? stored : now - FIRST_LOOK_MS;
  const xero = ctx.xero(tenantId);
  let newest = since;
  for (let page = 1; ; page++) {
    const invoices = await xero.getInvoices({
      where: 'Type=="ACCREC"',
      statuses: ['AUTHORISED', 'PAID'],
      ifModifiedSince: new Date(since),
      page,
      pageSize: PAGE,
      ...(signal ? { signal } : {}),
    });
    result.calls++;
    result.invoices += invoices.length;
    const paid = invoices.filter((i) => toMinorOr0(i.AmountPaid) > 0);
    const cents = new Map(paid.map((i) => [i.InvoiceID, toMinorOr0(i.AmountPaid)]));
    result.queued += (await queueOrdersOfInvoices(ctx.storage, tenantId, paid.map((i) => i.InvoiceID), now, cents)).length;
    for (const i of invoices) newest = Math.max(newest, updatedAt(i.UpdatedDateUTC) ?? newest);
    if (invoices.length < PAGE) break;
  }
  await ctx.storage.settings.set(WATERMARK(tenantId), newest, now);
  return result;
}

/**
 * The polling fallback of `serve`: every `pollMinutes` (a setting), each organisation is looked at once. Failures are
 * logged and the next round tries again; nothing is lost, since the watermark only moves after a complete look.
 */
export async function paymentImportLoop(
  ctx: SyncContext,
  tenants: () => Promise<string[]>,
  signal: AbortSignal,
  onQueued: () => void,
): Promise<void> {
  while (!signal.aborted) {
    let minutes = 5;
    try {
      const { paymentImport } = await readSettings(ctx.storage.settings);
      minutes = paymentImport.pollMinutes;
      if (paymentImport.methods.length > 0) {
        for (const tenantId of await tenants()) {
          const result = await pollXeroPayments(ctx, tenantId, signal);
          if (result.queued > 0) {
            ctx.logger.info({ tenant: tenantId, queued: result.queued }, 'orders paid in Xero queued');
            onQueued();
          }
        }
      }
    } catch (error) {
      ctx.logger.warn({ err: error }, 'could not look for payments made in Xero; trying again next round');
    }
    try {
      await ctx.clock.sleep(minutes * 60_000, signal);
    } catch {
      return;
    }
  }
}
