// What the Summary pages and the Paid in Xero page show, read from storage (the web pages themselves only render).
import { addDays, epochToLocalDate } from '../domain/dates.js';
import { loadMappingSettings } from '../sync/settings-loader.js';
import { listSummaryDays, readSummaryDay } from '../sync/summary/read.js';
import { MAGENTO_INVOICE, XERO_PAID } from '../sync/payment-import/queue.js';
import { readSettings } from '../settings/service.js';
import type { PaidInXeroRow, PaidInXeroView } from '../web/pages/paid-in-xero.js';
import type { SummaryDayPageView, SummaryListView } from '../web/pages/summaries.js';
import type { AppContext } from './context.js';
import { linkFor, shortCodes } from './read-model.js';

const settingsOf = (ctx: AppContext) => loadMappingSettings(ctx.storage, async () => undefined);

export async function summaryListView(ctx: AppContext, from?: string, to?: string): Promise<SummaryListView> {
  const settings = await settingsOf(ctx);
  const timeZone = Object.values(settings.stores).find((s) => s.code !== 'admin')?.timezone ?? 'UTC';
  const today = epochToLocalDate(ctx.clock.now(), timeZone);
  const range = { from: from ?? addDays(today, -31), to: to ?? today };
  return { ...range, rows: await listSummaryDays(ctx.storage, settings, { ...range, limit: 1000 }) };
}

export async function summaryDayView(ctx: AppContext, storeId: number, day: string): Promise<SummaryDayPageView | undefined> {
  const view = await readSummaryDay(ctx.storage, await settingsOf(ctx), storeId, day);
  if (!view) return undefined;
  const codes = await shortCodes(ctx.storage);
  const tenantId = view.tenantId;
  return {
    ...view,
    xeroUrl: (kind, id) => (tenantId ? linkFor({ xero_kind: kind, xero_id: id, tenant_id: tenantId }, codes) : undefined),
  };
}

export async function paidInXeroView(ctx: AppContext): Promise<PaidInXeroView> {
  const { paymentImport } = await readSettings(ctx.storage.settings);
  const db = ctx.storage.database.db;
  const rows = await db
    .selectFrom('entity_map')
    .selectAll()
    .where('entity_type', '=', 'order')
    .where('xero_kind', 'in', [XERO_PAID, MAGENTO_INVOICE])
    .orderBy('updated_at', 'desc')
    .limit(500)
    .execute();
  const orderIds = [...new Set(rows.map((r) => r.magento_id))];
  const invoices = orderIds.length
    ? await db.selectFrom('entity_map').selectAll().where('entity_type', '=', 'order').where('xero_kind', '=', 'invoice').where('magento_id', 'in', orderIds).execute()
    : [];
  const logs = orderIds.length
    ? await db.selectFrom('sync_log').selectAll().where('entity_type', '=', 'xeropayment').where('magento_id', 'in', orderIds).orderBy('at', 'desc').limit(orderIds.length * 3).execute()
    : [];
  const codes = await shortCodes(ctx.storage);
  const out: PaidInXeroRow[] = orderIds.map((orderId) => {
    const paid = rows.find((r) => r.magento_id === orderId && r.xero_kind === XERO_PAID);
    const invoiced = rows.find((r) => r.magento_id === orderId && r.xero_kind === MAGENTO_INVOICE);
    const invoice = invoices.find((i) => i.magento_id === orderId);
    const last = logs.find((l) => l.magento_id === orderId);
    const url = invoice ? linkFor(invoice, codes) : undefined;
    return {
      orderId,
      ...(invoice?.xero_number ? { xeroNumber: invoice.xero_number } : {}),
      ...(url ? { xeroUrl: url } : {}),
      ...(paid?.xero_number ? { paid: paid.xero_number } : {}),
      state: invoiced ? 'invoiced in Magento' : paid ? 'part paid' : 'waiting',
      ...(invoiced ? { magentoInvoice: invoiced.xero_number ?? `id ${invoiced.xero_id}` } : {}),
      ...(last?.message ? { message: last.message } : {}),
      ...(last ? { at: last.at } : {}),
    };
  });
  return { methods: paymentImport.methods, rows: out };
}
