import type { Command } from 'commander';
import { AdminAuth } from '../../http/auth.js';
import { startHost } from '../../runtime/host.js';
import { bootstrap } from '../bootstrap.js';
import { untilStopped } from '../run-command.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Run the service: admin UI and API, webhooks, OAuth callback, change capture and a worker.')
    .option('--no-worker', 'leave posting to separate `magento-xero worker` processes (PostgreSQL)')
    .addHelpText('after', '\nExamples:\n  $ magento-xero serve\n  $ DATABASE_URL=postgres://app@db/xero magento-xero serve --no-worker')
    .action(async (options: { worker: boolean }) => {
      // What it is doing while it starts (a database still starting can take a while: DATABASE_RETRY_SECONDS).
      process.stdout.write('Starting magento-xero: opening the database…\n');
      const { runtime, logger } = await bootstrap();
      process.stdout.write("Reading Magento's stores and tax rates…\n");
      await runtime.ensureReady().catch((error: unknown) => logger.warn({ err: error }, `not ready yet: ${error instanceof Error ? error.message : String(error)}`));
      process.stdout.write(`Starting the web server on port ${runtime.config.port}…\n`);
      const host = await startHost(runtime, { worker: options.worker, scheduler: true });
      logger.info({ url: host.url, worker: options.worker }, 'magento-xero is running');
      process.stdout.write(`magento-xero is running at ${host.url} (Ctrl-C to stop)\n`);
      // On the console only, never in the log: whoever can read this runs the service, and may choose the password.
      const setupCode = await new AdminAuth(runtime.storage.settings, runtime.config.adminPassword, runtime.clock).setupCode();
      if (setupCode) {
        process.stdout.write(
          `No admin password yet (ADMIN_PASSWORD is not set): open ${new URL('/setup', runtime.config.publicUrl).href} and enter the setup code ${setupCode}\n` +
            '(`magento-xero status` shows it again until a password is chosen)\n',
        );
      }
      const signal = await untilStopped();
      logger.info({ signal }, 'stopping: finishing the batch in hand');
      await host.stop();
      await runtime.close();
      logger.info('magento-xero stopped');
    });
}
