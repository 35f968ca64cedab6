import { z } from 'zod';
import { ENTITY_TYPES, type EntityType } from '../domain/entity-types.js';
import { TAX_REGIONS, UNTAXED_REASONS } from '../domain/tax.js';

/**
 * The merchant's settings, one document per key in the settings table. Each schema is the single source of the defaults
 * and of the messages the Configuration page and the admin API show for a bad value.
 */
const accountCode = z
  .string()
  .trim()
  .max(10, 'An account code has at most 10 characters (Xero\'s limit)')
  .regex(/^[A-Za-z0-9._-]*$/, 'An account code uses letters, digits, dot, dash or underscore');

const optionalCode = accountCode.optional().transform((v) => (v ? v : undefined));

export const accountsSchema = z.object({
  bank: accountCode.min(1, 'Choose the bank account payments are recorded in'),
  sales: accountCode.min(1, 'Choose the sales account order lines are posted to'),
  inventory: optionalCode,
  cogs: optionalCode,
  shipping: optionalCode,
  rounding: optionalCode,
  giftCardLiability: optionalCode,
  /** Store credit (Adobe Commerce customer balance) owed to customers; empty means the gift card liability account. */
  storeCreditLiability: optionalCode,
  /**
   * Fixed product taxes, gift wrapping and an unexplained difference (setting "totals") go here unless their own
   * account is set; empty means 260 (Other Revenue in Xero's standard chart), which "Sync all accounts now" creates as
   * "Other charges" where it is missing (docs/totals.md).
   */
  otherCharges: optionalCode,
  /** Fixed product taxes (FPT/WEEE); empty means the other charges account. */
  fpt: optionalCode,
  /** Gift wrapping and printed cards (Adobe Commerce); empty means the other charges account. */
  giftWrapping: optionalCode,
  /** Reward points redeemed, when they are a marketing expense (posting.rewardPointsAs). */
  rewardPointsExpense: optionalCode,
});
export type AccountsSettings = z.infer<typeof accountsSchema>;

/** Five-field cron: minute hour day-of-month month day-of-week; each field digits, *, /, -, comma. */
const cronExpression = z
  .string()
  .trim()
  .regex(/^(\S+\s+){4}\S+$/, 'A schedule has five fields: minute hour day month weekday, e.g. */5 * * * *')
  .refine((s) => s.split(/\s+/).every((f) => /^[\d*/,-]+$/.test(f)), 'Schedule fields may only use digits, *, /, - and commas');

export const entitySyncSchema = z.object({
  enabled: z.boolean(),
  mode: z.enum(['immediately', 'cron'], { message: 'Mode is "immediately" or "cron"' }),
  schedule: cronExpression,
});

export const syncSchema = z.object(
  Object.fromEntries(ENTITY_TYPES.map((t) => [t, entitySyncSchema])) as Record<EntityType, typeof entitySyncSchema>,
);
export type SyncSettings = z.infer<typeof syncSchema>;

const prefix = z
  .string()
  .max(10, 'A prefix has at most 10 characters, so that prefix and number fit Xero\'s 255')
  .regex(/^[A-Za-z0-9._/-]*$/, 'A prefix uses letters, digits, dot, dash, slash or underscore');

