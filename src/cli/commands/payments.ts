import type { Command } from 'commander';
import { pollXeroPayments, type PollResult } from '../../sync/payment-import/poll.js';
import { createOutput } from '../output.js';
import { withRuntime } from '../run-command.js';
import { drainQueue } from './drain.js';

export function registerPayments(program: Command): void {
  const payments = program.command('payments').description('Payments recorded in Xero flowing back to Magento (methods set to "do not pay").');
  payments
    .command('poll')
    .description('Look once at each organisation\'s invoices changed since the last look, and queue the orders paid there; --run works the queue too.')
    .option('--run', 'then invoice what was paid in full (works the queue until empty)')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExamples:\n  $ magento-xero payments poll --run')
    .action(async (flags: { run?: boolean; json?: boolean }) => {
      const out = createOutput({ json: Boolean(flags.json) });
      await withRuntime(
        async ({ runtime }) => {
          const results: PollResult[] = [];
          for (const tenantId of await runtime.connectedTenants()) results.push(await pollXeroPayments(runtime.context, tenantId));
          const drained = flags.run ? await drainQueue(runtime, out, { untilEmpty: true }) : undefined;
          out.result({ organisations: results, ...(drained ? { queue: drained } : {}) }, () =>
            [
              ...results.map((r) => `${r.tenantId}: ${r.invoices} invoice(s) changed, ${r.queued} order(s) queued (${r.calls} call(s))`),
              ...(drained ? [`Worked the queue: ${drained.done} done, ${drained.parked} parked, ${drained.left} left.`] : []),
            ].join('\n') || 'No organisation is connected.',
          );
        },
        { ready: true },
      );
    });
}
