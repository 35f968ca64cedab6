/**
 * The replay fixtures: recorded answers of the live Xero API turned into this project's own data (test/replay/convert.ts
 * made them; the CI conformance suite checks them against the captures). Read here with zod, never from ../shared.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const FIXTURES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

const json: z.ZodType<unknown> = z.unknown();

export const fixtureSchema = z.object({
  capture: z.string(),
  source: z.record(z.string(), json),
  recorded: json,
  request: json.optional(),
  adaptation: z.string().optional(),
  note: z.string().optional(),
});
export type Fixture = z.infer<typeof fixtureSchema>;

export const manifestSchema = z.object({
  captures: z.array(
    z.object({ capture: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), fixture: z.string().nullable(), reason: z.string().optional() }),
  ),
});

const amount = z.string().regex(/^-?\d+\.\d+$/);

export const recordedLineSchema = z.object({
  Description: z.string().optional(),
  Quantity: amount.optional(),
  UnitAmount: amount.optional(),
  DiscountRate: amount.optional(),
  ItemCode: z.string().optional(),
  AccountCode: z.string().optional(),
  TaxType: z.string().optional(),
  TaxAmount: amount,
  LineAmount: amount,
  Tracking: z.array(z.object({ Name: z.string().optional(), Option: z.string().optional() })).optional(),
});

export const recordedDocumentSchema = z.object({
  kind: z.enum(['invoice', 'creditNote']),
  id: z.string(),
  number: z.string().optional(),
  Type: z.enum(['ACCREC', 'ACCPAY', 'ACCRECCREDIT', 'ACCPAYCREDIT']),
  Status: z.enum(['DRAFT', 'SUBMITTED', 'AUTHORISED', 'PAID', 'VOIDED', 'DELETED']),
  Date: z.string().optional(),
  DueDate: z.string().optional(),
  LineAmountTypes: z.enum(['Exclusive', 'Inclusive', 'NoTax']),
  CurrencyCode: z.string(),
  CurrencyRate: amount.optional(),
  Contact: z.string(),
  LineItems: z.array(recordedLineSchema),
  SubTotal: amount,
  TotalTax: amount,
  Total: amount,
  AmountDue: amount.optional(),
  AmountPaid: amount.optional(),
  AmountCredited: amount.optional(),
});
export type RecordedDocument = z.infer<typeof recordedDocumentSchema>;

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, path), 'utf8')) as unknown;
}

export function loadFixture(path: string): Fixture {
  const parsed = fixtureSchema.safeParse(readJson(path));
  if (!parsed.success) throw new Error(`fixture ${path}: ${parsed.error.message}`);
  return parsed.data;
}

export function loadManifest(): z.infer<typeof manifestSchema> {
  return manifestSchema.parse(readJson('manifest.json'));
}

/** Every fixture file made from a capture (adaptations/ holds the replay's own additions, not captures). */
export function fixtureFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [relative(FIXTURES_DIR, path).split('\\').join('/')];
    });
  return walk(FIXTURES_DIR)
    .filter((p) => p !== 'manifest.json' && !p.startsWith('adaptations/'))
    .sort();
}

/** An amount Xero printed ("1085.00") in cents; the fixtures keep Xero's text so nothing passes through a float. */
export function centsOf(text: string): number {
  const m = /^(-?)(\d+)\.(\d+)$/.exec(text);
  if (!m) throw new Error(`not an amount: ${text}`);
  const fraction = (m[3] ?? '').padEnd(2, '0');
  if (fraction.length > 2 && /[^0]/.test(fraction.slice(2))) throw new Error(`more than cents: ${text}`);
  const value = Number(m[2]) * 100 + Number(fraction.slice(0, 2));
  return m[1] === '-' ? -value : value;
}

/** A JSON number the emulator printed, in cents. */
export function centsOfNumber(value: unknown): number {
  if (typeof value !== 'number') throw new Error(`not a number: ${String(value)}`);
  return Math.round(value * 100);
}