export const postingSchema = z.object({
  postAs: z.enum(['orders', 'invoices'], { message: 'Post "orders" or "invoices" as Xero invoices' }),
  newOrderStatus: z.enum(['DRAFT', 'SUBMITTED'], { message: 'New orders go to Xero as DRAFT or SUBMITTED' }),
  invoicePrefix: prefix,
  creditNotePrefix: prefix,
  guestStrategy: z.enum(['per_email', 'generic_per_store'], { message: 'Guests get a contact per email or one shared contact per store' }),
  guestContactName: z.string().trim().max(255, 'A contact name has at most 255 characters'),
  paymentTermsDays: z.coerce
    .number({ message: 'Payment terms are a number of days' })
    .int('Payment terms are a whole number of days')
    .min(0, 'Payment terms cannot be negative')
    .max(365, 'Payment terms are at most 365 days'),
  /** Contact name from the billing company when there is one. */
  useCompanyName: z.boolean(),
  /** Products become tracked inventory items (needs the inventory and cost of goods sold accounts). */
  trackedInventory: z.boolean(),
  /** An offline refund counts as money paid back (a refund payment is recorded), not only a credit. */
  offlineRefundsPaidOut: z.boolean(),
  /**
   * Adobe Commerce reward points redeemed on an order: a discount (a negative line on the sales account) or a marketing
   * expense (a negative line on the reward points expense account). Defaulted so older stored documents still parse.
   */
  rewardPointsAs: z.enum(['discount', 'marketing_expense'], { message: 'Reward points are a "discount" or a "marketing_expense"' }).default('discount'),
});
export type PostingSettings = z.infer<typeof postingSchema>;

const taxType = z.string().trim().min(1).max(50, 'A Xero tax type has at most 50 characters');

/** An untaxed line's destination column: an untaxed reason, or a Xero TaxType chosen outright. */
const untaxedChoice = z
  .string()
  .trim()
  .max(50, 'A Xero tax type has at most 50 characters')
  .optional()
  .transform((v) => (v ? v : undefined));

export const taxMappingSchema = z.object({
  autoMap: z.boolean(),
  /** Before untaxed lines were filed by reason: one type for all of them. Still read, no longer used. */
  zeroRatedTaxType: z.string().trim().max(50).optional(),
  /** Magento tax rate code → Xero TaxType. */
  rates: z.record(z.string().min(1).max(255), taxType),
  /** Per Xero region, the Xero TaxType for each untaxed reason; unset ones take the regional defaults (docs/tax.md). */
  regions: z
    .partialRecord(z.enum(TAX_REGIONS, { message: `A region is one of ${TAX_REGIONS.join(', ')}` }), z.partialRecord(z.enum(UNTAXED_REASONS), taxType))
    .default({}),
  /** Magento tax class ("product:<id>", "customer:<id>") → what its untaxed lines go to, in the country and abroad. */
  classes: z
    .record(
      z.string().regex(/^(product|customer):\d+$/, 'A tax class is "product:<class id>" or "customer:<class id>"'),
      z.object({ domestic: untaxedChoice, export: untaxedChoice }),
    )
    .default({}),
});
export type TaxMappingSettings = z.infer<typeof taxMappingSchema>;

/** The same spelling as src/mapping's settings, so the engine reads the stored value as is. */
export const DO_NOT_PAY = 'do_not_pay';
/** Magento payment method code → bank account code, or "do_not_pay" (the invoice stays awaiting payment). */
export const paymentMappingSchema = z.record(
  z.string().trim().min(1, 'A payment method code cannot be empty').max(255),
  z.union([
    z.enum([DO_NOT_PAY, 'do-not-pay']).transform(() => DO_NOT_PAY),
    accountCode.min(1, 'Choose a bank account or "do not pay"'),
  ]),
);
export type PaymentMappingSettings = z.infer<typeof paymentMappingSchema>;

/** The daily books check (same shape as src/reconcile's settings, with the messages the page shows). */
export const reconciliationSchema = z.object({
  daily: z.boolean(),
  hour: z.coerce.number({ message: 'The hour is a number from 0 to 23' }).int().min(0, 'The hour is from 0 to 23').max(23, 'The hour is from 0 to 23'),
  days: z.coerce.number({ message: 'Days back is a number' }).int().min(1, 'Check at least one day').max(92, 'Check at most 92 days'),
  repair: z.boolean(),
});
export type ReconciliationSettings = z.infer<typeof reconciliationSchema>;

/**
 * Daily summary posting (a store posts summaries on the days its postingPeriods say): when a day is final, and which
 * payment-method accounts are gateway clearing accounts (current assets that take payments) rather than bank accounts.
 */
