import type { Command } from 'commander';
import { RuntimeSyncService } from '../../runtime/sync-service.js';
import { createOutput } from '../output.js';
import { withRuntime } from '../run-command.js';

export function registerAccounts(program: Command): void {
  const accounts = program.command('accounts').description('The Xero accounts the mapping posts to.');
  accounts
    .command('sync')
    .description('Create the mapped accounts that Xero does not have yet (one per request); never renames or deletes.')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }) => {
      const out = createOutput({ json: Boolean(options.json) });
      await withRuntime(async ({ runtime }) => {
        const result = await new RuntimeSyncService(runtime).syncAccounts();
        out.result(result, () =>
          result.created.length === 0
            ? `All mapped accounts exist in Xero (${result.existing.join(', ')}).`
            : `Created ${result.created.join(', ')}; already there: ${result.existing.join(', ') || 'none'}.`,
        );
      }, { ready: true });
    });
}
