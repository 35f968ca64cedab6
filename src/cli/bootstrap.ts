import type { Config } from '../config/config.js';
import { resealSecrets, type ResealReport } from '../connections/reseal.js';
import { loadConfig } from '../config/load.js';
import { createLogger, type Logger } from '../observability/logger.js';
import { crashPointsFromEnvironment, type CrashPoints } from '../runtime/crash-points.js';
import { Runtime, type RuntimeOptions } from '../runtime/runtime.js';
import { isDatabaseConnectionError } from '../storage/connection-errors.js';
import { openStorage, startupDelay } from '../storage/storage.js';
import { CliError, EXIT } from './exit-codes.js';

export interface Bootstrapped {
  config: Config;
  logger: Logger;
  runtime: Runtime;
  /** What the start-up re-seal did (values sealed with SECRET_KEY_PREVIOUS are sealed again with SECRET_KEY). */
  resealed: ResealReport;
}

/**
 * Loads the configuration, opens (and migrates) the database and wires the runtime. Commands that print results keep the
 * service's own log lines quiet (warnings only, on stderr) so their output stays readable and parseable.
 */
export async function bootstrap(
  options: { quiet?: boolean; config?: Config } & Partial<Omit<RuntimeOptions, 'config' | 'storage' | 'logger'>> = {},
): Promise<Bootstrapped> {
  const config = options.config ?? loadConfig();
  const logger = createLogger({
    format: config.logFormat,
    level: options.quiet ? 'warn' : config.logLevel,
    ...(options.quiet ? { destination: process.stderr } : {}),
  });
  if (!config.secretKeys.current && !options.secretKey) {
    throw new CliError(
      'SECRET_KEY is not set: it encrypts the stored Xero and Magento credentials. Set it to 32+ random characters (e.g. `openssl rand -base64 32`), or try the sandbox with `npm start`.',
      EXIT.config,
    );
  }
  // Refused before anything is opened: a crash switch outside tests is a configuration error, never a running service.
  let crashPoints: CrashPoints;
  try {
    crashPoints = options.crashPoints ?? crashPointsFromEnvironment(process.env);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error), EXIT.config);
  }
  const where = config.databaseUrl.split('@').pop();
  let lastProblem = '';
  const storage = await openStorage(config.databaseUrl, {
    retryForMs: config.databaseRetryMs,
    // Said once, then again only when the problem changes: a restart takes a while and is not news every second.
    onRetry: (error, attempt, delayMs) => {
      const problem = error instanceof Error ? error.message : String(error);
      if (problem === lastProblem) return;
      lastProblem = problem;
      logger.warn(
        { attempt, retryInMs: delayMs },
        `database ${where} not reachable yet (${problem}); retrying for up to ${config.databaseRetryMs / 1000} s (DATABASE_RETRY_SECONDS)`,
      );
    },
  }).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    if (isDatabaseConnectionError(error)) {
      throw new CliError(
        `Cannot reach the database (${where}) after ${config.databaseRetryMs / 1000} s: ${message}. Check DATABASE_URL and that the server is up; DATABASE_RETRY_SECONDS sets how long to wait.`,
        EXIT.connection,
      );
    }
    throw new CliError(`Cannot open the database (${where}): ${message}`, EXIT.config);
  });
  const { quiet: _q, config: _c, ...rest } = options;
  const runtime = new Runtime({ config, storage, logger, ...rest, crashPoints });
  let resealed: ResealReport;
  // The database may drop the connection again just after the migrations (a restart in progress): the first reads of
  // start-up are retried within the same DATABASE_RETRY_SECONDS, not turned into an exit (test/resilience/database-restart).
  const deadline = Date.now() + config.databaseRetryMs;
  for (let attempt = 1; ; attempt++) {
    try {
      resealed = await resealSecrets(storage, runtime.box);
      break;
    } catch (error) {
      if (isDatabaseConnectionError(error) && Date.now() < deadline) {
        const delay = startupDelay(attempt);
        logger.warn({ attempt, retryInMs: delay }, `database ${where} dropped the connection while starting (${error instanceof Error ? error.message : String(error)}); retrying`);
        await new Promise((r) => setTimeout(r, delay));
        continue;
      }
      await runtime.close();
      if (isDatabaseConnectionError(error)) {
        throw new CliError(`Cannot reach the database (${where}) after ${config.databaseRetryMs / 1000} s: ${error instanceof Error ? error.message : String(error)}. Check DATABASE_URL and that the server is up; DATABASE_RETRY_SECONDS sets how long to wait.`, EXIT.connection);
      }
      throw error;
    }
  }
  if (resealed.resealed.length > 0) {
    logger.info({ connections: resealed.resealed }, 'stored credentials sealed again with the current SECRET_KEY');
  }
  for (const u of resealed.unreadable) logger.warn({ connection: u.id }, `stored credentials cannot be opened: ${u.problem}`);
  return { config, logger, runtime, resealed };
}
