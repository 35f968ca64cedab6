import { formatMinor } from '../../domain/money.js';
import { readSettings } from '../../settings/service.js';
import { ContactWriter } from '../contact-writer.js';
import type { SyncContext } from '../context.js';
import { CLAIM, type EntityHandler, type EntryOutcome } from '../handler.js';
import { BatchJournal } from '../record-log.js';
import { postSummaryDays, type DayWork } from '../summary/post-day.js';
import { parseSummaryWorkId } from '../work-types.js';

/**
 * Stores' closed days → their daily summary documents in Xero (queue entries "summary" `<store id>:<day>`, due when the
 * day closes). The days of a claim share their Xero calls (a backfill or a worker catching up posts 50 days' invoices in
 * one call); a day that Xero refuses is parked with Xero's message, the others go on.
 */
export function summariesHandler(ctx: SyncContext, contacts: ContactWriter = new ContactWriter()): EntityHandler {
  return {
    entityType: 'summary',
    batchSize: CLAIM.summary,
    async process(entries, signal): Promise<EntryOutcome[]> {
      const journal = new BatchJournal(() => ctx.clock.now());
      const settings = await ctx.settings();
      const { closeHour } = (await readSettings(ctx.storage.settings)).summary;
      const work: DayWork[] = [];
      for (const entry of entries) {
        const where = parseSummaryWorkId(entry.magento_id);
        if (where) work.push({ entry, where });
        else journal.park(entry, 'summary', `"${entry.magento_id}" is not a store's day (expected <store id>:<YYYY-MM-DD>).`);
      }
      const outcomes = await postSummaryDays(ctx, contacts, work, settings, closeHour, signal);
      for (const { entry, where } of work) {
        const outcome = outcomes.get(entry)!;
        if (outcome.kind === 'wait') journal.retry(entry, 'wait', outcome.message, outcome.delayMs);
        else if (outcome.kind === 'park') journal.park(entry, 'post', outcome.message);
        else {
          await ctx.storage.summaries.markPosted(where.storeId, where.day, outcome.result, ctx.clock.now());
          const docs = outcome.result.currencies.flatMap((c) => [c.invoice, c.creditNote].filter((d) => d !== undefined));
          const totals = outcome.result.currencies
            .map((c) => `${c.currency}: sales ${formatMinor(c.invoice?.totalCents ?? 0)}, refunds ${formatMinor(c.creditNote?.totalCents ?? 0)}`)
            .join('; ');
          const first = docs[0];
          journal.done(entry, docs.length > 0 ? 'post' : 'skip', {
            tenantId: outcome.result.tenantId,
            ...(first ? { id: first.id, number: first.number } : {}),
            message: [docs.length > 0 ? `daily summary of ${where.day} posted (${totals})` : `nothing to post for ${where.day}`, ...outcome.notes].join('; '),
          });
        }
      }
      await ctx.storage.log.add(journal.lines);
      return journal.results();
    },
  };
}
