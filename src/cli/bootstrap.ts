import type { Config } from '../config/config.js';
import { loadConfig } from '../config/load.js';
import { createLogger, type Logger } from '../observability/logger.js';
import { crashPointsFromEnvironment, type CrashPoints } from '../runtime/crash-points.js';
import { Runtime, type RuntimeOptions } from '../runtime/runtime.js';
import { openStorage } from '../storage/storage.js';
import { CliError, EXIT } from './exit-codes.js';

export interface Bootstrapped {
  config: Config;
  logger: Logger;
  runtime: Runtime;
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
  const storage = await openStorage(config.databaseUrl).catch((error: unknown) => {
    throw new CliError(`Cannot open the database (${config.databaseUrl.split('@').pop()}): ${error instanceof Error ? error.message : String(error)}`, EXIT.config);
  });
  const { quiet: _q, config: _c, ...rest } = options;
  const runtime = new Runtime({ config, storage, logger, ...rest, crashPoints });
  return { config, logger, runtime };
}
