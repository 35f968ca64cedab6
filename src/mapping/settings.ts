// Everything a merchant tunes about how Magento records become Xero records, with the defaults ACCOUNTING.md names.
// Parsed with zod so a stored settings blob from an older version still yields a complete, typed object.
import { z } from 'zod';
import { MappingError } from '../domain/errors.js';
import { TAX_REGIONS, UNTAXED_REASONS } from './tax-regions.js';

const accountCode = z.string().trim().min(1).max(10);

export const DO_NOT_PAY = 'do_not_pay' as const;

export const storeContextSchema = z.object({
  /** Magento store code, shown in references ("Order 000000003 (default)"). */
  code: z.string().min(1),
  /** IANA time zone from store/storeConfigs: accounting dates are store-local. */
  timezone: z.string().min(1),
  /** Magento base currency of the store's website. */
  baseCurrency: z.string().length(3),
  /** Base currency of the Xero organisation the store posts to. */
  xeroBaseCurrency: z.string().length(3),
  websiteId: z.number().int().optional(),
  invoicePrefix: z.string().max(20).default(''),
  creditNotePrefix: z.string().max(20).default(''),
  /** Scopes ContactNumbers so two stores sharing a tenant never collide; defaults to "M<store id>-". */
  contactPrefix: z.string().max(20).optional(),
  /** Tracking category option for every line of this store's documents. */
  tracking: z.object({ name: z.string().min(1).max(100), option: z.string().min(1).max(100) }).optional(),
  /**
   * The store's posting mode from chosen store-local days on, in order ("summary": one Xero invoice a day). Days before the
   * first period follow `postingMode`. See posting-mode.ts.
   */
  postingPeriods: z
    .array(z.object({ from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), mode: z.enum(['orders', 'invoices', 'summary']) }))
    .optional(),
  /** Name of the Xero contact the store's daily summaries are made out to. */
  summaryContactName: z.string().min(1).max(255).optional(),
  /** The tax system of the organisation the store posts to (Organisation.Version and CountryCode). */
  tax: z.object({ region: z.enum(TAX_REGIONS), country: z.string().length(2).optional() }).default({ region: 'GLOBAL' }),
});
export type StoreContext = z.output<typeof storeContextSchema>;

