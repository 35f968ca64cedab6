import type { Command } from 'commander';
import { entityArg } from '../entity-arg.js';
import { CliError, EXIT } from '../exit-codes.js';
import { createOutput } from '../output.js';
import { withRuntime } from '../run-command.js';

export function registerLog(program: Command): void {
  program
    .command('log')
    .description('Every sync attempt, newest first, with Xero\'s own message on failure.')
    .option('--status <status>', 'success, skipped, waiting or error (only error is an error)')
    .option('--entity <entity>', 'customers, products, orders, invoices or creditmemos')
    .option('--id <id>', 'one Magento record')
    .option('--limit <n>', 'rows', '50')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExamples:\n  $ magento-xero log --status error\n  $ magento-xero log --entity orders --id 42 --json')
    .action(async (options: { status?: string; entity?: string; id?: string; limit: string; json?: boolean }) => {
      const out = createOutput({ json: Boolean(options.json) });
      if (options.status && !['success', 'error', 'skipped', 'waiting'].includes(options.status)) {
        throw new CliError(`"${options.status}" is not a status: use success, skipped, waiting or error`, EXIT.usage);
      }
      const entity = options.entity ? entityArg(options.entity) : undefined;
      await withRuntime(async ({ runtime }) => {
        const rows = await runtime.storage.log.list({
          ...(options.status ? { status: options.status as 'success' | 'error' | 'skipped' | 'waiting' } : {}),
          ...(entity ? { entityType: entity } : {}),
          ...(options.id ? { magentoId: options.id } : {}),
          limit: Number(options.limit) || 50,
        });
        out.result(rows, () =>
          rows.length === 0
            ? 'Nothing logged yet.'
            : rows
                .map(
                  (r) =>
                    `${new Date(r.at).toISOString()} ${r.status.padEnd(7)} ${r.entity_type} ${r.magento_id} ${r.action}${r.xero_number ? ` ${r.xero_number}` : ''} ${r.duration_ms}ms${r.message ? `\n    ${r.message}` : ''}`,
                )
                .join('\n'),
        );
      });
    });
}
