import type { Command } from 'commander';
import { utcDay } from '../../storage/api-usage-repository.js';
import { createOutput } from '../output.js';
import { withRuntime } from '../run-command.js';

export function registerReport(program: Command): void {
  const report = program.command('report').description('Reports.');
  report
    .command('requests')
    .description('Xero API calls per day and tenant against the daily limit, with errors and 429s.')
    .option('--days <n>', 'how many days back', '7')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExample:\n  $ magento-xero report requests --days 30')
    .action(async (options: { days: string; json?: boolean }) => {
      const out = createOutput({ json: Boolean(options.json) });
      const days = Math.max(1, Number(options.days) || 7);
      await withRuntime(async ({ runtime }) => {
        const from = utcDay(runtime.clock.now() - (days - 1) * 86_400_000);
        const rows = await runtime.storage.apiUsage.days(from);
        out.result({ dailyLimit: runtime.config.xero.limits.perDay, days: rows }, () =>
          rows.length === 0
            ? `No Xero calls since ${from}.`
            : [
                'day         tenant                                calls  limit  errors  429s',
                ...rows.map(
                  (r) =>
                    `${r.day}  ${r.tenant_id.padEnd(36)}  ${String(r.calls).padStart(5)}  ${String(runtime.config.xero.limits.perDay).padStart(5)}  ${String(r.errors).padStart(6)}  ${String(r.rate_limited).padStart(4)}`,
                ),
              ].join('\n'),
        );
      });
    });
}
