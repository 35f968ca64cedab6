// Pieces shared by invoices and credit notes: dates, currency, status, Adobe Commerce payment-like amounts.
import { MappingError, type RecordRef } from '../domain/errors.js';
import { addDays, magentoToLocalDate } from '../domain/dates.js';
import type { MagentoOrder } from '../domain/magento.js';
import { toMinorOr0 } from '../domain/money.js';
import type { XeroTracking } from '../domain/xero.js';
import type { MappingSettings, StoreContext } from './settings.js';

export function localDate(timestamp: string, ctx: StoreContext): string {
  return magentoToLocalDate(timestamp, ctx.timezone);
}

export function dueDate(date: string, settings: MappingSettings): string {
  return addDays(date, settings.paymentTermsDays);
}

export function documentCurrency(doc: { order_currency_code?: string | null | undefined }, ctx: StoreContext): string {
  return (doc.order_currency_code ?? ctx.baseCurrency).toUpperCase();
}

/**
 * CurrencyRate only when Magento's base currency is Xero's base currency: then Magento's own base_to_order_rate says
 * exactly what the sale was worth in the books. Otherwise Xero applies its daily rate.
 */
export function currencyRate(
  doc: { base_to_order_rate?: number | null | undefined },
  currency: string,
  ctx: StoreContext,
): number | undefined {
  if (currency === ctx.xeroBaseCurrency.toUpperCase()) return undefined;
  if (ctx.baseCurrency.toUpperCase() !== ctx.xeroBaseCurrency.toUpperCase()) return undefined;
  // A missing, zero or negative rate says nothing about the sale's worth: Xero's daily rate then applies.
  const rate = doc.base_to_order_rate ?? 0;
  return rate > 0 ? rate : undefined;
}

/** A currency the organisation has not enabled is a clear error rather than a rejected post. */
export function assertCurrencyEnabled(currency: string, enabled: readonly string[], baseCurrency: string, record: RecordRef): void {
  const upper = currency.toUpperCase();
  if (upper === baseCurrency.toUpperCase() || enabled.some((c) => c.toUpperCase() === upper)) return;
  throw new MappingError(
    'unsupported_currency',
    `Organisation is not subscribed to currency ${upper}.`,
    `Add ${upper} in Xero (Settings → Currencies), then retry.`,
    { record, details: { currency: upper } },
  );
}

export function trackingFor(ctx: StoreContext): XeroTracking[] | undefined {
  return ctx.tracking ? [{ Name: ctx.tracking.name, Option: ctx.tracking.option }] : undefined;
}

export type PrepaymentKind = 'gift_card' | 'store_credit' | 'reward_points';

export const PREPAYMENT_LABELS: Record<PrepaymentKind, string> = {
  gift_card: 'Gift card',
  store_credit: 'Store credit',
  reward_points: 'Reward points',
};

/** Adobe Commerce amounts that reduced what the customer paid: gift cards, store credit, reward points (cents). */
export function prepaidAmounts(doc: {
  gift_cards_amount?: number | null | undefined;
  customer_balance_amount?: number | null | undefined;
  reward_currency_amount?: number | null | undefined;
  extension_attributes?: {
    gift_cards_amount?: number | null | undefined;
    customer_balance_amount?: number | null | undefined;
    reward_currency_amount?: number | null | undefined;
  } | null | undefined;
}): { kind: PrepaymentKind; cents: number }[] {
  const ext = doc.extension_attributes ?? {};
  const pick = (a: number | null | undefined, b: number | null | undefined): number => Math.abs(toMinorOr0(a ?? b));
  return [
    { kind: 'gift_card' as const, cents: pick(doc.gift_cards_amount, ext.gift_cards_amount) },
    { kind: 'store_credit' as const, cents: pick(doc.customer_balance_amount, ext.customer_balance_amount) },
    { kind: 'reward_points' as const, cents: pick(doc.reward_currency_amount, ext.reward_currency_amount) },
  ].filter((p) => p.cents !== 0);
}

export function orderRecord(order: MagentoOrder): RecordRef {
  const ref: RecordRef = { entity: 'order', id: order.increment_id };
  if (order.store_id != null) ref.storeId = order.store_id;
  return ref;
}
