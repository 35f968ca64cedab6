import type { Command } from 'commander';
import { CliError, EXIT } from '../exit-codes.js';
import { createOutput } from '../output.js';
import { withRuntime } from '../run-command.js';

const time = (ms: number | null) => (ms == null ? '-' : new Date(Number(ms)).toISOString().slice(0, 19).replace('T', ' '));

/** `magento-xero alerts test|list|send`: the alert channels from scripts (docs/alerts.md). */
export function registerAlerts(program: Command): void {
  const alerts = program
    .command('alerts')
    .description('Alerts by webhook and email when something needs a person (settings key "alerts", docs/alerts.md).');

  alerts
    .command('test')
    .description('Send a test alert to every channel that is set up, now; exit 1 when one could not be reached, 3 when none is set up.')
    .option('--json', 'machine-readable output')
    .action(async (flags: { json?: boolean }) => {
      const out = createOutput({ json: Boolean(flags.json) });
      await withRuntime(async ({ runtime }) => {
        const results = await runtime.alerts().test('magento-xero alerts test');
        if (results.length === 0) {
          throw new CliError('No alert channel is set up: set alerts.webhook.url or alerts.email.host (Configuration → Alerts, or `magento-xero settings set alerts.webhook.url https://...`).', EXIT.config);
        }
        out.result({ results }, () => results.map((r) => (r.ok ? `${r.channel}: sent to ${r.target}` : `${r.channel}: NOT sent to ${r.target}: ${r.error ?? ''}`)).join('\n'));
        if (results.some((r) => !r.ok)) process.exitCode = EXIT.failed;
      });
    });

  alerts
    .command('send')
    .description('Deliver what is waiting now, without waiting for the gathering time or the pause between messages (serve and worker do it by themselves).')
    .option('--json', 'machine-readable output')
    .action(async (flags: { json?: boolean }) => {
      const out = createOutput({ json: Boolean(flags.json) });
      await withRuntime(async ({ runtime }) => {
        const r = await runtime.alerts().runOnce({ force: true });
        out.result(r, () => `${r.messages} message(s) made; ${r.sent} delivered, ${r.failed} not delivered (tried again later).`);
        if (r.failed > 0) process.exitCode = EXIT.failed;
      });
    });

  alerts
    .command('list')
    .description('The last alerts raised and the last messages sent, with their delivery state and error.')
    .option('--limit <n>', 'how many of each', '20')
    .option('--json', 'machine-readable output')
    .action(async (flags: { limit: string; json?: boolean }) => {
      const out = createOutput({ json: Boolean(flags.json) });
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new CliError('--limit is a number from 1 to 1000', EXIT.usage);
      await withRuntime(async ({ runtime }) => {
        const [raised, messages] = await Promise.all([runtime.storage.alerts.recent(limit), runtime.storage.alerts.messages(limit)]);
        const rows = {
          alerts: raised.map((a) => ({ id: Number(a.id), at: new Date(Number(a.at)).toISOString(), kind: a.kind, key: a.key, webhookMessage: a.webhook_message, emailMessage: a.email_message })),
          messages: messages.map((m) => ({
            id: Number(m.id),
            channel: m.channel,
            createdAt: new Date(Number(m.created_at)).toISOString(),
            alerts: m.alert_count,
            subject: m.subject,
            state: m.state,
            attempts: m.attempts,
            lastError: m.last_error,
            sentAt: m.sent_at == null ? null : new Date(Number(m.sent_at)).toISOString(),
          })),
        };
        out.result(rows, () =>
          [
            messages.length === 0 ? 'No alert message yet.' : 'Messages (newest first):',
            ...messages.map((m) => `  ${time(m.created_at)}  ${m.channel.padEnd(7)} ${m.state.padEnd(7)} ${m.subject}${m.last_error ? ` — last error: ${m.last_error}` : ''}`),
            raised.length === 0 ? 'No alert raised yet.' : 'Alerts raised (newest first):',
            ...raised.map((a) => `  ${time(a.at)}  ${a.kind.padEnd(17)} ${a.key}`),
          ].join('\n'),
        );
      });
    });
}
