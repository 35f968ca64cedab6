import type { Command } from 'commander';
import { registerMigrate } from './migrate.js';

/** Every command, each in its own file. */
export function registerCommands(program: Command): void {
  registerMigrate(program);
}
