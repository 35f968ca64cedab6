import type { Command } from 'commander';
import { queueProgress } from '../../runtime/progress.js';
import { startSandbox } from '../../sandbox/sandbox.js';
import { untilStopped } from '../run-command.js';

const int = (v: string) => Number.parseInt(v, 10);

export function registerSandbox(program: Command): void {
  program
    .command('sandbox')
    .description('The service with a seeded Magento emulator and a Xero emulator, connected and syncing (what `npm start` runs).')
    .option('--port <n>', 'admin UI port', (v) => int(v), Number(process.env['PORT'] ?? 3000))
    .option('--data <dir>', 'where the sandbox keeps its database and emulator state', './data/sandbox')
    .option('--customers <n>', 'customers in the seeded store', int, 60)
    .option('--products <n>', 'products in the seeded store', int, 40)
    .option('--orders <n>', 'orders in the seeded store', int, 200)
    .option('--seed <n>', 'seed of the store generator', int, 42)
    .option('--activity <seconds>', 'simulated store activity every N seconds (0: none)', int, 30)
    .addHelpText('after', '\nExamples:\n  $ npm start\n  $ magento-xero sandbox --port 4000 --orders 1000 --activity 0\n\nRemove the data folder to start from scratch.')
    .action(async (options: { port: number; data: string; customers: number; products: number; orders: number; seed: number; activity: number }) => {
      const log = (line: string) => process.stdout.write(`${line}\n`);
      log('Starting the sandbox: a Magento emulator, a Xero emulator and magento-xero…');
      const sandbox = await startSandbox({
        dataDir: options.data,
        port: options.port,
        customers: options.customers,
        products: options.products,
        orders: options.orders,
        seed: options.seed,
        activitySeconds: options.activity,
        env: process.env,
        log,
      });
      log('');
      log(`  Admin UI:   ${sandbox.url}`);
      log(`  Password:   ${sandbox.password}`);
      log(`  Magento:    ${sandbox.magento.url} (emulator)`);
      log(`  Xero:       ${sandbox.xero.url} (emulator)`);
      log('');
      log('Syncing the store into Xero; press Ctrl-C to stop (starting again resumes).');
      let last = '';
      const report = () =>
        void Promise.all([sandbox.runtime.storage.queue.counts(), queueProgress(sandbox.runtime).catch(() => undefined)]).then(([counts, estimate]) => {
          const by = (state: string) => counts.filter((c) => c.state === state).reduce((s, c) => s + c.n, 0);
          // With how long is left and why it goes no faster, once the queue has a pace (or a reason to stand still).
          const why = estimate && estimate.outstanding > 0 ? ` (${estimate.minutes !== undefined ? estimate.text.replace(/^\d+ to go, /, '').replace(/\.$/, '') : (estimate.reason ?? 'starting')})` : '';
          const line = `  queue: ${by('done')} done, ${by('skipped')} skipped, ${by('pending') + by('running')} to go, ${by('waiting')} waiting, ${by('failed')} retrying, ${by('parked')} need attention${why}`;
          // Only what changed, so a quiet store stays quiet.
          if (line !== last) log(line);
          last = line;
        });
      report();
      const progress = setInterval(report, 2_000);
      progress.unref();
      await untilStopped();
      clearInterval(progress);
      log('Stopping…');
      await sandbox.stop();
      log('Stopped.');
    });
}
