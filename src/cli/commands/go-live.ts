import type { Command } from 'commander';
import { GoLiveRefused } from '../../runtime/go-live.js';
import { RuntimeSyncService } from '../../runtime/sync-service.js';
import type { GoLiveReview } from '../../settings/go-live.js';
import { CliError, EXIT } from '../exit-codes.js';
import { createOutput } from '../output.js';
import { withRuntime } from '../run-command.js';

/** The review as lines a person reads before confirming. */
export function describeReview(review: GoLiveReview): string {
  const lines = [
    `${review.organisation}: ${review.live ? `syncing since ${new Date(review.liveSince ?? 0).toISOString()}` : 'not syncing yet'}; ${review.queued} record(s) queued.`,
    'Accounts:',
    ...review.accounts.map((a) => `  ${a.setting.padEnd(18)} ${a.code ?? '(not set)'}`),
    'Payment methods:',
    ...(review.paymentMethods.length ? review.paymentMethods.map((p) => `  ${p.code.padEnd(18)} ${p.target === 'do_not_pay' ? 'do not pay (stays awaiting payment)' : p.target}`) : ['  (none: payments go to the bank account)']),
    'Tax rates:',
    ...(review.taxRates.length
      ? review.taxRates.map((r) => {
          const what = r.mapped
            ? `mapped to ${r.mapped}`
            : r.suggested
              ? `will be mapped to ${r.suggested} (an existing Xero rate)`
              : r.create
                ? `no Xero rate fits: ${r.create.approved ? 'allowed to create' : 'would create'} "${r.create.name}"`
                : `map by hand: ${r.manual ?? 'not mapped'}`;
          return `  ${`${r.code} (${r.percent} %${r.country ? `, ${r.country}` : ''})`.padEnd(34)} ${what}`;
        })
      : ['  (Magento lists none)']),
    ...(review.problems.length ? ['Before you can start:', ...review.problems.map((p) => `  - ${p}`)] : []),
  ];
  return lines.join('\n');
}

export function registerGoLive(program: Command): void {
  program
    .command('go-live')
    .description('Review the account, tax and payment mapping of an organisation and start posting to it ("Start syncing"). Nothing is posted before.')
    .option('--yes', 'confirm: start syncing (without it the review is only shown)')
    .option('--create-tax-rates <which>', 'new Xero tax rates allowed for Magento rates no Xero rate fits: none, all, or codes separated by commas', 'none')
    .option('--organisation <tenantId>', 'the Xero organisation (default: the connected one)')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExamples:\n  $ magento-xero go-live\n  $ magento-xero go-live --yes\n  $ magento-xero go-live --yes --create-tax-rates "US-CA-*-Rate 1,US-NY-*-Rate 1"')
    .action(async (options: { yes?: boolean; createTaxRates: string; organisation?: string; json?: boolean }) => {
      const out = createOutput({ json: Boolean(options.json) });
      const which = options.createTaxRates.trim();
      const createTaxRates = which === 'all' || which === 'none' ? which : which.split(',').map((c) => c.trim()).filter(Boolean);
      await withRuntime(async ({ runtime }) => {
        const service = new RuntimeSyncService(runtime);
        if (!options.yes) {
          const review = await service.goLiveReview(options.organisation);
          out.result(review, () => `${describeReview(review)}\n${review.live ? '' : '\nNothing is posted yet. Run `magento-xero go-live --yes` to start syncing.'}`.trimEnd());
          if (review.problems.length > 0) process.exitCode = EXIT.config;
          return;
        }
        try {
          const review = await service.startSyncing({ ...(options.organisation ? { tenantId: options.organisation } : {}), createTaxRates });
          out.result(review, () => `${describeReview(review)}\n\nSyncing started: ${review.queued} queued record(s) will be posted by \`serve\` or \`worker\`.`);
        } catch (error) {
          if (error instanceof GoLiveRefused) throw new CliError(`${error.message}. Then run \`magento-xero go-live --yes\` again.`, EXIT.config);
          throw error;
        }
      }, { ready: true });
    });
}
