import type { Command } from 'commander';
import { bootstrap } from '../bootstrap.js';
import { untilStopped } from '../run-command.js';

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('Run a worker only: claims batches from the shared queue and posts them (run several on PostgreSQL).')
    .addHelpText('after', '\nExample:\n  $ DATABASE_URL=postgres://app@db/xero magento-xero worker')
    .action(async () => {
      const { runtime, logger } = await bootstrap();
      await runtime.ensureReady().catch((error: unknown) => logger.warn({ err: error }, `not ready yet: ${error instanceof Error ? error.message : String(error)}`));
      const worker = runtime.worker();
      const controller = new AbortController();
      logger.info({ owner: worker.owner }, 'worker started');
      const running = Promise.all([worker.run(controller.signal, (r) => logger.info({ ...r }, 'batch')), runtime.alerts().run(controller.signal)]);
      const signal = await untilStopped();
      logger.info({ signal }, 'worker stopping: finishing the batch in hand');
      controller.abort();
      await running;
      await runtime.close();
      logger.info({ owner: worker.owner }, 'worker stopped');
    });
}