export const summarySchema = z.object({
  /** Store-local hour after midnight at which yesterday is final and its summary is posted (late changes go to today). */
  closeHour: z.coerce
    .number({ message: 'The closing hour is a number from 0 to 23' })
    .int('The closing hour is a whole hour')
    .min(0, 'The closing hour is from 0 to 23')
    .max(23, 'The closing hour is from 0 to 23'),
  /** Account codes (from the payment-method mapping) that "Sync all accounts now" creates as clearing accounts. */
  clearingAccounts: z.array(accountCode.min(1)).max(50),
});
export type SummarySettings = z.infer<typeof summarySchema>;

/**
 * Payments recorded in Xero flowing back to Magento: for orders paid with these methods (each set to "do not pay"), an
 * invoice paid in full in Xero creates the Magento invoice (offline capture), so the order moves on in Magento.
 */
export const paymentImportSchema = z.object({
  methods: z.array(z.string().trim().min(1, 'A payment method code cannot be empty').max(255)).max(50),
  /** How often Xero is asked for invoices paid since the last look (the fallback when webhooks are not set up). */
  pollMinutes: z.coerce
    .number({ message: 'The polling interval is a number of minutes' })
    .int('The polling interval is whole minutes')
    .min(1, 'Poll at most once a minute')
    .max(1440, 'Poll at least once a day'),
});
export type PaymentImportSettings = z.infer<typeof paymentImportSchema>;

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'A day is written YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'Not a real day');

/**
 * How a store's sales go to Xero from a chosen store-local day on: one Xero document per order ("orders"), per Magento
 * invoice ("invoices"), or one summary a day ("summary"). Each period runs until the next one starts; days before the
 * first period follow the posting setting. Which period applies to an order is decided by the order's own day, so every
 * document of one order is posted the same way and a switch never posts anything twice.
 */
export const postingPeriodSchema = z.object({
  from: isoDay,
  mode: z.enum(['orders', 'invoices', 'summary'], { message: 'A store posts "orders", "invoices" or a daily "summary"' }),
});
export type PostingPeriod = z.infer<typeof postingPeriodSchema>;

export const postingPeriodsSchema = z
  .array(postingPeriodSchema)
  .max(100)
  .refine((periods) => periods.every((p, i) => i === 0 || periods[i - 1]!.from < p.from), 'Posting periods start on different days, in order');

/**
 * A Xero tracking category and one of its options, put on every line of the store's documents. Xero allows two active
 * categories per organisation and names of at most 100 characters (Xero API: TrackingCategories, "You can only have 2
 * active tracking categories"; reference/xero OpenAPI TrackingCategory.Name / TrackingOption.Name).
 */
const trackingName = (what: string) =>
  z.string().trim().min(1, `Name the tracking ${what}`).max(100, `A tracking ${what} has at most 100 characters (Xero's limit)`);
export const storeTrackingSchema = z.object({ name: trackingName('category'), option: trackingName('option') });

/**
 * One Magento store view (as read from Magento: code, website, time zone, base currency) and how it goes to Xero: its
 * organisation (absent: the connected one; null: not synced), its document-number prefixes, the scope of its contact
 * numbers, and an optional tracking option. Kept under the `stores` key, by Magento store id.
 */