export const mappingSettingsSchema = z.object({
  accounts: z
    .object({
      bank: accountCode.default('090'),
      sales: accountCode.default('200'),
      inventory: accountCode.default('630'),
      cogs: accountCode.default('310'),
      /** Defaults to the sales account when unset. */
      shipping: accountCode.optional(),
      rounding: accountCode.default('860'),
      /**
       * Adobe Commerce gift cards: a gift card sold is owed to its holder (its line goes here, not to sales), a gift card
       * redeemed is a payment from here. Xero takes payments only into bank accounts and accounts with "Enable payments
       * to this account" (Accounts endpoint, EnablePaymentsToAccount), so `accounts sync` creates it with that set.
       */
      giftCardLiability: accountCode.optional(),
      /**
       * Charges beside items and shipping (fixed product taxes, gift wrapping, and the optional unexplained
       * difference) unless their own account is set. 260 is "Other Revenue" in Xero's standard chart of accounts (the
       * emulator's seed, src/emulators/xero/seed-accounts.ts, follows it); `accounts sync` creates it as "Other charges"
       * (revenue) in an organisation that lacks it.
       */
      otherCharges: accountCode.default('260'),
      /** Fixed product taxes (FPT/WEEE); unset: the other charges account. */
      fpt: accountCode.optional(),
      /** Gift wrapping and printed cards (Adobe Commerce); unset: the other charges account. */
      giftWrapping: accountCode.optional(),
      /** Store credit (customer balance) owed to customers; unset: the gift card liability account. */
      storeCreditLiability: accountCode.optional(),
      /** Reward points redeemed, when they are a marketing expense. */
      rewardPointsExpense: accountCode.optional(),
    })
    .prefault({}),
  useCompanyName: z.boolean().default(false),
  guestStrategy: z.enum(['per_email', 'generic_per_store']).default('per_email'),
  /** Name of the shared guest contact (Configuration → Shared guest contact name), before its store code. */
  guestContactName: z.string().trim().min(1).max(255).default('Guest customers'),
  newOrderStatus: z.enum(['DRAFT', 'SUBMITTED']).default('DRAFT'),
  paymentTermsDays: z.number().int().min(0).max(365).default(0),
  postingMode: z.enum(['orders', 'invoices']).default('orders'),
  /** Magento tax rate code (or codes joined by "+" for rates applied together) → Xero TaxType. */
  taxMapping: z.record(z.string(), z.string().min(1)).default({}),
  /**
   * Untaxed lines by Magento tax class ("product:<class id>", "customer:<class id>") and destination: an untaxed reason
   * (zero_rated, exempt, export, out_of_scope) or a Xero TaxType. Unset: suggested from the class name and destination.
   */
  taxClasses: z.record(z.string(), z.object({ domestic: z.string().min(1).optional(), export: z.string().min(1).optional() })).default({}),
  /** The merchant's Xero TaxType per region and untaxed reason; unset ones take the regional defaults. */
  untaxedTypes: z.partialRecord(z.enum(TAX_REGIONS), z.partialRecord(z.enum(UNTAXED_REASONS), z.string().min(1))).default({}),
  /** Magento's own tax rates (GET /V1/taxRates/search): their country, and the rate of a line whose order names none. */
  magentoTaxRates: z
    .array(z.object({ code: z.string(), rate: z.number(), country: z.string(), region: z.string().optional(), regionId: z.number().int().optional() }))
    .default([]),
  /** What orders do not say and Magento's catalogue does: each product's tax class, each customer group's, class names. */
  catalogue: z
    .object({
      productTaxClasses: z.record(z.string(), z.string()).default({}),
      groupTaxClasses: z.record(z.string(), z.string()).default({}),
      classNames: z.record(z.string(), z.string()).default({}),
    })
    .prefault({}),
  autoMapTaxRates: z.boolean().default(true),
  /** Whether catalogue prices include tax (Magento does not say over REST); "auto" infers it from the order lines. */
  pricesIncludeTax: z.enum(['auto', 'yes', 'no']).default('auto'),
  /** Payment method code → bank account code, or "do_not_pay" to leave the invoice awaiting payment. */
  paymentMethods: z.record(z.string(), z.union([z.literal(DO_NOT_PAY), accountCode])).default({}),
  /**
   * Payment methods (set to "do not pay") whose payments are recorded in Xero and flow back to Magento: their new orders
   * go to Xero approved (AUTHORISED), since Xero takes payments only on approved invoices.
   */
  awaitingPaymentMethods: z.array(z.string()).default([]),
  /** Payment-method account codes that are gateway clearing accounts (current assets taking payments), not bank accounts. */
  clearingAccounts: z.array(accountCode).default([]),
  offlineRefundsPaidOut: z.boolean().default(false),
  /** Xero TaxType for fixed product tax lines; unset: from what Magento charged on them (docs/totals.md). */
  fptTaxType: z.string().min(1).optional(),
  /** Xero TaxType for gift wrapping and printed card lines; unset: from what Magento charged on them. */
  giftWrappingTaxType: z.string().min(1).optional(),
  /**
   * Off by default: a document whose lines cannot be made to add up to Magento's grand total is refused, naming the
   * difference. On: a difference up to the limit (cents, in the document's currency) is posted as an "Other charges"
   * line to the other charges account, noted in the log and the reconciliation.
   */
  unexplainedDifference: z
    .object({ post: z.boolean().default(false), limitCents: z.number().int().min(0).max(100_000).default(500) })
    .prefault({}),
  /** Reward points redeemed: a discount (negative line on sales) or a marketing expense (negative line on its account). */
  rewardPointsAs: z.enum(['discount', 'marketing_expense']).default('discount'),
  /** Largest per-line drift (in cents) a rounding line may absorb. */
  roundingToleranceCentsPerLine: z.number().int().min(0).max(100).default(1),
  trackedInventory: z.boolean().default(false),
  /** SKU → sales account code, for products that sell into another account. */
  productAccountOverrides: z.record(z.string(), accountCode).default({}),
  /** Magento store id (as a string key) → store context. */
  stores: z.record(z.string(), storeContextSchema).default({}),
});
export type MappingSettings = z.output<typeof mappingSettingsSchema>;
export type MappingSettingsInput = z.input<typeof mappingSettingsSchema>;

export function parseMappingSettings(input: unknown): MappingSettings {
  return mappingSettingsSchema.parse(input ?? {});
}

export function defaultMappingSettings(): MappingSettings {
  return mappingSettingsSchema.parse({});
}

export function storeContext(settings: MappingSettings, storeId: number | null | undefined, record: { entity: string; id: string }): StoreContext & { storeId: number } {
  const id = storeId ?? 0;
  const ctx = settings.stores[String(id)];
  if (!ctx) {
    throw new MappingError(
      'missing_store_context',
      `store ${id} is not connected to a Xero organisation.`,
      'Open the Stores page (/stores), press "Refresh from Magento" and choose the Xero organisation for this store (or `magento-xero stores`).',
      { record: { ...record, storeId: id } },
    );
  }
  return { ...ctx, storeId: id };
}

export function contactPrefix(ctx: StoreContext & { storeId: number }): string {
  return ctx.contactPrefix ?? `M${ctx.storeId}-`;
}

export function shippingAccount(settings: MappingSettings): string {
  return settings.accounts.shipping ?? settings.accounts.sales;
}

export function salesAccountFor(settings: MappingSettings, sku: string | null | undefined): string {
  return (sku ? settings.productAccountOverrides[sku] : undefined) ?? settings.accounts.sales;
}

/** Where fixed product taxes go: their own account, or the other charges account. */
export function fptAccount(settings: MappingSettings): string {
  return settings.accounts.fpt ?? settings.accounts.otherCharges;
}

/** Where gift wrapping and printed cards go: their own account, or the other charges account. */
export function giftWrappingAccount(settings: MappingSettings): string {
  return settings.accounts.giftWrapping ?? settings.accounts.otherCharges;
}

/** The store credit liability account: its own, or the gift card liability account. */
export function storeCreditAccount(settings: MappingSettings): string | undefined {
  return settings.accounts.storeCreditLiability ?? settings.accounts.giftCardLiability;
}
