// Adobe Commerce amounts on generated orders (option `commerce`): a gift card, store credit or reward points paying part
// of an order that was invoiced once and is not refunded. Field names from Adobe's 2.4.8 admin REST schema: the order's
// extension_attributes gift_cards_amount, customer_balance_amount (and their *_invoiced), reward_currency_amount,
// reward_points_balance; the invoice's extension_attributes gift_cards_amount, customer_balance_amount (it has no reward
// fields). As Magento's totals collectors do, each comes off the grand total of the order and of its invoice, so the
// money paid is the rest.
import { amount, cents, num } from '../money.js';
import type { MagentoRecord, MagentoStore } from '../store.js';
import type { Random } from './prng.js';

type Kind = 'gift_card' | 'store_credit' | 'reward_points';

const FIELDS: Record<Kind, { amount: string; base: string; invoiced?: string; baseInvoiced?: string }> = {
  gift_card: { amount: 'gift_cards_amount', base: 'base_gift_cards_amount', invoiced: 'gift_cards_invoiced', baseInvoiced: 'base_gift_cards_invoiced' },
  store_credit: { amount: 'customer_balance_amount', base: 'base_customer_balance_amount', invoiced: 'customer_balance_invoiced', baseInvoiced: 'base_customer_balance_invoiced' },
  reward_points: { amount: 'reward_currency_amount', base: 'base_reward_currency_amount' },
};

/** Gives some fully invoiced, unrefunded orders a gift card, store credit or reward points; returns the kind, if any. */
export function applyCommerceAmounts(store: MagentoStore, order: MagentoRecord, rng: Random): Kind | undefined {
  if (!rng.chance(0.2)) return undefined;
  const state = String(order['state']);
  if (state !== 'processing' && state !== 'complete') return undefined;
  const id = num(order['entity_id']);
  const invoices = store.invoices.all().filter((i) => num(i['order_id']) === id);
  if (invoices.length !== 1 || store.creditmemos.all().some((m) => num(m['order_id']) === id)) return undefined;
  const invoice = invoices[0] as MagentoRecord;
  const grand = cents(order['grand_total']);
  if (grand < 1000 || cents(invoice['grand_total']) !== grand) return undefined;
  const guest = order['customer_is_guest'] === 1 || order['customer_id'] == null;
  const kind: Kind = rng.pick(guest ? (['gift_card', 'reward_points'] as const) : (['gift_card', 'store_credit', 'reward_points'] as const));
  const off = Math.min(2500, Math.floor(grand * 0.3));
  const rate = Number(order['base_to_order_rate'] ?? 1) || 1;
  const baseOff = Math.round(off / rate);
  const f = FIELDS[kind];
  const ext = (order['extension_attributes'] ?? {}) as MagentoRecord;
  ext[f.amount] = amount(off);
  ext[f.base] = amount(baseOff);
  if (f.invoiced && f.baseInvoiced) {
    ext[f.invoiced] = amount(off);
    ext[f.baseInvoiced] = amount(baseOff);
  }
  if (kind === 'reward_points') ext['reward_points_balance'] = off;
  order['extension_attributes'] = ext;
  for (const doc of [order, invoice]) {
    doc['grand_total'] = amount(cents(doc['grand_total']) - off);
    doc['base_grand_total'] = amount(cents(doc['base_grand_total']) - baseOff);
  }
  for (const [field, cut] of [['total_paid', off], ['base_total_paid', baseOff], ['total_invoiced', off], ['base_total_invoiced', baseOff]] as const) {
    if (order[field] !== undefined) order[field] = amount(cents(order[field]) - cut);
  }
  if (kind !== 'reward_points') {
    const iext = (invoice['extension_attributes'] ?? {}) as MagentoRecord;
    iext[f.amount] = amount(off);
    iext[f.base] = amount(baseOff);
    invoice['extension_attributes'] = iext;
  }
  return kind;
}
