import { z } from 'zod';
import { ENTITY_TYPES } from '../domain/entity-types.js';
import { QUEUE_STATES } from '../domain/queue-state.js';

/** Query-string and body schemas shared by the API and the pages: one place says what a bad parameter is. */

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A date is YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'Not a calendar date');
const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v);

export const paging = {
  page: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1, 'page starts at 1').default(1)),
  pageSize: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(200, 'pageSize is at most 200').default(25)),
};

export const entitySchema = z.enum(ENTITY_TYPES, { message: `Entity is one of ${ENTITY_TYPES.join(', ')}` });

export const queueQuery = z.object({
  state: z.preprocess(emptyToUndefined, z.enum(QUEUE_STATES, { message: `State is one of ${QUEUE_STATES.join(', ')}` }).optional()),
  entity: z.preprocess(emptyToUndefined, entitySchema.optional()),
  ...paging,
});

export const logQuery = z.object({
  status: z.preprocess(emptyToUndefined, z.enum(['success', 'error', 'skipped', 'waiting'], { message: 'Status is success, error, skipped or waiting' }).optional()),
  entity: z.preprocess(emptyToUndefined, entitySchema.optional()),
  magentoId: z.preprocess(emptyToUndefined, z.string().max(100).optional()),
  from: z.preprocess(emptyToUndefined, day.optional()),
  to: z.preprocess(emptyToUndefined, day.optional()),
  ...paging,
});

export const recordsQuery = z.object({
  q: z.preprocess(emptyToUndefined, z.string().trim().max(200, 'Search text is at most 200 characters').optional()),
  ...paging,
});

export const usageQuery = z.object({
  days: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(366, 'At most 366 days').default(14)),
});

/** Inclusive UTC day range → [from, to) in ms. */
export function dayRange(from: string | undefined, to: string | undefined): { from?: number; to?: number } {
  const range: { from?: number; to?: number } = {};
  if (from) range.from = Date.parse(`${from}T00:00:00Z`);
  if (to) range.to = Date.parse(`${to}T00:00:00Z`) + 86_400_000;
  return range;
}

/**
 * The most records one request may name, in a form or through the API alike: enough for any selection a person makes,
 * and far below what one SQL statement may bind (SQLite: 32,766 variables).
 */
export const MAX_IDS = 10_000;
export const tooManyIds = (n: number) => `${n} records at once is too many: at most ${MAX_IDS.toLocaleString('en')} at a time (or use "Add all to queue").`;

export const idList = z.array(z.coerce.number().int().positive()).max(MAX_IDS, `At most ${MAX_IDS} ids at a time`);
export const magentoIdList = z.array(z.string().min(1).max(100)).max(MAX_IDS, `At most ${MAX_IDS} ids at a time`);

export const reconciliationQuery = z.object({
  from: z.preprocess(emptyToUndefined, day.optional()),
  to: z.preprocess(emptyToUndefined, day.optional()),
});

/**
 * The longest period one reconciliation may compare: each run reads Magento and Xero for every day of it, so an
 * unbounded range could spend the day's Xero calls (the daily reconciliation allows the same 92 days).
 */
export const MAX_RECONCILIATION_DAYS = 92;

/** The days a reconciliation run compares (POST only: it calls Magento and Xero). */
export const reconciliationRange = z
  .object({ from: day, to: day })
  .refine((r) => r.from <= r.to, { message: '"From" is after "To".', path: ['from'] })
  .refine((r) => (Date.parse(`${r.to}T00:00:00Z`) - Date.parse(`${r.from}T00:00:00Z`)) / 86_400_000 < MAX_RECONCILIATION_DAYS, {
    message: `Compare at most ${MAX_RECONCILIATION_DAYS} days at a time.`,
    path: ['to'],
  });
