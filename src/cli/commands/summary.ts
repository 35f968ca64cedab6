import type { Command } from 'commander';
import { isIsoDate } from '../../domain/dates.js';
import { formatMinor } from '../../domain/money.js';
import type { MappingSettings } from '../../mapping/settings.js';
import { listSummaryDays, readSummaryDay, type SummaryDayView } from '../../sync/summary/read.js';
import { CliError, EXIT } from '../exit-codes.js';
import { createOutput } from '../output.js';
import { withRuntime } from '../run-command.js';

const KIND: Record<string, string> = { goods: 'Goods', shipping: 'Shipping', rounding: 'Rounding', 'adjustment-refund': 'Adjustment refunds', 'adjustment-fee': 'Adjustment fees' };

function storeIdOf(settings: MappingSettings, store: string | undefined): number | undefined {
  if (store === undefined) return undefined;
  if (/^\d+$/.test(store)) return Number(store);
  const found = Object.entries(settings.stores).find(([, ctx]) => ctx.code === store);
  if (!found) throw new CliError(`No store "${store}": use a store id or code (${Object.values(settings.stores).map((s) => s.code).join(', ')})`, EXIT.usage);
  return Number(found[0]);
}

function human(view: SummaryDayView): string {
  const lines: string[] = [`Daily summary of ${view.storeCode} for ${view.day}: ${view.state}${view.postedAt ? ` (posted ${new Date(view.postedAt).toISOString()})` : ''}, to "${view.contactName}"`];
  if (view.problem) lines.push(`  Cannot be posted as it stands: ${view.problem}`);
  for (const s of view.sections) {
    for (const [label, doc, money] of [
      ['Sales invoice', s.sales, s.sales?.payments],
      ['Refunds credit note', s.refunds, s.refunds?.refunds],
    ] as const) {
      if (!doc) continue;
      lines.push(`  ${label} ${doc.number} (${s.currency}, ${s.mode ?? ''}): total ${formatMinor(doc.totalCents)}, tax ${formatMinor(doc.taxCents)}${doc.id ? '' : ' (not in Xero yet)'}`);
      for (const l of doc.lines) {
        const refs = l.refs.map((r) => r.incrementId);
        lines.push(
          `    ${KIND[l.kind] ?? l.kind} · account ${l.accountCode} · ${l.taxType}: ${formatMinor(l.amountCents)}${l.discountCents ? ` (after ${formatMinor(l.discountCents)} discount)` : ''}, tax ${formatMinor(l.taxCents)} — ${refs.length} document(s): ${refs.slice(0, 12).join(', ')}${refs.length > 12 ? ', …' : ''}`,
        );
      }
      for (const m of money ?? []) lines.push(`    ${label.startsWith('Sales') ? 'Payment into' : 'Refund from'} account ${m.accountCode}: ${formatMinor(m.cents)} (${m.labels.join(', ')})`);
    }
  }
  const late = view.refs.filter((r) => r.late);
  if (late.length > 0) lines.push(`  Late changes (documents of earlier days, posted on this one): ${late.map((r) => `${r.incrementId} (${r.documentDay}${r.revision > 1 ? `, change ${r.revision}` : ''})`).join(', ')}`);
  return lines.join('\n');
}

export function registerSummary(program: Command): void {
  const summary = program.command('summary').description('Daily summaries: what a store\'s day became in Xero, line by line, with the Magento documents behind each line.');

  summary
    .command('show <day>')
    .description('One day of daily summaries (every store posting them, or --store).')
    .option('--store <store>', 'store id or code')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExamples:\n  $ magento-xero summary show 2026-03-05\n  $ magento-xero summary show 2026-03-05 --store default --json')
    .action(async (day: string, flags: { store?: string; json?: boolean }) => {
      if (!isIsoDate(day)) throw new CliError(`Not a day: ${day} (use YYYY-MM-DD)`, EXIT.usage);
      const out = createOutput({ json: Boolean(flags.json) });
      await withRuntime(async ({ runtime }) => {
        const settings = await runtime.context.settings();
        const only = storeIdOf(settings, flags.store);
        const days = await listSummaryDays(runtime.storage, settings, { from: day, to: day, ...(only !== undefined ? { storeId: only } : {}) });
        const views = (await Promise.all(days.map((d) => readSummaryDay(runtime.storage, settings, d.storeId, day)))).filter((v): v is SummaryDayView => v !== undefined);
        if (views.length === 0) throw new CliError(`No daily summary for ${day}${flags.store ? ` in store ${flags.store}` : ''}.`, EXIT.failed);
        out.result(views, () => views.map(human).join('\n\n'));
      });
    });

  summary
    .command('list')
    .description('Days with daily summaries, newest first: state, documents, totals per currency.')
    .option('--from <day>', 'first day, YYYY-MM-DD')
    .option('--to <day>', 'last day, YYYY-MM-DD')
    .option('--store <store>', 'store id or code')
    .option('--json', 'machine-readable output')
    .action(async (flags: { from?: string; to?: string; store?: string; json?: boolean }) => {
      for (const d of [flags.from, flags.to]) if (d !== undefined && !isIsoDate(d)) throw new CliError(`Not a day: ${d} (use YYYY-MM-DD)`, EXIT.usage);
      const out = createOutput({ json: Boolean(flags.json) });
      await withRuntime(async ({ runtime }) => {
        const settings = await runtime.context.settings();
        const only = storeIdOf(settings, flags.store);
        const days = await listSummaryDays(runtime.storage, settings, {
          ...(flags.from ? { from: flags.from } : {}),
          ...(flags.to ? { to: flags.to } : {}),
          ...(only !== undefined ? { storeId: only } : {}),
          limit: 1000,
        });
        out.result(days, () =>
          days.length === 0
            ? 'No daily summaries.'
            : days
                .map((d) => `${d.day} ${d.storeCode} ${d.state} · ${d.documents} document(s)${d.late ? `, ${d.late} late` : ''} · ${d.currencies.map((c) => `${c.currency} sales ${formatMinor(c.salesCents)} refunds ${formatMinor(c.refundsCents)}${c.invoiceNumber ? ` (${c.invoiceNumber})` : ''}`).join('; ')}`)
                .join('\n'),
        );
      });
    });
}