export const storeRecordSchema = z.object({
  code: z.string(),
  name: z.string().optional(),
  websiteId: z.number().int().optional(),
  websiteName: z.string().optional(),
  timezone: z.string().default('UTC'),
  baseCurrency: z.string().length(3),
  /** The organisation this store posts to; absent: the one connected organisation; null: the store is not synced. */
  tenantId: z.string().min(1, 'Choose an organisation or "not synced"').nullable().optional(),
  invoicePrefix: prefix.optional(),
  creditNotePrefix: prefix.optional(),
  /** Put before the Magento customer id in ContactNumber; absent: "M<store id>-". */
  contactPrefix: z
    .string()
    .max(20, 'A contact-number scope has at most 20 characters')
    .regex(/^[A-Za-z0-9._/-]*$/, 'A contact-number scope uses letters, digits, dot, dash, slash or underscore')
    .transform((v) => (v ? v : undefined))
    .optional(),
  tracking: storeTrackingSchema.optional(),
  /** Posting mode from chosen days on (see postingPeriodSchema); absent: the posting setting for every day. */
  postingPeriods: postingPeriodsSchema.optional(),
  /** The Xero contact the store's daily summaries are made out to (created when missing). */
  summaryContactName: z.string().trim().min(1).max(255).optional(),
});
export type StoreRecord = z.infer<typeof storeRecordSchema>;
/** The stores as kept: no check across stores, so a refresh from Magento always saves. */
export const storesRecordSchema = z.record(z.string().regex(/^\d+$/, 'A store is keyed by its Magento store id'), storeRecordSchema);
export type Stores = z.infer<typeof storesRecordSchema>;

/** The admin store (id 0) carries the default store's routing: documents made in the admin are the default store's. */
const ADMIN_STORE = '0';

export function storeLabel(id: string, store: Pick<StoreRecord, 'code' | 'name'>): string {
  return `store ${id} "${store.name ?? store.code}"`;
}

/**
 * Two stores that post to one organisation must not collide there: if they share the contact-number scope, their
 * invoice and credit-note numbers must differ (and the other way round), or two stores' customers and documents would
 * be taken for each other's. Each message names both stores and the field to change.
 */
export function storeRoutingProblems(stores: Stores, settings: { invoicePrefix: string; creditNotePrefix: string }): Array<{ path: string[]; message: string }> {
  const problems: Array<{ path: string[]; message: string }> = [];
  const entries = Object.entries(stores).filter(([id, s]) => id !== ADMIN_STORE && s.tenantId !== null);
  for (let i = 0; i < entries.length; i++) {
    for (let j = i + 1; j < entries.length; j++) {
      const [aId, a] = entries[i]!;
      const [bId, b] = entries[j]!;
      if ((a.tenantId ?? '') !== (b.tenantId ?? '')) continue;
      const scopeA = a.contactPrefix ?? `M${aId}-`;
      const scopeB = b.contactPrefix ?? `M${bId}-`;
      if (scopeA !== scopeB) continue;
      const org = a.tenantId ? `organisation ${a.tenantId}` : 'the connected organisation';
      for (const field of ['invoicePrefix', 'creditNotePrefix'] as const) {
        const pa = a[field] ?? settings[field];
        const pb = b[field] ?? settings[field];
        if (pa !== pb) continue;
        const what = field === 'invoicePrefix' ? 'invoice prefix' : 'credit-note prefix';
        problems.push({
          path: [bId, field],
          message: `${storeLabel(bId, b)} and ${storeLabel(aId, a)} both post to ${org} with the ${what} "${pb}" and the contact-number scope "${scopeB}": give ${storeLabel(bId, b)} its own ${what} or contact-number scope`,
        });
      }
    }
  }
  return problems;
}

/** The `stores` setting as the merchant sets it: each store checked, then the stores against each other. */
export const storesSchema = storesRecordSchema.superRefine((stores, ctx) => {
  for (const p of storeRoutingProblems(stores, { invoicePrefix: '', creditNotePrefix: '' })) ctx.addIssue({ code: 'custom', path: p.path, message: p.message });
});

/**
 * Totals beside items and shipping (docs/totals.md): the Xero tax types of fixed product tax and gift wrapping lines
 * (empty: from what Magento charged on them), and whether a difference to Magento's grand total that no total explains
 * is posted to the other charges account up to a limit (off by default: such a document is refused, naming it).
 */
