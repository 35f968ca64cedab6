import { z } from 'zod';
import type { AllSettings } from './schemas.js';
import type { SettingsDocuments } from './service.js';

/**
 * The go-live gate: nothing is posted to a Xero organisation until a person has looked at its account mapping, tax
 * mapping and payment methods and pressed "Start syncing" (or run `magento-xero go-live`). Until then records queue and
 * the dashboard says why nothing moves. Kept per organisation in the settings table under `goLive`.
 */
export const GO_LIVE_KEY = 'goLive';

const tenantGoLive = z.object({
  /** When posting was started (ms since the epoch). */
  at: z.number(),
  /**
   * Magento tax rate codes a person reviewed and allowed to become new Xero tax rates. Any other rate without a Xero
   * rate waits for a mapping instead of being created.
   */
  taxRatesToCreate: z.array(z.string()).default([]),
});
export const goLiveSchema = z.record(z.string(), tenantGoLive);
export type GoLive = z.infer<typeof goLiveSchema>;

export async function readGoLive(docs: SettingsDocuments): Promise<GoLive> {
  const parsed = goLiveSchema.safeParse((await docs.get(GO_LIVE_KEY)) ?? {});
  return parsed.success ? parsed.data : {};
}

export async function isLive(docs: SettingsDocuments, tenantId: string): Promise<boolean> {
  return (await readGoLive(docs))[tenantId] !== undefined;
}

/** True when every code of a rate was approved for creation in this organisation's review. */
export async function mayCreateTaxRate(docs: SettingsDocuments, tenantId: string, codes: readonly string[]): Promise<boolean> {
  const approved = new Set((await readGoLive(docs))[tenantId]?.taxRatesToCreate ?? []);
  return codes.length > 0 && codes.every((c) => approved.has(c));
}

/** What stops an organisation from going live, one line each naming the setting and where to set it. */
export function goLiveProblems(settings: Pick<AllSettings, 'accounts'>): string[] {
  const problems: string[] = [];
  if (!settings.accounts?.bank) problems.push('accounts.bank: choose the bank account payments go to (Configuration → Accounts)');
  if (!settings.accounts?.sales) problems.push('accounts.sales: choose the sales account order lines go to (Configuration → Accounts)');
  return problems;
}

export async function confirmGoLive(
  docs: SettingsDocuments,
  tenantId: string,
  review: { taxRatesToCreate: readonly string[] },
  now: number,
): Promise<GoLive> {
  const current = await readGoLive(docs);
  const previous = current[tenantId];
  const next: GoLive = {
    ...current,
    [tenantId]: {
      at: previous?.at ?? now,
      taxRatesToCreate: [...new Set([...(previous?.taxRatesToCreate ?? []), ...review.taxRatesToCreate])].sort(),
    },
  };
  await docs.set(GO_LIVE_KEY, next, now);
  return next;
}

/** Stops posting to an organisation again (records queue until the next "Start syncing"). */
export async function pauseGoLive(docs: SettingsDocuments, tenantId: string, now: number): Promise<void> {
  const current = await readGoLive(docs);
  delete current[tenantId];
  await docs.set(GO_LIVE_KEY, current, now);
}

/** One Magento tax rate as the review lists it: already mapped, mapped to an existing Xero rate on go-live, or new. */
export interface TaxRateReview {
  code: string;
  percent: number;
  country?: string;
  /** The Xero tax type it is mapped to now. */
  mapped?: string;
  /** The existing Xero rate that will be saved as its mapping on go-live. */
  suggested?: string;
  /** No Xero rate fits: the Xero rate that would be created, if the person allows it. */
  create?: { name: string; approved: boolean };
  /** Not mapped automatically (another country's tax, or automatic mapping is off): why, and that a person maps it. */
  manual?: string;
}

/** Everything the "Start syncing" page and `magento-xero go-live` show before a person confirms. */
export interface GoLiveReview {
  tenantId: string;
  organisation: string;
  /** The organisation's country (ISO 3166 alpha-2), when Xero said. */
  country?: string;
  live: boolean;
  liveSince?: number;
  /** Blocking problems: the button is disabled and the command exits 3 until they are fixed. */
  problems: string[];
  accounts: Array<{ setting: string; code: string | undefined }>;
  paymentMethods: Array<{ code: string; target: string }>;
  taxRates: TaxRateReview[];
  /** Records queued and waiting for the gate. */
  queued: number;
}
