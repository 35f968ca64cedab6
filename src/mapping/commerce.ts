// Adobe Commerce totals that are not sales: gift cards (sold and redeemed), store credit (customer balance) and reward
// points. Field names from Adobe's 2.4.8 admin REST schema (reference/magento/schema/admin-schema-2.4.8.full.yaml):
//   order extension_attributes: gift_cards_amount, customer_balance_amount, reward_currency_amount, reward_points_balance
//   (sales-data-order-extension-interface); invoice and credit memo extension_attributes: gift_cards_amount,
//   customer_balance_amount (sales-data-invoice/creditmemo-extension-interface; no reward fields there). The product
//   type of a gift card is "giftcard" (Magento_GiftCard; gift-card-data-giftcard-amount-interface, giftcard_amounts).
//
// In the books (docs/totals.md):
//   - a gift card SOLD is money owed to whoever holds the card: its line goes to the gift card liability account, never
//     to sales;
//   - a gift card or store credit REDEEMED pays part of the order: a payment from its liability account;
//   - store credit (and a gift card amount) given back on a refund is owed again: a refund payment into its liability;
//   - reward points redeemed are no payment (nobody owes the points in money): a negative line on the sales account (a
//     discount) or on a marketing expense account, by setting. Magento deducts them after tax, so the line is untaxed.
import { MappingError, type RecordRef } from '../domain/errors.js';
import type { MagentoOrder, MagentoOrderItem } from '../domain/magento.js';
import { toMinorOr0 } from '../domain/money.js';
import type { LineSpec } from './line-builder.js';
import { salesAccountFor, storeCreditAccount, type MappingSettings } from './settings.js';

// Functions rather than constants: see the note above `pick` below.
/** Whether an item is a gift card: Magento_GiftCard's product type "giftcard". */
export function isGiftCard(item: Pick<MagentoOrderItem, 'product_type'>): boolean {
  return item.product_type === 'giftcard';
}
/** The description of the reward points line. */
export function rewardPointsDescription(): string {
  return 'Reward points redeemed';
}

type Amount = number | null | undefined;

export interface CommerceAmounts {
  gift_cards_amount?: Amount;
  customer_balance_amount?: Amount;
  reward_currency_amount?: Amount;
  extension_attributes?: { gift_cards_amount?: Amount; customer_balance_amount?: Amount; reward_currency_amount?: Amount } | null | undefined;
}

// Functions rather than arrow constants: a mutant of a constant's value is made when the module loads, which the mutation
// runs cannot switch on per test (docs/testing.md, "Module-level constants").
function pick(doc: CommerceAmounts, field: 'gift_cards_amount' | 'customer_balance_amount' | 'reward_currency_amount'): number {
  return Math.abs(toMinorOr0(doc[field] ?? doc.extension_attributes?.[field]));
}

export function giftCardCents(doc: CommerceAmounts): number {
  return pick(doc, 'gift_cards_amount');
}
export function storeCreditCents(doc: CommerceAmounts): number {
  return pick(doc, 'customer_balance_amount');
}
export function rewardPointsCents(doc: CommerceAmounts): number {
  return pick(doc, 'reward_currency_amount');
}

export type Liability = 'gift_card' | 'store_credit';

function liabilityWords(kind: Liability): string {
  return kind === 'gift_card' ? 'gift card' : 'store credit';
}

/** The liability account of gift cards or store credit, or a clear error naming the setting. */
export function liabilityAccount(kind: Liability, settings: MappingSettings, record: RecordRef, what: string): string {
  const code = kind === 'gift_card' ? settings.accounts.giftCardLiability : storeCreditAccount(settings);
  if (code) return code;
  throw new MappingError(
    'missing_account_mapping',
    `${what} ${liabilityWords(kind)}, and no ${liabilityWords(kind)} liability account is set.`,
    kind === 'gift_card'
      ? 'Choose the gift card liability account in Settings → Accounts (Xero must allow payments to it), press "Sync all accounts now", then retry.'
      : 'Choose the store credit (or gift card) liability account in Settings → Accounts (Xero must allow payments to it), press "Sync all accounts now", then retry.',
    { record },
  );
}

/** The account an item line goes to: a gift card sold is a liability, anything else is a sale. */
export function itemAccountFor(settings: MappingSettings, item: Pick<MagentoOrderItem, 'sku' | 'product_type'>, record: RecordRef): string {
  if (isGiftCard(item)) return liabilityAccount('gift_card', settings, record, `sold a gift card (${item.sku}): a`);
  return salesAccountFor(settings, item.sku);
}

/** The reward points line: negative, untaxed, on sales (a discount) or the reward points expense account. */
export function rewardPointsLine(cents: number, settings: MappingSettings, untaxedType: string, record: RecordRef): LineSpec | undefined {
  if (cents === 0) return undefined;
  let account = settings.accounts.sales;
  if (settings.rewardPointsAs === 'marketing_expense') {
    if (!settings.accounts.rewardPointsExpense) {
      throw new MappingError(
        'missing_account_mapping',
        'redeemed reward points, which are set to be a marketing expense, and no reward points expense account is set.',
        'Choose the reward points expense account in Settings → Accounts, or post reward points as a discount (Settings → Posting), then retry.',
        { record },
      );
    }
    account = settings.accounts.rewardPointsExpense;
  }
  return { description: rewardPointsDescription(), quantity: 1, targetCents: -cents, discountCents: 0, taxCents: 0, taxType: untaxedType, accountCode: account };
}

/**
 * Where a credit memo's gift card amount goes back: Magento returns it to the customer's store credit when the customer
 * is registered (Magento_GiftCardAccount's refund observer: "Refunds Gift Card amount to Store Credit ... Customer is not
 * guest"), else it stays with the card.
 */
export function giftCardRefundLiability(order: Pick<MagentoOrder, 'customer_id' | 'customer_is_guest'>): Liability {
  const guest = order.customer_is_guest === true || order.customer_is_guest === 1 || order.customer_id == null;
  return guest ? 'gift_card' : 'store_credit';
}
