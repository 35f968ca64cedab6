#!/usr/bin/env -S node --max-old-space-size=256 --max-semi-space-size=8
// The heap flags above: left to itself V8 grows a busy process's heap to several times what it keeps alive (a 20,000-order
// backfill keeps under 50 MB alive yet grew the heap to 200 MB and RSS past 330 MB); a fixed ceiling makes it collect
// instead. Launching with `node dist/cli/main.js` directly (a container) should pass the same flags (README, Memory).
import { isMagentoStoreConfigError } from '../domain/errors.js';
import { Command, CommanderError } from 'commander';
import { isConfigError } from '../config/environment.js';
import { registerCommands } from './commands/index.js';
import { CliError, EXIT } from './exit-codes.js';
import { PortInUseError } from '../runtime/host.js';

/** `magento-xero <command>`: every operation of the service, scriptable, with exit codes scripts can rely on. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command()
    .name('magento-xero')
    .description("Keeps a Magento 2 store's accounting in Xero.")
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  registerCommands(program);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (isConfigError(error)) {
      process.stderr.write(`Configuration problem:\n${error.problems.map((p) => `  - ${p}`).join('\n')}\n`);
      return EXIT.config;
    }
    if (error instanceof CliError) {
      process.stderr.write(`${error.message}\n`);
      return error.exitCode;
    }
    if (isMagentoStoreConfigError(error)) {
      process.stderr.write(`${error.message}\n`);
      return EXIT.config;
    }
    if (error instanceof PortInUseError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT.config;
    }
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failed;
  }
}

const code = await main(process.argv);
process.exitCode = code;