export const totalsSchema = z.object({
  fptTaxType: untaxedChoice,
  giftWrappingTaxType: untaxedChoice,
  postUnexplainedDifference: z.boolean(),
  unexplainedDifferenceLimit: z.coerce
    .number({ message: 'The limit is an amount, e.g. 5.00' })
    .min(0, 'The limit cannot be negative')
    .max(1000, 'The limit is at most 1000.00')
    .refine((v) => Math.round(v * 100) === Math.round(v * 100 * 1e6) / 1e6, 'The limit has at most two decimals'),
});
export type TotalsSettings = z.infer<typeof totalsSchema>;

/** Hosts a webhook may reach over plain http (this machine); anywhere else it must be https. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);
export const isLoopbackHost = (host: string) => LOOPBACK_HOSTS.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host);

/** Shown instead of a stored secret (webhook secret, SMTP password); sent back unchanged, it keeps the stored one. */
export const SECRET_MASK = '********';
/**
 * Settings fields that are secrets: never kept in the settings document, never shown or exported. The settings service
 * hands them to its secret store (sealed with SECRET_KEY like the Xero tokens); an empty value forgets the stored one.
 */
export const WEBHOOK_SECRET = 'alerts.webhook.secret';
export const SMTP_PASSWORD = 'alerts.email.password';
export const SECRET_FIELDS: ReadonlyArray<{ section: 'alerts'; path: readonly string[]; name: string }> = [
  { section: 'alerts', path: ['webhook', 'secret'], name: WEBHOOK_SECRET },
  { section: 'alerts', path: ['email', 'password'], name: SMTP_PASSWORD },
];

const emailAddress = z.string().trim().max(254).regex(/^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/, 'Not an email address (name@example.com)');

/**
 * Alerts when something needs a person (docs/alerts.md): which events, a webhook (JSON, signed with HMAC-SHA256 when a
 * secret is set) and/or email over SMTP, and how often at most. Empty URL / host: that channel is off.
 */
export const alertsSchema = z.object({
  events: z.object({
    recordFailed: z.boolean(),
    dailyLimit: z.boolean(),
    xeroDisconnected: z.boolean(),
    booksDiffer: z.boolean(),
  }),
  webhook: z.object({
    url: z
      .string()
      .trim()
      .max(2000, 'A webhook address has at most 2000 characters')
      .refine((v) => v === '' || URL.canParse(v), 'Not a web address (https://example.com/hooks/magento-xero)')
      .refine((v) => {
        if (v === '' || !URL.canParse(v)) return true;
        const u = new URL(v);
        return u.protocol === 'https:' || (u.protocol === 'http:' && isLoopbackHost(u.hostname));
      }, 'The webhook address must be https (plain http only to this machine: localhost, 127.0.0.1)'),
    /** Write-only (SECRET_FIELDS): signs each body so the receiver can tell it came from here. */
    secret: z.string().max(256, 'A webhook secret has at most 256 characters').optional(),
  }),
  email: z
    .object({
      host: z.string().trim().max(255, 'An SMTP host has at most 255 characters').regex(/^[A-Za-z0-9.:[\]-]*$/, 'An SMTP host is a name or an address, e.g. smtp.example.com'),
      port: z.coerce.number({ message: 'The SMTP port is a number' }).int('The SMTP port is a whole number').min(1, 'The SMTP port is from 1 to 65535').max(65535, 'The SMTP port is from 1 to 65535'),
      /** tls: TLS from the start (usually port 465); starttls: plain, then STARTTLS, required (usually 587); none: no encryption. */
      security: z.enum(['tls', 'starttls', 'none'], { message: 'SMTP security is "tls", "starttls" or "none"' }),
      user: z.string().trim().max(255),
      /** Write-only (SECRET_FIELDS). */
      password: z.string().max(1024, 'An SMTP password has at most 1024 characters').optional(),
      from: z.union([z.literal(''), emailAddress]),
      to: z.array(emailAddress).max(20, 'At most 20 recipients'),
    })
    .superRefine((e, ctx) => {
      if (e.host === '') return;
      if (e.from === '') ctx.addIssue({ code: 'custom', path: ['from'], message: 'Give the address alerts are sent from' });
      if (e.to.length === 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'Give at least one address to send alerts to' });
      // A password crosses the network only encrypted: a relay on this machine is the one exception.
      if (e.security === 'none' && e.user !== '' && !isLoopbackHost(e.host)) {
        ctx.addIssue({ code: 'custom', path: ['security'], message: 'A user and password are sent only over TLS: choose "tls" or "starttls" (or no user, for a relay that needs none)' });
      }
    }),
  /** At most one message per channel in this many minutes; what comes up in between goes in the next one. */
  quietMinutes: z.coerce.number({ message: 'Minutes between messages is a number' }).int().min(0, 'Minutes between messages cannot be negative').max(1440, 'Minutes between messages is at most 1440 (a day)'),
  /** After the first alert, wait this long for others that come with it (a backfill's failures) before sending. */
  gatherSeconds: z.coerce.number({ message: 'Seconds to gather is a number' }).int().min(0, 'Seconds to gather cannot be negative').max(3600, 'Seconds to gather is at most 3600'),
});
export type AlertsSettings = z.infer<typeof alertsSchema>;

