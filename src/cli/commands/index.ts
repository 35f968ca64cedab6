import type { Command } from 'commander';
import { registerAccounts } from './accounts.js';
import { registerEmulate } from './emulate.js';
import { registerGoLive } from './go-live.js';
import { registerLog } from './log.js';
import { registerMigrate } from './migrate.js';
import { registerQueue } from './queue.js';
import { registerReconcile } from './reconcile.js';
import { registerReport } from './report.js';
import { registerSandbox } from './sandbox.js';
import { registerSecrets } from './secrets.js';
import { registerServe } from './serve.js';
import { registerStatus } from './status.js';
import { registerSync } from './sync.js';
import { registerSummary } from './summary.js';
import { registerPayments } from './payments.js';
import { registerWorker } from './worker.js';
import { registerAlerts } from './alerts.js';
import { registerSettings, registerStores } from './settings.js';

/** Every command, each in its own file. */
export function registerCommands(program: Command): void {
  registerServe(program);
  registerWorker(program);
  registerSandbox(program);
  registerMigrate(program);
  registerStatus(program);
  registerAccounts(program);
  registerGoLive(program);
  registerSettings(program);
  registerStores(program);
  registerQueue(program);
  registerSync(program);
  registerLog(program);
  registerReport(program);
  registerReconcile(program);
  registerSummary(program);
  registerPayments(program);
  registerSecrets(program);
  registerAlerts(program);
  registerEmulate(program);
}
