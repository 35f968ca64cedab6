import { pino, type Logger, type LoggerOptions } from 'pino';

/**
 * Paths that may hold a secret anywhere in a log line. Redaction is configuration, not hope: a test writes each of these
 * and checks the output.
 */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  'secret',
  '*.secret',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'access_token',
  '*.access_token',
  'refreshToken',
  '*.refreshToken',
  'refresh_token',
  '*.refresh_token',
  'clientSecret',
  '*.clientSecret',
  'client_secret',
  '*.client_secret',
  'consumerSecret',
  '*.consumerSecret',
  'accessTokenSecret',
  '*.accessTokenSecret',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'cookie',
  '*.cookie',
];

export type { Logger };

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream; base?: Record<string, unknown> } = {}): Logger {
  const config: LoggerOptions = {
    level: options.level ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: options.base ?? { service: 'magento-xero' },
  };
  return options.destination ? pino(config, options.destination as pino.DestinationStream) : pino(config);
}