export const SETTINGS_SCHEMAS = {
  accounts: accountsSchema,
  sync: syncSchema,
  posting: postingSchema,
  taxMapping: taxMappingSchema,
  paymentMapping: paymentMappingSchema,
  reconciliation: reconciliationSchema,
  summary: summarySchema,
  paymentImport: paymentImportSchema,
  stores: storesSchema,
  totals: totalsSchema,
  alerts: alertsSchema,
} as const;
export type SettingsKey = keyof typeof SETTINGS_SCHEMAS;
export const SETTINGS_KEYS = Object.keys(SETTINGS_SCHEMAS) as SettingsKey[];
export interface AllSettings {
  accounts: AccountsSettings | undefined;
  sync: SyncSettings;
  posting: PostingSettings;
  taxMapping: TaxMappingSettings;
  paymentMapping: PaymentMappingSettings;
  reconciliation: ReconciliationSettings;
  summary: SummarySettings;
  paymentImport: PaymentImportSettings;
  stores: Stores;
  totals: TotalsSettings;
  alerts: AlertsSettings;
}

export const DEFAULT_SETTINGS: Omit<AllSettings, 'accounts'> = {
  sync: Object.fromEntries(
    ENTITY_TYPES.map((t) => [t, { enabled: true, mode: 'immediately', schedule: '*/5 * * * *' }]),
  ) as SyncSettings,
  posting: {
    postAs: 'orders',
    newOrderStatus: 'DRAFT',
    invoicePrefix: '',
    creditNotePrefix: '',
    guestStrategy: 'per_email',
    guestContactName: 'Guest customers',
    paymentTermsDays: 0,
    useCompanyName: false,
    trackedInventory: false,
    offlineRefundsPaidOut: false,
    rewardPointsAs: 'discount',
  },
  taxMapping: { autoMap: true, rates: {}, regions: {}, classes: {} },
  paymentMapping: { checkmo: DO_NOT_PAY, banktransfer: DO_NOT_PAY, cashondelivery: DO_NOT_PAY },
  reconciliation: { daily: false, hour: 6, days: 7, repair: false },
  summary: { closeHour: 3, clearingAccounts: [] },
  paymentImport: { methods: [], pollMinutes: 5 },
  stores: {},
  totals: { fptTaxType: undefined, giftWrappingTaxType: undefined, postUnexplainedDifference: false, unexplainedDifferenceLimit: 5 },
  alerts: {
    events: { recordFailed: true, dailyLimit: true, xeroDisconnected: true, booksDiffer: true },
    webhook: { url: '' },
    email: { host: '', port: 587, security: 'starttls', user: '', from: '', to: [] },
    quietMinutes: 15,
    gatherSeconds: 60,
  },
};

export function isSettingsKey(key: string): key is SettingsKey {
  return (SETTINGS_KEYS as string[]).includes(key);
}

/** One line per problem, naming the field: what the API returns as 400 and the page shows beside the form. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
}
