import type { Command } from 'commander';
import { addDays, epochToLocalDate, isIsoDate } from '../../domain/dates.js';
import type { Reconciler } from '../../reconcile/reconciler.js';
import type { ReconcileResult } from '../../reconcile/types.js';
import { CliError, EXIT } from '../exit-codes.js';
import { createOutput, type Output, type Progress } from '../output.js';
import { withRuntime } from '../run-command.js';
import { drainQueue } from './drain.js';
import { reconcilerFor } from '../../runtime/reconciler.js';

interface ReconcileFlags {
  from?: string;
  to?: string;
  repair?: boolean;
  full?: boolean;
  json?: boolean;
}

export function registerReconcile(program: Command): void {
  program
    .command('reconcile')
    .description('Compare Magento with Xero per store day and per document; exit 0 when the books agree, 1 when differences remain.')
    .option('--from <day>', 'first store-local day, YYYY-MM-DD (default: 30 days ago)')
    .option('--to <day>', 'last store-local day, inclusive (default: today)')
    .option('--repair', 'queue the repairable differences, post them, then compare again')
    .option('--full', 'read Xero in full instead of only what changed since the last run')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExamples:\n  $ magento-xero reconcile\n  $ magento-xero reconcile --from 2026-03-01 --to 2026-03-31 --repair\n  $ magento-xero reconcile --json > report.json')
    .action(async (flags: ReconcileFlags) => {
      const out = createOutput({ json: Boolean(flags.json) });
      for (const day of [flags.from, flags.to]) {
        if (day !== undefined && !isIsoDate(day)) throw new CliError(`Not a day: ${day} (use YYYY-MM-DD)`, EXIT.usage);
      }
      await withRuntime(
        async ({ runtime }) => {
          const settings = await runtime.context.settings();
          const timeZone = Object.values(settings.stores)[0]?.timezone ?? 'UTC';
          const today = epochToLocalDate(runtime.clock.now(), timeZone);
          const range = { from: flags.from ?? addDays(flags.to ?? today, -30), to: flags.to ?? today };
          if (range.from > range.to) throw new CliError(`--from ${range.from} is after --to ${range.to}`, EXIT.usage);
          const reconciler = reconcilerFor(runtime);
          const run = () => reconcileWithProgress(reconciler, range, out, Boolean(flags.full));
          let result = await run();
          let repair: { queued: number; skipped: number; posted: number; parked: number } | undefined;
          if (flags.repair && result.issues.some((i) => i.action === 'queue')) {
            const repaired = await reconciler.repair(result.issues);
            out.info(`Queued ${repaired.queued} record(s) for repair; ${repaired.skipped} difference(s) need a person.`);
            const drained = await drainQueue(runtime, out, { untilEmpty: true });
            repair = { queued: repaired.queued, skipped: repaired.skipped, posted: drained.done, parked: drained.parked };
            const first = result;
            result = await run();
            result.xeroCalls += first.xeroCalls + repaired.xeroCalls;
          }
          out.result({ ...result, agreed: result.issues.length === 0, ...(repair ? { repair } : {}) }, () => human(result, repair));
          if (result.issues.length > 0) process.exitCode = EXIT.failed;
        },
        { ready: true },
      );
    });
}

async function reconcileWithProgress(reconciler: Reconciler, range: { from: string; to: string }, out: Output, full: boolean): Promise<ReconcileResult> {
  // One bar at a time: Magento is read first, then Xero.
  let current: { side: 'magento' | 'xero'; bar: Progress } | undefined;
  try {
    return await reconciler.reconcile(range, {
      full,
      onProgress: (side, n) => {
        if (current?.side !== side) {
          current?.bar.stop();
          current = { side, bar: out.progress(side === 'magento' ? 'Reading Magento' : 'Reading Xero') };
        }
        current.bar.update(n);
      },
    });
  } finally {
    current?.bar.stop();
  }
}

function human(result: ReconcileResult, repair: { queued: number; posted: number; parked: number } | undefined): string {
  const lines: string[] = [];
  const differing = result.days.filter((d) => d.magentoTotal !== d.xeroTotal || d.magentoCount !== d.xeroCount);
  lines.push(
    result.issues.length === 0
      ? `Magento and Xero agree from ${result.from} to ${result.to}: ${result.magentoDocuments} document(s), ${result.xeroCalls} Xero call(s).`
      : `${result.issues.length} difference(s) from ${result.from} to ${result.to} (${result.issues.filter((i) => i.action === 'queue').length} repairable with --repair, ${result.issues.filter((i) => i.action === 'person').length} need a person); ${result.magentoDocuments} Magento document(s), ${result.xeroCalls} Xero call(s).`,
  );
  if (repair) lines.push(`Repair: queued ${repair.queued}, posted ${repair.posted}, needing attention ${repair.parked}.`);
  if (differing.length > 0) {
    lines.push('', 'day         currency     magento (n)        xero (n)');
    for (const d of differing) {
      lines.push(`${d.day}  ${d.currency.padEnd(8)} ${`${d.magentoTotal} (${d.magentoCount})`.padStart(15)} ${`${d.xeroTotal} (${d.xeroCount})`.padStart(15)}`);
    }
  }
  const taxes = result.taxes.filter((t) => t.differs);
  if (taxes.length > 0) {
    lines.push('', 'day         tax type         Magento rate(s)              magento net + tax      xero net + tax');
    for (const t of taxes) {
      lines.push(`${t.day}  ${t.taxType.padEnd(16)} ${t.rates.join(', ').padEnd(28)} ${`${t.magentoNet} + ${t.magentoTax}`.padStart(18)} ${`${t.xeroNet} + ${t.xeroTax}`.padStart(18)} ${t.currency}`);
    }
  }
  if (result.issues.length > 0) {
    lines.push('');
    for (const i of result.issues) {
      const money = i.magentoTotal || i.xeroTotal ? ` [Magento ${i.magentoTotal ?? '-'}, Xero ${i.xeroTotal ?? '-'}${i.currency ? ` ${i.currency}` : ''}]` : '';
      lines.push(`${i.day}  ${i.number.padEnd(12)} ${i.kind}${money} — ${i.action === 'queue' ? 'repairable' : 'needs a person'}`);
      lines.push(`    ${i.advice}`);
      if (i.xeroUrl) lines.push(`    ${i.xeroUrl}`);
    }
  }
  return lines.join('\n');
}
