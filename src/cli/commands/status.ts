import type { Command } from 'commander';
import { AdminAuth } from '../../http/auth.js';
import { createOutput } from '../output.js';
import { RuntimeSyncService } from '../../runtime/sync-service.js';
import { withRuntime } from '../run-command.js';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('Connections, queue depth, today\'s Xero API calls, recent errors.')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExamples:\n  $ magento-xero status\n  $ magento-xero status --json | jq .queue')
    .action(async (options: { json?: boolean }) => {
      const out = createOutput({ json: Boolean(options.json) });
      await withRuntime(async ({ runtime }) => {
        const service = await new RuntimeSyncService(runtime).status();
        const setupCode = await new AdminAuth(runtime.storage.settings, runtime.config.adminPassword, runtime.clock).setupCode();
        const status = { ...service, ...(setupCode ? { adminSetupCode: setupCode } : {}) };
        out.result(status, () => {
          const lines = [
            ...(setupCode
              ? [`Admin: no password yet; open ${new URL('/setup', runtime.config.publicUrl).href} with the setup code ${setupCode}`]
              : []),
            `Magento: ${status.magento.status}${status.magento.detail ? `: ${status.magento.detail}` : ''}`,
            ...(status.xero.length === 0 ? ['Xero: not connected'] : status.xero.map((x) => `Xero: ${x.name} (${x.tenantId}) ${x.status}`)),
            `Queue: ${status.queue.length === 0 ? 'empty' : status.queue.map((q) => `${q.entity_type} ${q.state} ${q.n}`).join(', ')}`,
            ...status.apiToday.map((u) => `API today (${u.tenantId}): ${u.calls}/${u.dailyLimit} calls, ${u.errors} errors, ${u.rateLimited} rate-limited`),
            `Last successful sync: ${status.lastSuccessAt ? new Date(status.lastSuccessAt).toISOString() : 'never'}`,
            ...status.recentErrors.slice(0, 5).map((e) => `Error: ${e.entity_type} ${e.magento_id}: ${e.message ?? ''}`),
            ...status.banners.map((b) => `! ${b}`),
          ];
          return lines.join('\n');
        });
      });
    });
}
