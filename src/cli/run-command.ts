import { isNotConnected, isReconnectNeeded } from '../connections/xero-grant.js';
import { isMagentoError, isMagentoNetworkError, isMagentoUnauthorized, isMagentoUnreachable } from '../magento/errors.js';
import { isDailyLimitReached } from '../sync/rate-limiter.js';
import { isXeroError } from '../xero/errors.js';
import { isMagentoStoreConfigError } from '../domain/errors.js';
import { bootstrap, type Bootstrapped } from './bootstrap.js';
import { CliError, EXIT } from './exit-codes.js';

/**
 * Runs a one-shot command with a wired runtime, closes it afterwards, and turns the usual failures into one line that
 * says what to do, with an exit code scripts can test.
 */
export async function withRuntime<T>(
  fn: (b: Bootstrapped) => Promise<T>,
  options: Parameters<typeof bootstrap>[0] & { ready?: boolean } = { quiet: true },
): Promise<T> {
  const { ready, ...rest } = options;
  const b = await bootstrap({ quiet: true, ...rest });
  try {
    if (ready) await b.runtime.ensureReady();
    return await fn(b);
  } catch (error) {
    // A 401 is asked about further (other resources), so the line says whether the token or the access is wrong.
    throw explain(b.runtime.magento ? await b.runtime.magento.explainRefusal(error) : error);
  } finally {
    await b.runtime.close();
  }
}

export function explain(error: unknown): unknown {
  if (error instanceof CliError) return error;
  if (isNotConnected(error) || isReconnectNeeded(error)) return new CliError(error.message, EXIT.connection);
  if (isDailyLimitReached(error)) return new CliError(error.message, EXIT.dailyLimit);
  if (isMagentoStoreConfigError(error)) return new CliError(error.message, EXIT.config);
  if (isMagentoUnreachable(error) || isMagentoNetworkError(error)) {
    return new CliError(`Magento could not be reached (${error.message}): check MAGENTO_BASE_URL.`, EXIT.connection);
  }
  if (isMagentoUnauthorized(error)) return new CliError(error.message, EXIT.connection);
  if (isMagentoError(error)) return new CliError(`Magento: ${error.message}`, EXIT.connection);
  if (isXeroError(error)) return new CliError(`Xero: ${error.message}`, EXIT.connection);
  return error;
}

/** Resolves when the process is asked to stop (Ctrl-C, or a service manager's SIGTERM). */
export function untilStopped(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(signal);
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
}
