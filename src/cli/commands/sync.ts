import type { Command } from 'commander';
import { RuntimeSyncService } from '../../runtime/sync-service.js';
import { entityArg } from '../entity-arg.js';
import { CliError, EXIT } from '../exit-codes.js';
import { createOutput } from '../output.js';
import { withRuntime } from '../run-command.js';
import { drainQueue, requireLive } from './drain.js';

export function registerSync(program: Command): void {
  program
    .command('sync [entity] [id]')
    .description('Post one record now (`sync orders 42`), or everything (`sync --all`: queue the whole store, then run until empty).')
    .option('--all', 'queue every Magento record, then post until the queue is empty')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExamples:\n  $ magento-xero sync --all\n  $ magento-xero sync orders 42\n  $ magento-xero sync products MH01-S-Gray --json')
    .action(async (name: string | undefined, id: string | undefined, options: { all?: boolean; json?: boolean }) => {
      const out = createOutput({ json: Boolean(options.json) });
      if (options.all) {
        await withRuntime(async ({ runtime }) => {
          const service = new RuntimeSyncService(runtime);
          const queuing = out.progress('Queuing');
          const { queued } = await service.enqueue('all', { onProgress: (n, total) => queuing.update(n, total) });
          queuing.stop();
          out.info(`Queued ${queued} record(s).`);
          const summary = await drainQueue(runtime, out, { untilEmpty: true });
          out.result({ queued, ...summary }, () =>
            `Posted ${summary.done}, needing attention ${summary.parked}, still to retry ${summary.left}. See \`magento-xero log --status error\`.`,
          );
          if (summary.parked > 0 || summary.left > 0) process.exitCode = EXIT.failed;
        }, { ready: true });
        return;
      }
      if (!name || !id) throw new CliError('Say what to sync: `sync <entity> <id>` or `sync --all`', EXIT.usage);
      const entity = entityArg(name);
      await withRuntime(async ({ runtime }) => {
        await requireLive(runtime);
        const result = await new RuntimeSyncService(runtime).syncRecord(entity, id);
        out.result(result, () =>
          [
            `${entity} ${id}: ${result.status}${result.xeroNumber ? ` → ${result.xeroNumber}` : ''}`,
            ...(result.message ? [result.message] : []),
            ...(result.xeroUrl ? [`View on Xero: ${result.xeroUrl}`] : []),
          ].join('\n'),
        );
        if (result.status === 'error') process.exitCode = EXIT.failed;
      }, { ready: true });
    });
}
