import type { Command } from 'commander';
import { loadConfig } from '../../config/load.js';
import { openDatabase } from '../../storage/database.js';
import { migrate } from '../../storage/migrate.js';
import { createOutput } from '../output.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('Apply pending database migrations (serve, worker and sandbox also do this on start).')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExamples:\n  $ magento-xero migrate\n  $ DATABASE_URL=postgres://app@db:5432/xero magento-xero migrate --json')
    .action(async (options: { json?: boolean }) => {
      const out = createOutput({ json: Boolean(options.json) });
      const config = loadConfig();
      const database = openDatabase(config.databaseUrl);
      try {
        const report = await migrate(database);
        out.result({ database: database.dialect, applied: report.applied }, () =>
          report.applied.length === 0
            ? `Database (${database.dialect}) is up to date.`
            : `Applied ${report.applied.length} migration(s) to ${database.dialect}: ${report.applied.join(', ')}`,
        );
      } finally {
        await database.close();
      }
    });
}
