import type { Command } from 'commander';
import { CliError, EXIT } from '../exit-codes.js';
import { createOutput } from '../output.js';
import { withRuntime } from '../run-command.js';

export function registerSecrets(program: Command): void {
  const secrets = program.command('secrets').description('The credentials stored in the database (sealed with SECRET_KEY).');
  secrets
    .command('reseal')
    .description(
      'Seal every stored credential with the current SECRET_KEY (every start does this too); afterwards SECRET_KEY_PREVIOUS can be removed.',
    )
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      '\nExamples:\n  $ SECRET_KEY=<new> SECRET_KEY_PREVIOUS=<old> magento-xero secrets reseal\n  $ magento-xero secrets reseal --json',
    )
    .action(async (options: { json?: boolean }) => {
      const out = createOutput({ json: Boolean(options.json) });
      // The start-up of the command itself re-seals (as every start does); this reports what it found and did.
      await withRuntime(async ({ resealed }) => {
        out.result(resealed, () => {
          const lines = [
            resealed.resealed.length > 0
              ? `Sealed again with the current SECRET_KEY: ${resealed.resealed.join(', ')}.`
              : 'Nothing to seal again.',
            `${resealed.current} stored credential(s) already use the current SECRET_KEY.`,
            ...resealed.unreadable.map((u) => `Cannot open ${u.id}: ${u.problem}`),
          ];
          if (resealed.unreadable.length === 0) lines.push('SECRET_KEY_PREVIOUS is no longer needed and can be removed.');
          return lines.join('\n');
        });
        if (resealed.unreadable.length > 0) {
          throw new CliError(
            'Some stored credentials open with no configured key: list the old key in SECRET_KEY_PREVIOUS and run this again, or connect again in the admin UI.',
            EXIT.failed,
          );
        }
      });
    });
}
