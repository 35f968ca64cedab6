import type { Command } from 'commander';
import { RuntimeSyncService } from '../../runtime/sync-service.js';
import { isQueueState, QUEUE_STATES, type QueueState } from '../../domain/queue-state.js';
import { entityArg, entityOrAll } from '../entity-arg.js';
import { CliError, EXIT } from '../exit-codes.js';
import { createOutput } from '../output.js';
import { withRuntime } from '../run-command.js';
import { drainQueue } from './drain.js';

const stateArg = (value: string | undefined): QueueState | undefined => {
  if (value === undefined) return undefined;
  if (!isQueueState(value)) throw new CliError(`"${value}" is not a queue state: use ${QUEUE_STATES.join(', ')}`, EXIT.usage);
  return value;
};

export function registerQueue(program: Command): void {
  const queue = program.command('queue').description('The sync queue: add records, list, run, retry, clear.');

  queue
    .command('add <entity>')
    .description('Queue Magento records: customers, products, orders, invoices, creditmemos or all.')
    .option('--ids <ids>', 'comma-separated Magento ids (SKUs for products)')
    .option('--since <date>', 'only records changed since this date (YYYY-MM-DD, UTC)')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExamples:\n  $ magento-xero queue add all\n  $ magento-xero queue add orders --since 2026-11-01\n  $ magento-xero queue add customers --ids 12,15')
    .action(async (name: string, options: { ids?: string; since?: string; json?: boolean }) => {
      const entity = entityOrAll(name);
      const out = createOutput({ json: Boolean(options.json) });
      const ids = options.ids?.split(',').map((s) => s.trim()).filter(Boolean);
      await withRuntime(async ({ runtime }) => {
        const progress = out.progress('Queuing');
        const { queued } = await new RuntimeSyncService(runtime).enqueue(entity, {
          ...(ids ? { ids } : {}),
          ...(options.since ? { since: options.since } : {}),
          onProgress: (n, total) => progress.update(n, total),
        });
        progress.stop();
        out.result({ queued }, () => `Queued ${queued} record(s).`);
      });
    });

  queue
    .command('list')
    .description('What will be synchronised next, with state, attempts and the last error.')
    .option('--state <state>', `one of ${QUEUE_STATES.join(', ')}`)
    .option('--entity <entity>', 'customers, products, orders, invoices or creditmemos')
    .option('--limit <n>', 'rows', '50')
    .option('--json', 'machine-readable output')
    .action(async (options: { state?: string; entity?: string; limit: string; json?: boolean }) => {
      const out = createOutput({ json: Boolean(options.json) });
      const state = stateArg(options.state);
      const entity = options.entity ? entityArg(options.entity) : undefined;
      await withRuntime(async ({ runtime }) => {
        const rows = await runtime.storage.queue.list({
          ...(state ? { state } : {}),
          ...(entity ? { entityType: entity } : {}),
          limit: Number(options.limit) || 50,
        });
        const counts = await runtime.storage.queue.counts();
        out.result({ counts, entries: rows }, () =>
          [
            `${counts.map((c) => `${c.entity_type} ${c.state}: ${c.n}`).join(', ') || 'The queue is empty.'}`,
            ...rows.map(
              (r) =>
                `#${r.id} ${r.entity_type} ${r.magento_id} ${r.state} attempts=${r.attempts} next=${new Date(r.next_attempt_at).toISOString()}${r.last_error ? ` — ${r.last_error}` : ''}`,
            ),
          ].join('\n'),
        );
      });
    });

  queue
    .command('run')
    .description('Post what is due now; with --until-empty keep going until nothing is left that can be posted now.')
    .option('--until-empty', 'run until the queue holds nothing that can be posted now')
    .option('--json', 'machine-readable output')
    .action(async (options: { untilEmpty?: boolean; json?: boolean }) => {
      const out = createOutput({ json: Boolean(options.json) });
      await withRuntime(async ({ runtime }) => {
        const summary = await drainQueue(runtime, out, { untilEmpty: Boolean(options.untilEmpty) });
        out.result(summary, () => `Posted ${summary.done}, to retry ${summary.retried}, needing attention ${summary.parked}.`);
        if (summary.parked > 0 || summary.retried > 0) process.exitCode = EXIT.failed;
      }, { ready: true });
    });

  queue
    .command('retry')
    .description('Put failed and parked entries back in line now.')
    .option('--ids <ids>', 'only these queue entry ids')
    .option('--json', 'machine-readable output')
    .action(async (options: { ids?: string; json?: boolean }) => {
      const out = createOutput({ json: Boolean(options.json) });
      const ids = options.ids?.split(',').map(Number).filter(Number.isInteger);
      await withRuntime(async ({ runtime }) => {
        const retried = await runtime.storage.queue.retry(ids, runtime.clock.now());
        out.result({ retried }, () => `${retried} entr${retried === 1 ? 'y' : 'ies'} back in line.`);
      });
    });

  queue
    .command('clear')
    .description('Remove entries that are not running (all, or one state).')
    .option('--state <state>', `only this state (${QUEUE_STATES.join(', ')})`)
    .option('--json', 'machine-readable output')
    .action(async (options: { state?: string; json?: boolean }) => {
      const out = createOutput({ json: Boolean(options.json) });
      const state = stateArg(options.state);
      await withRuntime(async ({ runtime }) => {
        const removed = await runtime.storage.queue.clear(state);
        out.result({ removed }, () => `Removed ${removed} entr${removed === 1 ? 'y' : 'ies'}.`);
      });
    });
}
